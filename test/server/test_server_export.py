"""The C++ program (server_agent/, compiled with the plugin) exports to a real MLflow server.

Run with MLFLOW_TRACKING_URI and MLFLOW_EXPERIMENT_NAME (or MLFLOW_EXPERIMENT_ID), against a
server backed by SQLite and by PostgreSQL; then MLflow's official client reads the trace back
(mlflow.search_traces, mlflow.get_trace) and check_agent_trace() judges it: the exact span tree,
inputs, outputs, statuses, the exception event, token usage per span and per trace, name tag,
previews, session/user, tags and state; the trace arrives exactly once, its spans are in the
tracking store, and the MLflow UI shows it (tree, inputs/outputs, chat view, exception).

test_fixture_sanity.py runs the same checks on the same trace recorded by MLflow's own Python
client: when it passes and this fails, the C++ side is at fault.
"""

import subprocess
import types
import uuid

import mlflow
import pytest

import agent_expectations as X
import readback
from programs import program_env

# Generous: the exporter must deliver before exit, and the machine may be busy.
FLUSH_TIMEOUT_MS = 30000


def run_agent(binary, env, *args):
    result = subprocess.run([str(binary), *args], env=env, capture_output=True, text=True,
                            timeout=FLUSH_TIMEOUT_MS / 1000 + 60)
    assert result.returncode == 0, f"server_agent exited with {result.returncode}:\n{result.stderr}"
    ids = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("trace ")]
    return result, ids


def spooled_files(trace_dir):
    """Non-empty files in the local trace store: traces the exporter could not deliver."""
    if not trace_dir.exists():
        return []
    return [p for p in trace_dir.rglob("*") if p.is_file() and p.stat().st_size > 0]


@pytest.fixture(scope="module")
def exported(mlflow_server, server_agent, tmp_path_factory):
    """One run of the agent against the server, experiment given by name (created by the run)."""
    experiment = f"cpp-export-{uuid.uuid4().hex[:8]}"
    request_id = f"cpp-{uuid.uuid4().hex}"
    trace_dir = tmp_path_factory.mktemp("store")
    env = program_env(mlflow_server.url, trace_dir, experiment_name=experiment,
                      MLFLOW_CPP_FLUSH_TIMEOUT_MS=FLUSH_TIMEOUT_MS)
    result, ids = run_agent(server_agent, env, "--request-id", request_id)
    return types.SimpleNamespace(server=mlflow_server, url=mlflow_server.url, result=result,
                                 trace_ids=ids, request_id=request_id, experiment=experiment,
                                 trace_dir=trace_dir)


def exp_id_of(exported):
    """The experiment the run named (it must have created it)."""
    try:
        return readback.experiment_id(exported.url, exported.experiment)
    except AssertionError as e:
        raise AssertionError(f"{e}\nserver_agent's stderr:\n{exported.result.stderr}\n"
                             f"server log:\n{exported.server.log()}") from None


def test_program_runs_normally(exported):
    result = exported.result
    assert result.stdout.splitlines()[0] == X.ANSWER
    assert len(exported.trace_ids) == 1 and exported.trace_ids[0].startswith("tr-"), result.stdout
    for word in ("warning", "error", "failed", "dropped"):
        assert word not in result.stderr.lower(), f"server_agent's stderr:\n{result.stderr}"


def test_trace_arrives_exactly_once(exported):
    exp_id = exp_id_of(exported)  # the run created the experiment by name
    [trace_id] = exported.trace_ids
    traces = readback.search_traces(exported.url, exp_id)
    assert [t.info.trace_id for t in traces] == [trace_id], (
        f"expected exactly trace {trace_id} in experiment {exp_id}; server log:\n"
        f"{exported.server.log()}")
    infos = readback.rest_search_trace_infos(exported.url, exp_id)
    assert [(i["trace_id"], i["client_request_id"]) for i in infos] == [
        (trace_id, exported.request_id)]
    # Nowhere else either (e.g. not also in the Default experiment).
    everywhere = [i["trace_id"] for e in readback.all_experiment_ids(exported.url)
                  for i in readback.rest_search_trace_infos(exported.url, e)]
    assert everywhere == [trace_id]


def test_search_traces_reads_the_exact_trace(exported):
    [trace] = readback.search_traces(exported.url, exp_id_of(exported))
    X.check_agent_trace(trace, "cpp", exported.request_id)


def test_get_trace_reads_the_exact_trace(exported):
    [trace_id] = exported.trace_ids
    trace = readback.get_trace(exported.url, trace_id)
    assert trace is not None, f"mlflow.get_trace({trace_id}) found nothing"
    X.check_agent_trace(trace, "cpp", exported.request_id)
    assert trace.info.experiment_id == exp_id_of(exported)


def test_spans_are_in_the_tracking_store(exported):
    [trace_id] = exported.trace_ids
    info = readback.rest_trace_info(exported.url, trace_id)
    assert info["tags"]["mlflow.trace.spansLocation"] == "TRACKING_STORE"
    assert info["trace_location"]["mlflow_experiment"]["experiment_id"] == exp_id_of(exported)
    assert info["state"] == "OK"
    assert info["client_request_id"] == exported.request_id
    # GetTrace with allow_partial=false: every span is stored (no "not fully exported yet").
    spans = readback.rest_get_trace(exported.url, trace_id)["spans"]
    assert sorted(s["name"] for s in spans) == sorted(line.strip().split(" [")[0] for line in X.TREE)


def test_nothing_is_spooled_when_the_server_is_up(exported):
    assert spooled_files(exported.trace_dir) == [], (
        "traces were written to the local store although the server took them")


def test_experiment_by_id(exported, server_agent, tmp_path):
    """MLFLOW_EXPERIMENT_ID instead of a name: the trace lands in that experiment."""
    mlflow.set_tracking_uri(exported.url)
    exp_id = mlflow.create_experiment(f"cpp-by-id-{uuid.uuid4().hex[:8]}")
    request_id = f"cpp-{uuid.uuid4().hex}"
    env = program_env(exported.url, tmp_path / "store", experiment_id=exp_id,
                      MLFLOW_CPP_FLUSH_TIMEOUT_MS=FLUSH_TIMEOUT_MS)
    _, [trace_id] = run_agent(server_agent, env, "--request-id", request_id)
    [trace] = readback.search_traces(exported.url, exp_id)
    assert trace.info.trace_id == trace_id
    X.check_agent_trace(trace, "cpp", request_id)


def test_many_traces_each_arrive_once(exported, server_agent, tmp_path):
    """Several traces from one run (the batch mode): each exactly once, each whole."""
    n, prefix = 6, f"batch-{uuid.uuid4().hex[:8]}"
    experiment = f"cpp-batch-{uuid.uuid4().hex[:8]}"
    env = program_env(exported.url, tmp_path / "store", experiment_name=experiment,
                      MLFLOW_CPP_FLUSH_TIMEOUT_MS=FLUSH_TIMEOUT_MS)
    _, ids = run_agent(server_agent, env, "--traces", str(n), "--prefix", prefix)
    assert len(set(ids)) == n
    traces = readback.search_traces(exported.url, readback.experiment_id(exported.url, experiment))
    assert sorted(t.info.trace_id for t in traces) == sorted(ids)
    assert sorted(t.info.client_request_id for t in traces) == sorted(
        f"{prefix}-{i}" for i in range(n))
    for trace in traces:
        index = int(trace.info.client_request_id.rsplit("-", 1)[1])
        X.check_batch_trace(trace, index)


def test_ui_shows_the_trace(exported, ui_check):
    [trace_id] = exported.trace_ids
    ui_check(X.ui_spec(exported.url, exp_id_of(exported), trace_id, "cpp",
                       label=f"cpp-{exported.server.name}"))
