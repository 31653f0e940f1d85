"""The server is down while the program runs; `mlflow-cpp push` delivers the traces later.

The program writes N traces to a MLFLOW_TRACKING_URI where no server answers, with a small
MLFLOW_CPP_FLUSH_TIMEOUT_MS: it must exit by the flush deadline (plus a margin for process start
and a busy machine) with its own exit code, and leave the traces in the local trace store
(MLFLOW_CPP_TRACE_DIR). A push while the server is still down must not claim success. Then a
server starts on that very port, `mlflow-cpp push <dir>` delivers every trace exactly once into
the experiment recorded with it, and a second push adds nothing.

"Down" is two things: a port where nothing listens (connection refused at once), and a port
that accepts connections but never answers (only the deadline ends the wait). A refused
connection is not a slow network: the program runs with the default MLFLOW_CPP_FLUSH_TIMEOUT_MS
(10 s) and must still exit within REFUSED_BOUND_S (it used to wait about 8 s, the flush deadline
less the time kept for the local store), with its traces in undelivered.jsonl at once; also when
an OpenTelemetry collector it dual-exports to refuses as well.
"""

import json
import socket
import subprocess
import time
import uuid

import pytest

import agent_expectations as X
import readback
from programs import program_env
from mlflow_servers import free_port, nothing_listens

N = 5
FLUSH_TIMEOUT_MS = 2000  # the unresponsive server: only this deadline ends the wait
MARGIN_S = 5.0
REFUSED_BOUND_S = 3.0  # the refused server, with the default 10 s flush timeout (was ~8 s)
EXIT_CODE = 3  # the program's own exit code, which the failed export must not change


def spooled_files(trace_dir):
    if not trace_dir.exists():
        return []
    return [p for p in trace_dir.rglob("*") if p.is_file() and p.stat().st_size > 0]


def push(cli, url, trace_dir, timeout=180):
    # Only the server: the experiment is the one recorded with each trace.
    env = program_env(url, trace_dir)
    del env["MLFLOW_CPP_TRACE_DIR"]
    return subprocess.run([cli, "push", str(trace_dir)], env=env, capture_output=True, text=True,
                          timeout=timeout)


def undelivered_ids(trace_dir):
    """Trace ids in the local store's undelivered.jsonl, in file order."""
    path = trace_dir / "undelivered.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["info"]["trace_id"] for line in path.read_text().splitlines()
            if line.strip()]


def every_trace(url):
    """(experiment id, trace id, client request id) of every trace on the server."""
    return sorted((e, i["trace_id"], i.get("client_request_id"))
                  for e in readback.all_experiment_ids(url)
                  for i in readback.rest_search_trace_infos(url, e))


class Unresponsive:
    """A port that accepts TCP connections (the kernel's backlog) and never answers."""

    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)

    def close(self):
        self.sock.close()


@pytest.mark.parametrize("down,experiment,collector", [
    ("refused", "by-name", None),
    ("refused", "by-id", None),
    ("refused", "by-id", "refused"),  # dual export to a collector that is not there either
    ("unresponsive", "by-name", None),
])
def test_server_down_then_push(down, experiment, collector, server_agent, cli, start_server,
                               reserved_port, tmp_path):
    port = reserved_port
    url = f"http://127.0.0.1:{port}"
    trace_dir = tmp_path / "store"
    prefix = f"push-{uuid.uuid4().hex[:8]}"
    # Refused: the default flush timeout, which a refusal must not spend.
    extra = {"MLFLOW_CPP_FLUSH_TIMEOUT_MS": FLUSH_TIMEOUT_MS} if down == "unresponsive" else {}
    if collector == "refused":
        collector_port = free_port()
        assert collector_port != port and nothing_listens(collector_port)
        extra.update(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{collector_port}",
                     MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT="true")
    if experiment == "by-name":
        name = f"cpp-push-{uuid.uuid4().hex[:8]}"  # created by the push: the server is new
        env = program_env(url, trace_dir, experiment_name=name, **extra)
    else:
        name = None  # the Default experiment, "0", exists on every server
        env = program_env(url, trace_dir, experiment_id="0", **extra)

    # 1. The program, with the server down.
    blocker = None
    if down == "refused":
        assert nothing_listens(port)
    else:
        blocker = Unresponsive(port)
    try:
        started = time.monotonic()
        result = subprocess.run([str(server_agent), "--traces", str(N), "--prefix", prefix,
                                 "--exit-code", str(EXIT_CODE)], env=env, capture_output=True,
                                text=True, timeout=FLUSH_TIMEOUT_MS / 1000 + 60)
        elapsed = time.monotonic() - started
    finally:
        if blocker:
            blocker.close()
    assert result.returncode == EXIT_CODE, (
        f"exit code {result.returncode}, not the program's {EXIT_CODE}:\n{result.stderr}")
    print(f"server {down}, collector {collector}: the program took {elapsed:.3f} s")
    if down == "refused":
        assert elapsed <= REFUSED_BOUND_S, (
            f"took {elapsed:.1f} s with nothing listening on the server's port; a refused "
            f"connection must not be retried at exit (bound {REFUSED_BOUND_S} s, flush timeout "
            f"the default 10 s)\nstderr:\n{result.stderr}")
    else:
        assert elapsed <= FLUSH_TIMEOUT_MS / 1000 + MARGIN_S, (
            f"took {elapsed:.1f} s with the server down; the flush deadline is "
            f"{FLUSH_TIMEOUT_MS} ms (+{MARGIN_S} s margin)")
    ids = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("trace ")]
    assert len(ids) == N and len(set(ids)) == N, result.stdout
    assert spooled_files(trace_dir), (
        f"nothing was kept in the local trace store {trace_dir} for later delivery;"
        f" stderr:\n{result.stderr}")
    # Nothing lost: every trace is in undelivered.jsonl, once, for `mlflow-cpp push`.
    assert sorted(undelivered_ids(trace_dir)) == sorted(ids), (
        f"undelivered.jsonl holds {undelivered_ids(trace_dir)}, not the program's {sorted(ids)};"
        f" stderr:\n{result.stderr}")
    if collector == "refused":
        assert "OpenTelemetry collector" in result.stderr, result.stderr

    # 2. A push while the server is still down delivers nothing, and must say so.
    if down == "refused":
        early = push(cli, url, trace_dir, timeout=120)
        assert early.returncode != 0, (
            f"mlflow-cpp push reported success with no server:\n{early.stdout}\n{early.stderr}")

    # 3. The server comes up on that very port; nothing has arrived by itself.
    server = start_server("sqlite", port=port)
    assert every_trace(url) == []

    # 4. push delivers each trace exactly once, into the experiment recorded with it.
    first = push(cli, url, trace_dir)
    assert first.returncode == 0, (
        f"mlflow-cpp push failed ({first.returncode}):\n{first.stdout}\n{first.stderr}\n"
        f"server log:\n{server.log()}")
    exp_id = readback.experiment_id(url, name) if name else "0"
    expected_requests = sorted(f"{prefix}-{i}" for i in range(N))
    arrived = every_trace(url)
    assert [(e, t) for e, t, _ in arrived] == sorted((exp_id, t) for t in ids), (
        f"after push the server has {arrived}; expected {N} traces {sorted(ids)} in experiment "
        f"{exp_id}")
    assert sorted(r for _, _, r in arrived) == expected_requests

    traces = readback.search_traces(url, exp_id)
    assert sorted(t.info.trace_id for t in traces) == sorted(ids)
    for trace in traces:
        X.check_batch_trace(trace, int(trace.info.client_request_id.rsplit("-", 1)[1]))
    for trace_id in ids:
        info = readback.rest_trace_info(url, trace_id)
        assert info["tags"]["mlflow.trace.spansLocation"] == "TRACKING_STORE", info["tags"]
        assert len(readback.rest_get_trace(url, trace_id)["spans"]) == 2

    # 5. A second push: no duplicates, nothing new.
    second = push(cli, url, trace_dir)
    assert second.returncode == 0, (
        f"second mlflow-cpp push failed ({second.returncode}):\n{second.stdout}\n{second.stderr}")
    assert every_trace(url) == arrived
    assert all(len(t.data.spans) == 2 for t in readback.search_traces(url, exp_id))
