"""Faults between a traced program and its MLflow tracking server (issue 15, "Faults").

A real MLflow server (the venv's pinned mlflow, SQLite) sits behind FaultProxy (fault_proxy.py),
a threaded HTTP/1.1 proxy on loopback written for these tests: it forwards to the server, or,
following a script per path, answers 500/503/429 (with Retry-After), closes the connection after
the request's headers or half its body, accepts and never answers, answers garbage, answers
slowly, forwards and then drops the answer, or stops listening altogether (down/up). It records
every request: method, path, body (and its SHA-256), what it did, the status the client got, and
when. fault_program (fault_program.cpp, the manual API, no plugin) records traces on command:
"handle_request [CHAIN]" > "generate [LLM]" with token usage {input 100+i, output 10+i, total
110+2i} for its i-th trace, and measures each traced call itself.

Every test ends with the same checks (deliver_and_check):
  * the program exited 0, no traced call took more than CALL_BOUND_MS = 400 ms (the calls take
    well under 1 ms; a wait on the network the tests provoke, 500 ms or more), and the process
    ended at most MLFLOW_CPP_FLUSH_TIMEOUT_MS + EXIT_MARGIN_S (2 s) after main returned;
  * undelivered.jsonl (MLFLOW_CPP_TRACE_DIR) holds exactly the traces the test expects kept;
    `mlflow-cpp push`, through the proxy, delivers them, and a second push sends no span or
    trace info again;
  * the proxy saw, for every trace of the program, exactly one POST /v1/traces answered 200 that
    carried its spans (the OTLP bodies are decoded with opentelemetry-proto) and exactly one
    StartTraceV3 answered 200; no request body answered 200 is ever sent again; after a 429 with
    Retry-After: N the program does not ask the same path again before N seconds;
  * the server (read back with mlflow.search_traces) has every trace of the program, once, with
    its 2 spans, its client request id and its token usage counted once. (MLflow 3.17 itself
    recomputes a trace's usage over its stored spans on a resend, and StartTraceV3 written after
    the spans is authoritative: the proxy's count of 200s per trace is the check that catches a
    resend.)

Exact attempt counts are the retry policy's (runtime/src/net/retrying_sender.h: retried on no
answer, 429 and 5xx other than 501, Retry-After honoured). Where a fault drops a connection
before its answer, the test has the proxy close every connection after one request: on a
connection kept alive, libcurl itself sends the request again at once on a new connection,
below the policy (fault_proxy.py; test_kept_alive_connection_dropped).

The tests, one fault each:
  test_down_at_start_then_up     nothing listens while 3 traces are made (retry budget
                                 MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS = 500): the 3 are kept; the
                                 proxy comes up, 1.5 s later (the exporter's 1 s probe interval)
                                 3 more traces are delivered live; push delivers the first 3.
  test_down_mid_run_and_back     3 traces delivered live, down: 3 kept, up: 3 delivered live.
  test_slow_server               every request waits 2 s; flush timeout 3 s: the program still
                                 exits within 3 + 2 s, at least one request is abandoned at the
                                 deadline, what was not delivered is kept and pushed.
  test_retry_sequence[...]       one trace, scripted answers, EXACT attempt counts per path:
      5xx                        /v1/traces 500, 503, 502, 504, then 200: 5 attempts, all with the
                                 same body; StartTraceV3 1 attempt
      429                        /v1/traces 429 (Retry-After: 2): 2 attempts >= 2 s apart;
                                 StartTraceV3 429 (Retry-After: 1), 503: 3 attempts, the first
                                 gap >= 1 s
      501                        StartTraceV3 501: 1 attempt (not retried); the trace is kept with
                                 its spans marked delivered, and push sends only its trace info
      400                        /v1/traces 400: 1 attempt, no StartTraceV3; kept, pushed whole
  test_retry_after_beyond_the_flush_deadline
                                 /v1/traces 429 with Retry-After: 20 (within the 30 s retry
                                 budget), flush timeout 3 s: 1 attempt, the wait is cut at the
                                 flush deadline, the program exits within 3 + 2 s, the trace is
                                 kept and pushed
  test_connection_closed_mid_request
                                 a new connection per request: /v1/traces closed after the
                                 headers, then after half the body: 3 attempts (the half body a
                                 prefix of the whole); StartTraceV3 closed after half its body: 2
  test_kept_alive_connection_dropped
                                 /v1/traces, on the connection kept alive from the experiment
                                 lookup, closed after the headers: sent again once, on a new
                                 connection (by libcurl at once, or by the policy: 2 requests
                                 either way), delivered once
  test_accepted_never_answered   MLFLOW_HTTP_REQUEST_TIMEOUT = 1 s: /v1/traces never answered
                                 twice: 3 attempts, each >= 0.9 s after the one before;
                                 StartTraceV3 never answered once: 2 attempts
  test_garbage_answers           /v1/traces answered with bytes that are not HTTP twice: 3
                                 attempts; StartTraceV3 once: 2 attempts (this found a bug: such
                                 an answer was taken for a permanent failure, libcurl's
                                 "unsupported protocol", and the batch kept without a retry)
  test_answer_lost_is_not_counted_twice
                                 the server takes /v1/traces and StartTraceV3 but the proxy drops
                                 its answers (a new connection per request): each is sent exactly
                                 twice (the same body), the server acted on both, and the trace's
                                 token usage is still 100/10/110
  test_no_batch_that_got_200_is_sent_again
                                 4 traces in one batch; their spans get 200, every StartTraceV3
                                 503: the first trace's is retried until the retry budget (1 s)
                                 runs out, the other 3 are not tried (this found a bug: each
                                 trace of a batch, up to 100, spent the whole budget again); all
                                 4 kept with their spans marked delivered; push sends 4
                                 StartTraceV3 and not one /v1/traces.

test_spill.py, with the same fixtures and checks: a server that never answers fills the export
queue, which spills to the local store (MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE,
MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES) or, past MLFLOW_CPP_SPILL_MAX_BYTES, drops; its docstring has
the figures.
"""

import collections
import json
import time
import uuid

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

import readback
from fault_proxy import (AnswerLost, CloseAfterHeaders, CloseMidBody, Garbage, Hang, Pass, Slow,
                         Status)
from programs import program_env
from test_server_down_push import push, undelivered_ids

SPANS = "/v1/traces"               # OTLP: the spans of up to 100 traces per request
INFO = "/api/3.0/mlflow/traces"    # StartTraceV3: one trace's info
# Below the shortest network wait any test provokes (the 500 ms retry budget of the down tests;
# 1 s and more elsewhere), far above what a traced call costs (well under 1 ms; the first,
# which starts the runtime, about 10 ms).
CALL_BOUND_MS = 400.0
EXIT_MARGIN_S = 2.0
PROBE_S = 1.5  # the exporter asks a server that failed again after 1 s (mlflow_server_exporter.h)


def expected_usage(i):
    return {"input_tokens": 100 + i, "output_tokens": 10 + i, "total_tokens": 110 + 2 * i}


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.05)


class Run:
    """One program run: its environment (through the proxy, its own experiment and store)."""

    def __init__(self, proxy, server, cli, tmp_path, flush_ms=10000, retry_ms=30000, **extra):
        self.proxy, self.server, self.cli = proxy, server, cli
        self.store = tmp_path / "store"
        self.experiment = f"faults-{uuid.uuid4().hex[:8]}"
        self.flush_s = flush_ms / 1000
        self.env = program_env(proxy.url, self.store, experiment_name=self.experiment,
                               MLFLOW_CPP_FLUSH_TIMEOUT_MS=flush_ms,
                               MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS=retry_ms, **extra)


# --- what the proxy saw ---------------------------------------------------------------------------

def trace_ids_in(record):
    """The trace ids ("tr-<hex>") a request carried: the spans' of an OTLP request, the trace
    info's of a StartTraceV3."""
    if record.path == SPANS:
        request = ExportTraceServiceRequest.FromString(record.body)
        return {"tr-" + span.trace_id.hex() for rs in request.resource_spans
                for ss in rs.scope_spans for span in ss.spans}
    return {json.loads(record.body)["trace"]["trace_info"]["trace_id"]}


def accepted(proxy, path):
    """How many requests to `path` answered 200 carried each trace id."""
    counts = collections.Counter()
    for record in proxy.requests(path, "POST"):
        if record.answered == 200:
            counts.update(trace_ids_in(record))
    return counts


def attempts(proxy, path):
    return proxy.requests(path, "POST")


def check_no_resend_after_200(proxy):
    answered = {}
    for record in proxy.requests():
        key = (record.method, record.path, record.sha256)
        assert record.sha256 is None or key not in answered, (
            f"{record.method} {record.path} (body {record.sha256[:12]}) was sent again after it "
            f"got 200")
        if record.answered == 200 and record.method == "POST":
            answered[key] = record


def check_retry_after_honoured(proxy):
    """After a 429 with Retry-After: N, the same path is not asked again within N s."""
    records = proxy.requests()
    for n, record in enumerate(records):
        if record.answered == 429 and record.behaviour.retry_after:
            later = [r for r in records[n + 1:] if r.path == record.path]
            if not later:
                continue
            gap = later[0].at - record.at
            print(f"{record.path}: asked again {gap:.3f} s after 429 with Retry-After: "
                  f"{record.behaviour.retry_after}")
            assert gap >= record.behaviour.retry_after, (
                f"{record.path} asked again {gap:.3f} s after a 429 with Retry-After: "
                f"{record.behaviour.retry_after}")


# --- the checks every test ends with --------------------------------------------------------------

def check_program(program, run):
    assert program.returncode == 0, f"exit code {program.returncode}:\n{program.stderr()}"
    longest = max(program.call_ms)
    print(f"{len(program.ids)} traces; longest traced call {longest:.3f} ms; "
          f"exit {program.exit_s:.3f} s after main returned (flush timeout {run.flush_s} s)")
    assert longest <= CALL_BOUND_MS, (
        f"a traced call took {longest:.1f} ms (bound {CALL_BOUND_MS} ms): the program waited on "
        f"the network\n{program.stderr()}")
    assert program.exit_s <= run.flush_s + EXIT_MARGIN_S, (
        f"the process ended {program.exit_s:.2f} s after main returned; "
        f"MLFLOW_CPP_FLUSH_TIMEOUT_MS is {run.flush_s * 1000:.0f}\n{program.stderr()}")


def deliver_and_check(program, run, kept, expected=None):
    """The checks of the module docstring. `kept`: the trace ids undelivered.jsonl must hold
    (None: any, but not every trace may be both kept and delivered live). `expected`: the trace
    ids that must reach the server (default: every trace of the program; fewer when the test
    has traces dropped)."""
    proxy, server = run.proxy, run.server
    ids = program.ids if expected is None else expected
    check_program(program, run)
    stored = undelivered_ids(run.store)
    assert len(stored) == len(set(stored)), f"a trace kept twice: {stored}"
    if kept is not None:
        assert sorted(stored) == sorted(kept), (
            f"undelivered.jsonl holds {stored}, expected {sorted(kept)}\n{program.stderr()}")
    assert set(stored) <= set(ids)
    live_info = accepted(proxy, INFO)
    assert not set(stored) & set(live_info), "a trace kept although its trace info got 200"
    check_retry_after_honoured(proxy)  # by the program (push, later, cannot know of it)

    proxy.default = Pass()
    if stored:
        first = push(run.cli, proxy.url, run.store)
        assert first.returncode == 0, f"push failed:\n{first.stdout}\n{first.stderr}"
        before = len(proxy.requests())
        second = push(run.cli, proxy.url, run.store)
        assert second.returncode == 0, f"second push failed:\n{second.stdout}\n{second.stderr}"
        resent = [r for r in proxy.requests()[before:] if r.path in (SPANS, INFO)]
        assert resent == [], f"the second push sent {[(r.method, r.path) for r in resent]}"

    spans, infos = accepted(proxy, SPANS), accepted(proxy, INFO)
    for trace_id in ids:
        assert spans[trace_id] == 1, f"{trace_id}: its spans got 200 {spans[trace_id]} times"
        assert infos[trace_id] == 1, f"{trace_id}: StartTraceV3 got 200 {infos[trace_id]} times"
    assert set(spans) == set(infos) == set(ids)
    check_no_resend_after_200(proxy)

    exp_id = readback.experiment_id(server.url, run.experiment)
    traces = readback.search_traces(server.url, exp_id)
    assert sorted(t.info.trace_id for t in traces) == sorted(ids), (
        f"the server has {sorted(t.info.trace_id for t in traces)}, the program made {sorted(ids)}")
    for trace in traces:
        i = program.ids.index(trace.info.trace_id)
        assert trace.info.client_request_id == f"{program.prefix}-{i}"
        assert sorted(s.name for s in trace.data.spans) == ["generate", "handle_request"]
        assert trace.info.token_usage == expected_usage(i), (
            f"{trace.info.trace_id}: token usage {trace.info.token_usage}, sent once as "
            f"{expected_usage(i)}")
    return stored


@pytest.fixture
def make_run(proxy, mlflow_server, cli, tmp_path):
    return lambda **settings: Run(proxy, mlflow_server, cli, tmp_path, **settings)


def one_trace(start_program, run):
    program = start_program(run.env)
    program.traces(1)
    return program.exit()


# --- the tests ------------------------------------------------------------------------------------

def test_down_at_start_then_up(proxy, make_run, start_program):
    run = make_run(flush_ms=5000, retry_ms=500)
    proxy.down()
    program = start_program(run.env)
    first = program.traces(3)
    wait_until(lambda: sorted(undelivered_ids(run.store)) == sorted(first), 15,
               "the traces made while nothing listens are kept in undelivered.jsonl")
    assert proxy.requests() == []
    proxy.up()
    time.sleep(PROBE_S)
    program.traces(3)
    program.exit()
    deliver_and_check(program, run, kept=first)


def test_down_mid_run_and_back(proxy, make_run, start_program):
    run = make_run(flush_ms=5000, retry_ms=500)
    program = start_program(run.env)
    before = program.traces(3)
    wait_until(lambda: set(accepted(proxy, INFO)) == set(before), 15,
               "the first traces are delivered while the server is up")
    proxy.down()
    during = program.traces(3)
    wait_until(lambda: sorted(undelivered_ids(run.store)) == sorted(during), 15,
               "the traces made while the server is down are kept")
    proxy.up()
    time.sleep(PROBE_S)
    after = program.traces(3)
    wait_until(lambda: set(accepted(proxy, INFO)) == set(before + after), 15,
               "the traces made after the server came back are delivered live")
    program.exit()
    deliver_and_check(program, run, kept=during)


def test_slow_server(proxy, make_run, start_program):
    run = make_run(flush_ms=3000)
    proxy.default = Slow(2.0)
    program = start_program(run.env)
    program.traces(3)
    time.sleep(0.5)
    program.traces(3)
    program.exit()
    abandoned = [r for r in proxy.requests() if r.answered is None]
    assert abandoned, "no request was abandoned at the flush deadline"
    stored = deliver_and_check(program, run, kept=None)
    assert stored, "nothing was kept although the server answered too slowly for the deadline"


SEQUENCES = {
    # name: (scripts, attempts per path, kept: None, "spans delivered" or "whole")
    "5xx": ({SPANS: [Status(500), Status(503), Status(502), Status(504)]},
            {SPANS: 5, INFO: 1}, None),
    "429": ({SPANS: [Status(429, retry_after=2)], INFO: [Status(429, retry_after=1), Status(503)]},
            {SPANS: 2, INFO: 3}, None),
    "501": ({INFO: [Status(501)]}, {SPANS: 1, INFO: 1}, "spans delivered"),
    "400": ({SPANS: [Status(400)]}, {SPANS: 1, INFO: 0}, "whole"),
}


@pytest.mark.parametrize("name", SEQUENCES)
def test_retry_sequence(name, proxy, make_run, start_program):
    scripts, expected, kept = SEQUENCES[name]
    for path, behaviours in scripts.items():
        proxy.script(path, behaviours)
    run = make_run()
    program = one_trace(start_program, run)
    seen = {path: len(attempts(proxy, path)) for path in expected}
    assert seen == expected, f"attempts per path {seen}, the policy gives {expected}"
    bodies = {r.sha256 for r in attempts(proxy, SPANS)}
    assert len(bodies) == 1, "the batch was not resent unchanged"
    stored = undelivered_ids(run.store)
    assert stored == ([] if kept is None else program.ids)
    if kept:
        line = json.loads((run.store / "undelivered.jsonl").read_text().splitlines()[0])
        assert line["mlflow_cpp_delivery"]["spans_delivered"] == (kept == "spans delivered")
    spans_sent = len(attempts(proxy, SPANS))
    deliver_and_check(program, run, kept=program.ids if kept else [])
    if kept == "spans delivered":
        assert len(attempts(proxy, SPANS)) == spans_sent, "push sent spans that got 200 again"


def test_retry_after_beyond_the_flush_deadline(proxy, make_run, start_program):
    proxy.script(SPANS, [Status(429, retry_after=20)])  # within the 30 s retry budget
    run = make_run(flush_ms=3000)
    program = one_trace(start_program, run)
    assert len(attempts(proxy, SPANS)) == 1 and attempts(proxy, INFO) == []
    deliver_and_check(program, run, kept=program.ids)  # exit within 3 s + 2 s


def test_connection_closed_mid_request(proxy, make_run, start_program):
    proxy.keep_alive = False  # the policy's attempts alone (fault_proxy.py: libcurl's resend)
    proxy.script(SPANS, [CloseAfterHeaders(), CloseMidBody()])
    proxy.script(INFO, [CloseMidBody()])
    run = make_run()
    program = one_trace(start_program, run)
    spans = attempts(proxy, SPANS)
    assert [type(r.behaviour) for r in spans] == [CloseAfterHeaders, CloseMidBody, Pass]
    assert len(attempts(proxy, INFO)) == 2
    whole = spans[-1].body
    assert spans[1].body and whole.startswith(spans[1].body) and len(spans[1].body) < len(whole)
    deliver_and_check(program, run, kept=[])


def test_kept_alive_connection_dropped(proxy, make_run, start_program):
    proxy.script(SPANS, [CloseAfterHeaders()])
    run = make_run()
    program = one_trace(start_program, run)
    spans = attempts(proxy, SPANS)
    assert spans[0].reused, "the spans did not go on the connection the experiment lookup opened"
    assert [(type(r.behaviour), r.reused) for r in spans] == [(CloseAfterHeaders, True),
                                                              (Pass, False)]
    print(f"/v1/traces sent again {spans[1].at - spans[0].at:.3f} s later, on a new connection")
    deliver_and_check(program, run, kept=[])


def test_accepted_never_answered(proxy, make_run, start_program):
    proxy.script(SPANS, [Hang(), Hang()])
    proxy.script(INFO, [Hang()])
    run = make_run(MLFLOW_HTTP_REQUEST_TIMEOUT=1)
    program = one_trace(start_program, run)
    spans = attempts(proxy, SPANS)
    assert len(spans) == 3 and len(attempts(proxy, INFO)) == 2
    gaps = [b.at - a.at for a, b in zip(spans, spans[1:])]
    print(f"/v1/traces asked again after {', '.join(f'{g:.3f}' for g in gaps)} s")
    # The request timeout runs from libcurl's start, a little before the proxy reads the request.
    assert all(g >= 0.9 for g in gaps), gaps
    deliver_and_check(program, run, kept=[])


def test_garbage_answers(proxy, make_run, start_program):
    proxy.script(SPANS, [Garbage(), Garbage()])
    proxy.script(INFO, [Garbage()])
    run = make_run()
    program = one_trace(start_program, run)
    seen = {SPANS: len(attempts(proxy, SPANS)), INFO: len(attempts(proxy, INFO))}
    assert seen == {SPANS: 3, INFO: 2}, f"{seen}\n{program.stderr()}"
    deliver_and_check(program, run, kept=[])


def test_answer_lost_is_not_counted_twice(proxy, make_run, start_program):
    proxy.keep_alive = False
    proxy.script(SPANS, [AnswerLost()])
    proxy.script(INFO, [AnswerLost()])
    run = make_run()
    program = one_trace(start_program, run)
    for path in (SPANS, INFO):
        sent = attempts(proxy, path)
        assert [(r.upstream, r.answered) for r in sent] == [(200, None), (200, 200)], path
        assert sent[0].sha256 == sent[1].sha256
    deliver_and_check(program, run, kept=[])  # token usage 100/10/110, not twice that


def test_no_batch_that_got_200_is_sent_again(proxy, make_run, start_program):
    proxy.script(INFO, [], then=Status(503))
    run = make_run(retry_ms=1000)
    program = start_program(run.env)
    program.traces(4)
    program.exit()
    assert len(attempts(proxy, SPANS)) == 1
    # Only the first trace's StartTraceV3 spent the retry budget; the other 3 were kept at once.
    asked = {trace_id for r in attempts(proxy, INFO) for trace_id in trace_ids_in(r)}
    assert asked == {program.ids[0]}, f"StartTraceV3 tried for {asked}"
    stored = [json.loads(line) for line in (run.store / "undelivered.jsonl").read_text().splitlines()]
    assert all(t["mlflow_cpp_delivery"]["spans_delivered"] for t in stored)
    proxy.script(INFO, [], then=Pass())
    deliver_and_check(program, run, kept=program.ids)
    assert len(attempts(proxy, SPANS)) == 1, "push sent spans that had got 200"

