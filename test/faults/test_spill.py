"""A full export queue spills to the local store, within a disk budget (issue 15, "What the docs
promise must be true"; export_pipeline.h, docs/local-store.md).

The server hangs: the fault proxy (fault_proxy.py) accepts every request and never answers, so
the export thread waits on its first batch until the flush deadline at exit
(MLFLOW_CPP_FLUSH_TIMEOUT_MS = 6 s; FLUSH_MS says why not less) and the queue fills at once.
fault_program makes its traces back to back, then prints mlflow::tracing::stats(). So at most
two queue-fulls go through the queue (the first batch and the queue behind it); the rest find it
full. Each test ends with test_faults.py's checks (deliver_and_check: no traced call over 400 ms,
exit within 6 + 2 s of main returning; then the proxy passes, `mlflow-cpp push` delivers every
trace kept, each trace's spans and its StartTraceV3 answered 200 exactly once, a second push
sends nothing, and MLflow's Python client reads back each trace once, with its 2 spans, client
request id and token usage counted once).

  test_queue_full_spills        MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE = 2, 200 traces:
                                stats completed 200, dropped 0, spans left out 0, spilled > 0
                                and at most 2 x 2 not spilled (196 here); undelivered.jsonl
                                holds all 200 (none delivered live), exactly `spilled` of them
                                with the reason "the export queue was full (the server was slow
                                or down)"; no drop message on stderr; push delivers all 200.
  test_spill_budget_zero_drops  the same with MLFLOW_CPP_SPILL_MAX_BYTES = 0: stats spilled 0,
                                dropped > 0 and at most 2 x 2 not dropped; completed 200 = kept
                                (undelivered.jsonl; none delivered live) + dropped, exactly;
                                stderr says "traces are being dropped" exactly once, naming
                                MLFLOW_CPP_SPILL_MAX_BYTES; push delivers the kept ones, and the
                                server has those and no other.
  test_memory_budget_spills     MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES = 64 KiB, 40 traces of about
                                8 KiB each (the count limit, 1000, never reached): stats
                                completed 40, dropped 0, spilled > 0 and at most 2 x 8 not
                                spilled (34 spilled here); all 40 kept, exactly `spilled` of
                                them for the full queue; push delivers all 40.
"""

import json

from fault_proxy import Hang
from test_faults import INFO, accepted, deliver_and_check, make_run  # noqa: F401 (a fixture)

# The exporter stops waiting on the network a quarter of the flush timeout before it ends, and
# keeps what it has not delivered in that quarter. While libcurl waits for an answer it looks at
# the deadline about once a second only (its progress callback), so the quarter must be longer
# than that: 1.5 s. (With 3 s, the batch the exporter holds is still waiting at the end of the
# flush, and lost: export_pipeline.cpp flush(), net/http_client.cpp check_deadline.)
FLUSH_MS = 6000
SPILLED_REASON = "the export queue was full (the server was slow or down)"
DROPPED = "traces are being dropped"


def hanging_run(proxy, make_run, start_program, count, padding=0, **settings):
    """`count` traces against a server that never answers; the program's stats after them."""
    proxy.default = Hang()
    run = make_run(flush_ms=FLUSH_MS, **settings)
    program = start_program(run.env)
    program.traces(count, padding)
    stats = program.stats()
    program.exit()
    print(f"stats {stats}")
    assert stats["completed"] == count and stats["spans_left_out"] == 0, stats
    assert accepted(proxy, INFO) == {}, "a trace was delivered although the server never answers"
    return run, program, stats


def reasons(run):
    """The reason each trace in undelivered.jsonl was kept, by trace id."""
    lines = (run.store / "undelivered.jsonl").read_text().splitlines()
    return {t["info"]["trace_id"]: t["mlflow_cpp_delivery"]["reason"]
            for t in map(json.loads, lines)}


def check_queued_at_most(stats, most):
    """The traces that went through the queue (not spilled, not dropped): the exporter's first
    batch, which waits on the server until the deadline, and one queue-full more."""
    queued = stats["completed"] - stats["spilled"] - stats["dropped"]
    assert 0 < queued <= most, f"{queued} traces went through the queue, at most {most} fit"


def check_spilled(run, program, stats, queued_at_most):
    """Every trace kept, exactly `spilled` of them by the threads that found the queue full."""
    assert stats["spilled"] > 0 and stats["dropped"] == 0, stats
    check_queued_at_most(stats, queued_at_most)
    kept = reasons(run)
    assert sorted(kept) == sorted(program.ids)
    spilled = [i for i, reason in kept.items() if reason == SPILLED_REASON]
    print(f"{len(spilled)} spilled, {len(kept) - len(spilled)} kept by the exporter at the deadline")
    assert len(spilled) == stats["spilled"], (len(spilled), stats)
    assert DROPPED not in program.stderr()
    deliver_and_check(program, run, kept=program.ids)


def test_queue_full_spills(proxy, make_run, start_program):
    run, program, stats = hanging_run(proxy, make_run, start_program, 200,
                                      MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE=2)
    check_spilled(run, program, stats, queued_at_most=2 * 2)


def test_spill_budget_zero_drops(proxy, make_run, start_program):
    run, program, stats = hanging_run(proxy, make_run, start_program, 200,
                                      MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE=2,
                                      MLFLOW_CPP_SPILL_MAX_BYTES=0)
    assert stats["spilled"] == 0 and stats["dropped"] > 0, stats
    check_queued_at_most(stats, 2 * 2)
    kept = reasons(run)
    assert SPILLED_REASON not in kept.values()
    assert stats["completed"] == len(kept) + stats["dropped"], (len(kept), stats)
    said = [line for line in program.stderr().splitlines() if DROPPED in line]
    assert len(said) == 1, f"the drop was said {len(said)} times:\n{program.stderr()}"
    assert "MLFLOW_CPP_SPILL_MAX_BYTES" in said[0], said[0]
    deliver_and_check(program, run, kept=list(kept), expected=list(kept))


def test_memory_budget_spills(proxy, make_run, start_program):
    run, program, stats = hanging_run(proxy, make_run, start_program, 40, padding=8000,
                                      MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES=64 * 1024)
    check_spilled(run, program, stats, queued_at_most=2 * (64 * 1024 // 8000))
