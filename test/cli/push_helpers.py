"""Helpers of the push suites: stored lines for a test of their own, and the server's access log."""

import base64
import json
import os
import pathlib
import uuid

import mlflow
from mlflow import MlflowClient


def clean_env(**extra):
    """The environment without any MLFLOW_ variable of the caller's, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def fresh_trace(line, experiment_name):
    """A stored line of the runtime's as another trace: a new trace id everywhere the line has
    it (the info, each span's base64 trace_id, mlflow.traceRequestId), meant for the
    experiment `experiment_name`. Returns (line, trace id). Every test pushes traces of its own
    to the one server."""
    trace = json.loads(line)
    raw = os.urandom(16)
    trace_id = "tr-" + raw.hex()
    trace["info"]["trace_id"] = trace_id
    for span in trace["data"]["spans"]:
        span["trace_id"] = base64.b64encode(raw).decode()
        span["attributes"]["mlflow.traceRequestId"] = json.dumps(trace_id)
    trace["mlflow_cpp_delivery"].update(experiment_name=experiment_name, experiment_id="")
    return json.dumps(trace), trace_id


def unique_name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class ServerLog:
    """The requests the server logged after a point: its access log's lines from an offset."""

    def __init__(self, server):
        self.path = pathlib.Path(server.log_path)
        self.start = self.path.stat().st_size

    def requests(self, method_and_path):
        text = self.path.read_bytes()[self.start:].decode(errors="replace")
        return sum(1 for line in text.splitlines() if f'"{method_and_path} HTTP/1.1" 200' in line)


def traces_on_server(server_url, experiment_name):
    """{trace id: Trace} of the experiment, read back with MLflow's official Python client."""
    experiment = MlflowClient(tracking_uri=server_url).get_experiment_by_name(experiment_name)
    if experiment is None:
        return {}
    mlflow.set_tracking_uri(server_url)
    traces = mlflow.search_traces(locations=[experiment.experiment_id], return_type="list",
                                  max_results=1000)
    return {t.info.trace_id: t for t in traces}
