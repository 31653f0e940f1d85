"""Fixtures for the pytest suites of the mlflow-cpp tool (test_store_bad_input.py,
test_push_exactly_once.py; show_test.py is a plain unittest script, run by itself).

  cli            runs `mlflow-cpp ARGS` with no MLFLOW_ variable of the caller's
  mlflow_server  a real MLflow tracking server (test/mlflow_servers.py) on a SQLite store, one per
                 session, its stdout unbuffered so its access log can be counted right after a push
  stored_traces  real undelivered traces: the manual_agent example run with its server refused,
                 so the runtime keeps them in undelivered.jsonl; a factory of store copies
"""

import json
import os
import subprocess

import pytest

from mlflow_servers import MlflowServer, free_port, nothing_listens, started
from push_helpers import ServerLog, clean_env


def pytest_addoption(parser):
    parser.addoption("--cli", required=True, help="the mlflow-cpp command line tool")
    parser.addoption("--example", required=True, help="the built manual_agent example")


@pytest.fixture(scope="session")
def cli(request):
    path = request.config.getoption("--cli")
    assert os.access(path, os.X_OK), f"{path} is not an executable"

    def run(*args, env=None, timeout=120):
        return subprocess.run([path, *map(str, args)], env=clean_env(**(env or {})),
                              capture_output=True, text=True, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("mlflow-server")
    # Unbuffered: the tests count the requests a push made in the server's access log.
    server = started(MlflowServer(workdir, f"sqlite:///{workdir}/mlflow.db",
                                  extra_env={"PYTHONUNBUFFERED": "1"}))
    yield server
    server.stop()


AGENT_TRACES = 3  # runs of manual_agent: one trace each


@pytest.fixture(scope="session")
def agent_store(request, tmp_path_factory):
    """undelivered.jsonl as the runtime writes it: AGENT_TRACES runs of manual_agent with
    MLFLOW_TRACKING_URI on a port where nothing listens. The recorded server is that port; push
    sends them elsewhere with --tracking-uri. Returns its lines (text) and trace ids."""
    example = request.config.getoption("--example")
    store = tmp_path_factory.mktemp("agent-store")
    port = free_port()
    assert nothing_listens(port)
    ids = []
    for _ in range(AGENT_TRACES):
        run = subprocess.run([example], env=clean_env(
            MLFLOW_TRACKING_URI=f"http://127.0.0.1:{port}", MLFLOW_EXPERIMENT_NAME="cpp-pushed",
            MLFLOW_CPP_TRACE_DIR=store), capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        ids += [line.split()[1] for line in run.stdout.splitlines() if line.startswith("trace ")]
    lines = (store / "undelivered.jsonl").read_text().splitlines()
    assert [json.loads(line)["info"]["trace_id"] for line in lines] == ids, (ids, lines)
    return lines, ids


@pytest.fixture
def new_store(tmp_path):
    """new_store(text) -> a store directory whose undelivered.jsonl holds `text`."""
    def make(text, name="store"):
        store = tmp_path / name
        store.mkdir()
        (store / "undelivered.jsonl").write_bytes(text.encode() if isinstance(text, str) else text)
        return store
    return make


@pytest.fixture
def server_log(mlflow_server):
    """server_log() -> a ServerLog (push_helpers.py) of the requests from now on."""
    return lambda: ServerLog(mlflow_server)
