"""A traced program exporting to an OpenTelemetry collector (OTEL_EXPORTER_OTLP_*).

The collector is otlp_receiver.py: an OTLP/HTTP endpoint that decodes every request with the
official opentelemetry-proto classes and records it. (A real OpenTelemetry Collector built from
its Go sources also took these requests: docs/opentelemetry.md has the recipe; it is not part of
the suite because it needs the Go toolchain and ~600 MB of modules.)
"""
import os
import re
import socket
import subprocess
import time

import pytest

from otlp_receiver import Failure, OtlpReceiver


def run_agent(manual_agent, tmp_path, **env_vars):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OTEL_", "MLFLOW_"))}
    env.update(env_vars)
    env.setdefault("MLFLOW_CPP_TRACE_DIR", str(tmp_path / "store"))
    start = time.monotonic()
    result = subprocess.run([manual_agent], env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    trace_id = re.search(r"trace (tr-[0-9a-f]{32})", result.stdout).group(1)
    return trace_id, result, elapsed


def spans_received(receiver):
    spans = []
    for entry in receiver.received:
        if entry["status"] != 200:
            continue
        for rs in entry["resource_spans"]:
            for ss in rs["scope_spans"]:
                spans.extend((rs["resource"], s) for s in ss["spans"])
    return spans


def test_spans_reach_the_collector_with_genai_attributes(manual_agent, tmp_path):
    with OtlpReceiver() as receiver:
        trace_id, result, _ = run_agent(
            manual_agent, tmp_path,
            OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url + "/",
            OTEL_EXPORTER_OTLP_HEADERS="api-key=s3cr%20t,x-team=agents",
            OTEL_SERVICE_NAME="agent-svc",
            OTEL_RESOURCE_ATTRIBUTES="deployment.environment=prod,team=a%2Cb,"
                                     "telemetry.sdk.language=python")
    assert result.stderr == ""
    assert [e["status"] for e in receiver.received] == [200]
    request = receiver.received[0]
    assert request["path"] == "/v1/traces"
    assert request["headers"]["content-type"] == "application/x-protobuf"
    assert request["headers"]["api-key"] == "s3cr t"
    assert request["headers"]["x-team"] == "agents"
    assert "x-mlflow-experiment-id" not in request["headers"]

    spans = spans_received(receiver)
    resource = spans[0][0]
    assert resource["service.name"] == "agent-svc"  # OTEL_SERVICE_NAME wins
    assert resource["telemetry.sdk.language"] == "cpp"  # ours, as MLflow's Python SDK keeps its own
    assert resource["deployment.environment"] == "prod"  # OTEL_RESOURCE_ATTRIBUTES
    assert resource["team"] == "a,b"
    assert {s["trace_id"] for _, s in spans} == {trace_id[3:]}
    by_name = {}
    for _, s in spans:
        by_name.setdefault(s["name"], []).append(s)
    assert sorted(by_name) == ["answer", "calculator", "chat", "retrieve", "summarize",
                               "summarize_part"]
    chat = by_name["chat"][0]["attributes"]
    assert chat["mlflow.spanType"] == "CHAT_MODEL"
    assert chat["gen_ai.operation.name"] == "chat"
    assert chat["gen_ai.request.model"] == "tiny-local-model"
    assert chat["gen_ai.usage.input_tokens"] == 24
    assert chat["gen_ai.usage.output_tokens"] == 7
    assert "How tall is the Eiffel Tower?" in chat["gen_ai.input.messages"]
    assert "It is 330 metres tall." in chat["gen_ai.output.messages"]
    # Not an LLM span: no gen_ai keys.
    assert not any(k.startswith("gen_ai.") for k in by_name["retrieve"][0]["attributes"])
    # Only the collector: MLflow export (here the local store) is off unless dual export is on.
    assert not (tmp_path / "store").exists()


def test_retries_busy_and_throttling_collectors(manual_agent, tmp_path):
    with OtlpReceiver(failures=[Failure(503, 2), Failure(429, 1)], retry_after="1") as receiver:
        trace_id, result, elapsed = run_agent(
            manual_agent, tmp_path, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=receiver.traces_url)
    assert [e["status"] for e in receiver.received] == [503, 503, 429, 200]
    gaps = [b["time"] - a["time"] for a, b in zip(receiver.received, receiver.received[1:])]
    assert gaps[-1] >= 0.95, gaps  # Retry-After: 1 honoured
    assert len(spans_received(receiver)) == 8  # delivered once
    assert result.stderr == ""


def test_dual_export_sends_to_the_collector_and_to_mlflow(manual_agent, tmp_path):
    with OtlpReceiver() as receiver:
        trace_id, result, _ = run_agent(
            manual_agent, tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url,
            MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT="true")
    assert len(spans_received(receiver)) == 8
    stored = (tmp_path / "store" / "traces.jsonl").read_text().splitlines()
    assert len(stored) == 1 and trace_id in stored[0]


def test_an_unreachable_collector_never_holds_up_exit(manual_agent, tmp_path):
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    trace_id, result, elapsed = run_agent(
        manual_agent, tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{port}",
        MLFLOW_CPP_FLUSH_TIMEOUT_MS="1500")
    assert elapsed < 1.5 + 1.0, elapsed
    assert result.stderr.count("OpenTelemetry collector") == 1, result.stderr


def test_a_refused_collector_costs_no_wait_at_exit(manual_agent, tmp_path):
    """Nothing listening is not a slow network: with the default MLFLOW_CPP_FLUSH_TIMEOUT_MS
    (10 s) the program exits at once (it used to wait about 8 s retrying the refused
    connection), the batch dropped and reported as for any collector that does not take it."""
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    trace_id, result, elapsed = run_agent(
        manual_agent, tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{port}")
    print(f"a refused collector: the program took {elapsed:.3f} s")
    assert elapsed < 3.0, (elapsed, result.stderr)
    assert result.stderr.count("OpenTelemetry collector") == 1, result.stderr
    assert "dropping them" in result.stderr, result.stderr


def test_grpc_protocol_is_reported(manual_agent, tmp_path):
    with OtlpReceiver() as receiver:
        _, result, _ = run_agent(manual_agent, tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url,
                                 OTEL_EXPORTER_OTLP_PROTOCOL="grpc")
    assert "http/protobuf only" in result.stderr
    assert receiver.received == []
