"""The fixtures and the assertions, checked with traces MLflow's own Python client logs.

py_agent.py records the server agent's trace with `@mlflow.trace` against the real server (both
backends); check_agent_trace() and the UI check must accept it. This keeps the suite honest
independently of the C++ exporter: when a C++ test fails and this one passes, the fault is on
the C++ side.
"""

import os
import pathlib
import subprocess
import sys
import uuid

import agent_expectations as X
import readback
from programs import program_env
from mlflow_servers import nothing_listens

HERE = pathlib.Path(__file__).resolve().parent


def log_python_trace(server, tmp_path, experiment, request_id):
    env = program_env(server.url, tmp_path / "unused", experiment_name=experiment)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(HERE.parent)])
    result = subprocess.run([sys.executable, str(HERE / "py_agent.py"), request_id], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [trace_id] = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("trace ")]
    return trace_id


def test_python_trace_read_back(mlflow_server, tmp_path):
    experiment = f"py-sanity-{uuid.uuid4().hex[:8]}"
    request_id = f"py-{uuid.uuid4().hex}"
    trace_id = log_python_trace(mlflow_server, tmp_path, experiment, request_id)
    exp_id = readback.experiment_id(mlflow_server.url, experiment)

    traces = readback.search_traces(mlflow_server.url, exp_id)
    assert [t.info.trace_id for t in traces] == [trace_id]
    X.check_agent_trace(traces[0], "python", request_id)
    X.check_agent_trace(readback.get_trace(mlflow_server.url, trace_id), "python", request_id)
    info = readback.rest_trace_info(mlflow_server.url, trace_id)
    assert info["tags"]["mlflow.trace.spansLocation"] == "TRACKING_STORE"
    assert info["client_request_id"] == request_id


def test_ui_shows_python_trace(mlflow_server, tmp_path, ui_check):
    experiment = f"py-ui-{uuid.uuid4().hex[:8]}"
    trace_id = log_python_trace(mlflow_server, tmp_path, experiment, f"py-{uuid.uuid4().hex}")
    exp_id = readback.experiment_id(mlflow_server.url, experiment)
    ui_check(X.ui_spec(mlflow_server.url, exp_id, trace_id, "python",
                       label=f"python-{mlflow_server.name}"))


def test_server_starts_later_on_a_reserved_port(start_server, reserved_port):
    assert nothing_listens(reserved_port)
    server = start_server("sqlite", port=reserved_port)
    assert server.port == reserved_port
    assert readback.rest_get(server.url, "/api/2.0/mlflow/experiments/get-by-name"
                             "?experiment_name=Default")["experiment"]["experiment_id"] == "0"
