"""otlp_receiver.py, the test stand-in for an OpenTelemetry collector, checked from Python.

Its command line is started as a process and fed by urllib: the request otlp_encode_sample
--genai writes (what the collector exporter sends), refusals in the order asked, every request
recorded, and the answers an OTLP/HTTP exporter expects.
"""

import gzip
import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from otlp_receiver import OtlpReceiver

RECEIVER = Path(__file__).with_name("otlp_receiver.py")


@pytest.fixture(scope="module")
def body(sample):
    return subprocess.run([sample, "--genai"], check=True, capture_output=True).stdout


def post(url, data, content_type="application/x-protobuf", **headers):
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


class Process:
    def __init__(self, tmp_path, *args):
        self.port_file = tmp_path / "port"
        self.record = tmp_path / "received.jsonl"
        self.proc = subprocess.Popen(
            [sys.executable, str(RECEIVER), "--port-file", str(self.port_file),
             "--record", str(self.record), "--timeout", "120", *args],
            stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not self.port_file.exists():
            assert self.proc.poll() is None, "the receiver exited"
            assert time.monotonic() < deadline, "the receiver did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port_file.read_text()}"
        assert self.proc.stdout.readline().strip() == f"listening on {self.url}"

    def records(self):
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


@pytest.fixture
def receiver(tmp_path):
    processes = []

    def start(*args):
        processes.append(Process(tmp_path, *args))
        return processes[-1]

    yield start
    for p in processes:
        p.stop()


def test_refuses_as_told_then_accepts_and_records(receiver, body):
    r = receiver("--fail", "503:2", "--fail", "429", "--retry-after", "7")
    traces = r.url + "/v1/traces"

    answers = [post(traces, body, authorization="Bearer t", **{"x-custom": "1"}) for _ in range(4)]
    assert [status for status, _, _ in answers] == [503, 503, 429, 200]
    for status, headers, content in answers[:3]:
        assert headers["Retry-After"] == "7"
        assert headers["Content-Type"] == "application/x-protobuf"
        assert content.startswith(b"\x08")  # a google.rpc.Status with its code
    status, headers, content = answers[3]
    assert headers["Content-Type"] == "application/x-protobuf"
    assert content == b""  # an empty ExportTraceServiceResponse
    assert "Retry-After" not in headers

    records = r.records()
    assert records == get(r.url + "/received")
    assert [x["seq"] for x in records] == [1, 2, 3, 4]
    assert [x["status"] for x in records] == [503, 503, 429, 200]
    assert all(x["body_size"] == len(body) for x in records)
    last = records[-1]
    assert last["headers"]["authorization"] == "Bearer t"
    assert last["headers"]["x-custom"] == "1"
    assert last["headers"]["content-type"] == "application/x-protobuf"
    assert "resource_spans" not in records[0]  # refused before decoding

    (rs,) = last["resource_spans"]
    assert rs["resource"]["service.name"] == "otlp-sample"
    (scope,) = rs["scope_spans"]
    assert scope["scope"]["name"] == "mlflow-cpp"
    spans = {s["name"]: s for s in scope["spans"]}
    assert list(spans) == ["agent", "llm", "tool \ufffd", "second", "planner", "chat",
                           "get_weather", "generate", "embed", "retrieve"]
    chat = spans["chat"]
    assert chat["trace_id"] == "00000000000000030000000000000004"
    assert chat["span_id"] == "3000000000000002"
    assert chat["parent_span_id"] == "3000000000000001"
    assert chat["kind"] == 1 and chat["status"] == {"code": 1, "message": ""}
    assert chat["attributes"]["gen_ai.operation.name"] == "chat"
    assert chat["attributes"]["gen_ai.response.finish_reasons"] == ["stop"]
    assert chat["attributes"]["gen_ai.usage.input_tokens"] == 30
    assert json.loads(chat["attributes"]["gen_ai.output.messages"])[0]["finish_reason"] == "stop"
    tool = spans["tool \ufffd"]
    assert tool["events"][0]["name"] == "exception"
    assert tool["events"][0]["attributes"]["exception.escaped"] is False

    assert r.stop() == 0


def test_content_types_and_encodings(receiver, body):
    r = receiver()
    traces = r.url + "/v1/traces"
    expected = ExportTraceServiceRequest.FromString(body)

    status, headers, content = post(traces, body, "application/x-protobuf; charset=binary")
    assert (status, content) == (200, b"")
    status, _, content = post(traces, gzip.compress(body), **{"Content-Encoding": "gzip"})
    assert (status, content) == (200, b"")
    as_json = json_format.MessageToJson(expected).encode()
    status, headers, content = post(traces, as_json, "application/json")
    assert (status, headers["Content-Type"], content) == (200, "application/json", b"{}")

    assert post(traces, body, "application/protobuf")[0] == 415
    assert post(traces, b"\xff\xff\xff", "application/x-protobuf")[0] == 400
    assert post(traces, body, **{"Content-Encoding": "br"})[0] == 400
    assert post(r.url + "/v1/metrics", body)[0] == 404

    records = r.records()
    assert [x["status"] for x in records] == [200, 200, 200, 415, 400, 400, 404]
    # The same spans whatever the encoding.
    assert records[0]["resource_spans"] == records[1]["resource_spans"] == records[2]["resource_spans"]

    request = urllib.request.Request(r.url + "/received", method="DELETE")
    urllib.request.urlopen(request, timeout=10).read()
    assert get(r.url + "/received") == []
    assert get(r.url + "/health") == {}


def test_stops_by_itself(tmp_path):
    proc = subprocess.run([sys.executable, str(RECEIVER), "--timeout", "0.2"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0
    assert proc.stdout.startswith("listening on http://127.0.0.1:")


def test_in_process_use(body):
    with OtlpReceiver(failures=[]) as r:
        assert post(r.traces_url, body)[0] == 200
        (entry,) = r.received
        assert entry["status"] == 200
        assert len(entry["resource_spans"][0]["scope_spans"][0]["spans"]) == 10


def test_bad_fail_option():
    proc = subprocess.run([sys.executable, str(RECEIVER), "--fail", "700"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "STATUS[:COUNT]" in proc.stderr
