"""Where traces go, changed from code (mlflow/tracing.h: tracing::set_destination,
set_tracking_uri, set_experiment, set_experiment_id, get_tracking_uri), against a real MLflow
server read back by MLflow's Python client.

configure_program/main.cpp switches between two local stores and the server while a worker
thread keeps completing traces: each step's trace is found where the step sent it and nowhere
else, every background trace lands in exactly one destination, set_experiment(name) creates the
experiment, set_experiment_id / Destination::mlflow_experiment pick the experiment, refused
settings change nothing, and update_current_trace's model_id and state reach the server.
"""

import json
import os
import pathlib
import subprocess
import types
import uuid

import pytest

import readback
from programs import compile_program

SOURCE = pathlib.Path(__file__).resolve().parent / "configure_program" / "main.cpp"


@pytest.fixture(scope="module")
def configured(mlflow_server, toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("configure")
    binary = compile_program(toolchain, [SOURCE], work / "configure_program")
    experiment = f"configured-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "OTEL_"))}
    env["MLFLOW_CPP_FLUSH_TIMEOUT_MS"] = "30000"
    first, second = work / "first", work / "second"
    result = subprocess.run([str(binary), mlflow_server.url, str(first), str(second), experiment],
                            env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    steps = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if words[0] in ("refused", "background"):
            steps[words[0]] = words[1:]
        else:
            steps[words[0]] = {"trace_id": words[1], "uri": words[2] if len(words) > 2 else ""}
    return types.SimpleNamespace(url=mlflow_server.url, experiment=experiment, steps=steps,
                                 first=first, second=second, stderr=result.stderr)


def stored(directory, name="traces.jsonl"):
    """The traces of a local store (or, name="undelivered.jsonl", those kept there for
    `mlflow-cpp push` when the export queue was full), by id."""
    path = directory / name
    if not path.exists():
        return {}
    traces = [json.loads(line) for line in path.read_text().splitlines()]
    return {t["info"]["trace_id"]: t for t in traces}


def server_traces(url, exp_id):
    return {t.info.trace_id: t for t in readback.search_traces(url, exp_id)}


def names(traces):
    return {t["info"]["tags"]["mlflow.traceName"] if isinstance(t, dict)
            else t.info.tags["mlflow.traceName"] for t in traces.values()}


def test_each_step_lands_where_it_was_sent(configured):
    c = configured
    exp_id = readback.experiment_id(c.url, c.experiment)  # created by set_experiment(name)
    first, second = stored(c.first), stored(c.second)
    named = server_traces(c.url, exp_id)
    default = server_traces(c.url, "0")
    where = {"local-first": first, "local-again": first, "second-store": second,
             "server-by-name": named, "server-default-experiment": default,
             "server-still": default, "server-by-destination": default}
    everywhere = [first, second, named, default]
    for step, destination in where.items():
        trace_id = c.steps[step]["trace_id"]
        assert trace_id in destination, step
        assert sum(trace_id in d for d in everywhere) == 1, step


def test_get_tracking_uri_follows(configured):
    uris = {step: v["uri"] for step, v in configured.steps.items() if isinstance(v, dict)}
    assert uris["local-first"] == ""
    assert uris["server-by-name"] == configured.url.rstrip("/")
    assert uris["server-still"] == configured.url.rstrip("/")
    assert uris["local-again"] == ""
    assert uris["server-by-destination"] == configured.url.rstrip("/")


def test_refused_settings_change_nothing(configured):
    assert configured.steps["refused"] == ["0", "0"]
    assert "sqlite:///mlflow.db" in configured.stderr
    assert "set_destination: not a destination" in configured.stderr


def test_every_background_trace_lands_once(configured):
    c = configured
    total = int(c.steps["background"][0])
    assert total > 10
    exp_id = readback.experiment_id(c.url, c.experiment)
    seen = []
    # A trace the export queue had no room for is kept for `mlflow-cpp push` in the store of
    # the moment: kept, not lost.
    for traces in (stored(c.first), stored(c.second), server_traces(c.url, exp_id),
                   server_traces(c.url, "0"), stored(c.first, "undelivered.jsonl"),
                   stored(c.second, "undelivered.jsonl")):
        seen += [n for n in names(traces) if n.startswith("background-")]
    assert sorted(seen) == sorted(f"background-{i}" for i in range(total))


def test_model_id_and_state_reach_the_server(configured):
    c = configured
    trace = readback.get_trace(c.url, c.steps["server-by-name"]["trace_id"])
    assert trace.info.trace_metadata["mlflow.modelId"] == "m-7"
    assert trace.info.state.value == "ERROR"
    # The span itself ended OK: the state is the one set by hand.
    assert trace.data.spans[0].status.status_code.value == "OK"
