"""Fixtures: a real MLflow tracking server (query_server.py), filled with traces from the C++
runtime (the manual_agent example) and from MLflow's own Python client, and the tools under test.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from query_server import AGENT_RUNS, EXPERIMENT, Server, clean_env


def pytest_addoption(parser):
    parser.addoption("--cli", required=True, help="path of the built mlflow-cpp tool")
    parser.addoption("--agent", required=True, help="path of the built manual_agent example")
    parser.addoption("--sample", required=True, help="path of the built query_sample")


# Traces recorded by MLflow's own Python client: one OK, one ERROR, both tagged origin=python.
PY_TRACES = textwrap.dedent("""
    import mlflow

    @mlflow.trace(span_type="TOOL")
    def add(a, b):
        return a + b

    @mlflow.trace(span_type="AGENT")
    def py_ok(x):
        mlflow.update_current_trace(tags={"origin": "python"}, client_request_id="py-ok")
        return add(x, 1)

    @mlflow.trace(span_type="AGENT")
    def py_fail(x):
        mlflow.update_current_trace(tags={"origin": "python"})
        raise ValueError("bad input")

    py_ok(1)
    print("trace", mlflow.get_last_active_trace_id())
    try:
        py_fail(2)
    except ValueError:
        pass
    print("trace", mlflow.get_last_active_trace_id())
    mlflow.flush_trace_async_logging()
""")


def trace_ids(stdout):
    return [line.split()[1] for line in stdout.splitlines() if line.startswith("trace ")]


@pytest.fixture(scope="session")
def tools(request):
    get = request.config.getoption
    return {"cli": get("--cli"), "agent": get("--agent"), "sample": get("--sample")}


@pytest.fixture(scope="session")
def server():
    workdir = tempfile.mkdtemp(prefix="mlflow-cpp-query-")
    srv = Server(workdir)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def populated(server, tools):
    """The experiment, filled: AGENT_RUNS traces of manual_agent (C++, exported by the runtime),
    then py_ok and py_fail (Python). Returns their ids and the experiment id."""
    import mlflow
    from mlflow import MlflowClient

    mlflow.set_tracking_uri(server.url)
    store = server.workdir / "cpp-traces"
    env = clean_env(MLFLOW_TRACKING_URI=server.url, MLFLOW_EXPERIMENT_NAME=EXPERIMENT,
                    MLFLOW_CPP_TRACE_DIR=store)
    cpp_ids = []
    for _ in range(AGENT_RUNS):
        run = subprocess.run([tools["agent"]], env=env, capture_output=True, text=True,
                             timeout=60)
        assert run.returncode == 0, run.stderr
        assert "mlflow-cpp: warning" not in run.stderr, run.stderr
        cpp_ids += trace_ids(run.stdout)
        time.sleep(0.05)  # distinct request times, so the newest-first order is certain
    assert len(cpp_ids) == AGENT_RUNS
    run = subprocess.run([sys.executable, "-c", PY_TRACES], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    py_ok, py_fail = trace_ids(run.stdout)

    experiment_id = MlflowClient().get_experiment_by_name(EXPERIMENT).experiment_id
    everything = set(cpp_ids) | {py_ok, py_fail}
    deadline = time.monotonic() + 30
    while True:
        found = MlflowClient().search_traces(locations=[experiment_id], max_results=100)
        if {t.info.trace_id for t in found} == everything and all(t.data.spans for t in found):
            break
        assert time.monotonic() < deadline, (
            f"the server has {[t.info.trace_id for t in found]}, expected {everything}; "
            f"kept locally: {list(store.glob('*')) if store.exists() else []}")
        time.sleep(0.5)
    return {"experiment_id": experiment_id, "cpp": cpp_ids, "py_ok": py_ok,
            "py_fail": py_fail, "all": everything}


@pytest.fixture(scope="session")
def cli(tools):
    """Runs `mlflow-cpp ARGS` with a clean environment (plus `env`)."""

    def run(*args, env=None, timeout=60):
        return subprocess.run([tools["cli"], *args], env=clean_env(**(env or {})),
                              capture_output=True, text=True, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def sample(tools, server):
    """Runs `query_sample ARGS` against the server (MLFLOW_TRACKING_URI) and the experiment;
    returns (exit code, the JSON lines it printed)."""

    def run(*args, env=None, stdin=None):
        full_env = {"MLFLOW_TRACKING_URI": server.url, "MLFLOW_EXPERIMENT_NAME": EXPERIMENT}
        full_env.update(env or {})
        result = subprocess.run([tools["sample"], *args], env=clean_env(**full_env),
                                input=stdin, capture_output=True, text=True, timeout=60)
        assert result.returncode in (0, 3), result.stderr
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return result.returncode, lines, result.stdout

    return run
