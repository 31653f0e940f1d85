"""`mlflow-cpp push` killed at each point of a delivery, then run again: the real MLflow server
gets every trace once, its spans in one OTLP request, its trace info in one StartTraceV3, and its
token usage counted once.

The store holds TRACES traces the runtime kept (the manual_agent example, its server refused;
each has SPANS spans and a chat span with mlflow.chat.tokenUsage 24/7/31). The push's test seam
(MLFLOW_CPP_TEST_PUSH_CRASH_AFTER, trace_push.h) _exit()s it at one point:

  spans-intent  after the journal's intent line, before the OTLP request
  spans         after the server's 200 for the spans, before the journal's "spans" line
  info-intent   after the intent line of the first trace's StartTraceV3, before sending it
  info          after the server's 200 for the first StartTraceV3, before the journal's "done"

The next push must finish the job sending nothing the server already has. The server's access
log counts the requests over both pushes: POST /v1/traces exactly once (all TRACES traces fit in
one request), POST /api/3.0/mlflow/traces exactly TRACES times. A third push sends nothing.
Without the intent lines and the questions to the server, "spans" would count 2 OTLP requests
and "info" TRACES + 1 StartTraceV3.
"""

import json

import pytest

from push_helpers import fresh_trace, traces_on_server, unique_name

CRASH_EXIT = 86  # kPushCrashExitCode
TRACES = 3
SPANS = 8  # manual_agent's tree
TOKEN_USAGE = {"input_tokens": 24, "output_tokens": 7, "total_tokens": 31}
OTLP = "POST /v1/traces"
START_TRACE = "POST /api/3.0/mlflow/traces"


@pytest.mark.parametrize("point", ["spans-intent", "spans", "info-intent", "info"])
def test_a_push_killed_at_each_point_then_run_again_sends_everything_once(
        point, agent_store, new_store, cli, mlflow_server, server_log):
    lines, _ = agent_store
    experiment = unique_name(f"crash-{point}")
    fresh = [fresh_trace(line, experiment) for line in lines]
    ids = sorted(trace_id for _, trace_id in fresh)
    store = new_store("".join(line + "\n" for line, _ in fresh))
    log = server_log()
    push = ["push", store, "--tracking-uri", mlflow_server.url]

    crashed = cli(*push, env={"MLFLOW_CPP_TEST_PUSH_CRASH_AFTER": point})
    assert crashed.returncode == CRASH_EXIT, (
        f"the push did not stop at {point}: exit {crashed.returncode}\n{crashed.stdout}\n"
        f"{crashed.stderr}")

    again = cli(*push)
    assert again.returncode == 0, f"{again.stdout}\n{again.stderr}\n{mlflow_server.log()}"
    assert again.stdout.splitlines()[-1] == f"delivered {TRACES}, already delivered 0, not delivered 0", (
        again.stdout)
    print(f"crash after {point}; the next push said:\n{again.stdout}")

    assert log.requests(OTLP) == 1, (
        f"{log.requests(OTLP)} OTLP requests over the two pushes, expected 1\n{again.stdout}")
    assert log.requests(START_TRACE) == TRACES, (
        f"{log.requests(START_TRACE)} StartTraceV3 requests over the two pushes, expected "
        f"{TRACES}\n{again.stdout}")

    # MLflow's own client: each trace once, all its spans once, token usage counted once.
    on_server = traces_on_server(mlflow_server.url, experiment)
    assert sorted(on_server) == ids
    for trace in on_server.values():
        span_ids = [span.span_id for span in trace.data.spans]
        assert len(span_ids) == SPANS and len(set(span_ids)) == SPANS, span_ids
        assert trace.info.token_usage == TOKEN_USAGE, trace.info.token_usage
        assert trace.info.state.value == "OK"
        chat = [span for span in trace.data.spans if span.name == "chat"]
        assert [span.get_attribute("mlflow.chat.tokenUsage") for span in chat] == [TOKEN_USAGE]

    # A third push: everything is done; nothing is sent.
    third_log = server_log()
    third = cli(*push)
    assert third.returncode == 0, third.stderr
    assert third.stdout.splitlines()[-1] == (
        f"delivered 0, already delivered {TRACES}, not delivered 0")
    assert third_log.requests(OTLP) == 0 and third_log.requests(START_TRACE) == 0


def test_the_journal_brackets_each_request(agent_store, new_store, cli, mlflow_server):
    """The journal of one uninterrupted push: for each trace an intent before each request and a
    completion after it, in that order."""
    lines, _ = agent_store
    line, trace_id = fresh_trace(lines[0], unique_name("journal"))
    store = new_store(line + "\n")
    result = cli("push", store, "--tracking-uri", mlflow_server.url)
    assert result.returncode == 0, result.stderr
    journal = [json.loads(entry) for entry in (store / "push-journal.log").read_text().splitlines()]
    assert [(entry["trace_id"], entry["step"]) for entry in journal] == [
        (trace_id, "spans-sending"), (trace_id, "spans"), (trace_id, "info-sending"),
        (trace_id, "done")]
    assert {entry["server"] for entry in journal} == {mlflow_server.url}
