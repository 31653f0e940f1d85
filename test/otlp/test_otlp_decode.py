"""The OTLP/protobuf bytes of otlp_encode_sample, read as the MLflow server reads them.

1. The official opentelemetry-proto classes parse every field (ExportTraceServiceRequest).
2. MLflow's ingest conversion, Span.from_otel_proto (what POST /v1/traces runs), then the SQL
   store's translate_span_when_storing (sanitize_attributes), gives the span type, inputs,
   outputs, status and events the C++ code meant.
"""

import json
import subprocess

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan
from opentelemetry.proto.trace.v1.trace_pb2 import Status as ProtoStatus

from mlflow.entities import Span, SpanStatusCode
from mlflow.tracing.otel.translation import translate_span_when_storing

BASE = 1795578631422000000
MS = 1000000
TRACE1 = bytes.fromhex("0123456789abcdeffedcba9876543210")
TRACE2 = bytes.fromhex("00000000000000010000000000000002")
ROOT, LLM, TOOL = (bytes.fromhex(f"100000000000000{i}") for i in (1, 2, 3))
SECOND = bytes.fromhex("2000000000000001")
REPLACEMENT = "\ufffd"


@pytest.fixture(scope="module")
def raw(sample):
    return subprocess.run([sample], check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def request_(raw):
    return ExportTraceServiceRequest.FromString(raw)


@pytest.fixture(scope="module")
def proto_spans(request_):
    return {s.name: s for s in request_.resource_spans[0].scope_spans[0].spans}


def any_value(v):
    kind = v.WhichOneof("value")
    return None if kind is None else getattr(v, kind)


def attrs(kvs):
    return {kv.key: (kv.value.WhichOneof("value"), any_value(kv.value)) for kv in kvs}


def test_bytes_are_canonical(raw, request_):
    # Fields in number order and no stray bytes: protobuf writes back exactly what we sent.
    assert request_.SerializeToString(deterministic=True) == raw


def test_resource_and_scope(request_):
    assert len(request_.resource_spans) == 1
    rs = request_.resource_spans[0]
    assert attrs(rs.resource.attributes) == {
        "service.name": ("string_value", "otlp-sample"),
        "telemetry.sdk.language": ("string_value", "cpp"),
        "telemetry.sdk.name": ("string_value", "mlflow-cpp"),
        "telemetry.sdk.version": ("string_value", rs.scope_spans[0].scope.version),
        "deployment.environment": ("string_value", "test"),
    }
    assert [kv.key for kv in rs.resource.attributes][0] == "service.name"
    assert len(rs.scope_spans) == 1
    scope = rs.scope_spans[0].scope
    assert scope.name == "mlflow-cpp"
    assert scope.version and scope.version.count(".") == 2
    assert [s.name for s in rs.scope_spans[0].spans] == ["agent", "llm", "tool " + REPLACEMENT, "second"]


def test_ids_times_kind_and_status(proto_spans):
    expected = {
        "agent": (TRACE1, ROOT, b"", 0, 100, ProtoStatus.STATUS_CODE_OK, ""),
        "llm": (TRACE1, LLM, ROOT, 10, 60, ProtoStatus.STATUS_CODE_OK, ""),
        "tool " + REPLACEMENT: (TRACE1, TOOL, ROOT, 70, 90, ProtoStatus.STATUS_CODE_ERROR,
                                "RuntimeError: boom"),
        "second": (TRACE2, SECOND, b"", 200, 201, ProtoStatus.STATUS_CODE_UNSET, ""),
    }
    for name, (trace_id, span_id, parent, start, end, code, message) in expected.items():
        s = proto_spans[name]
        assert s.trace_id == trace_id
        assert s.span_id == span_id
        assert s.parent_span_id == parent
        tool = name.startswith("tool")
        assert s.kind == (ProtoSpan.SPAN_KIND_CLIENT if tool else ProtoSpan.SPAN_KIND_INTERNAL)
        assert s.start_time_unix_nano == BASE + start * MS
        assert s.end_time_unix_nano == BASE + end * MS
        assert s.HasField("status")
        assert s.status.code == code
        assert s.status.message == message
        assert s.trace_state == ("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7" if name == "second"
                                 else "")
        assert s.flags == 0
        if tool:
            (link,) = s.links
            assert (link.trace_id, link.span_id) == (TRACE2, SECOND)
            assert attrs(link.attributes) == {"reason": ("string_value", "retry of"),
                                              "attempt": ("int_value", 2)}
        else:
            assert not s.links
        assert s.dropped_attributes_count == 0 and s.dropped_events_count == 0


def test_span_attributes(proto_spans):
    assert attrs(proto_spans["agent"].attributes) == {
        "mlflow.spanType": ("string_value", "CHAIN"),  # raw, not JSON-quoted
        "mlflow.spanInputs": ("string_value", '{"question": "h\u00e9llo \u2603"}'),
        "mlflow.spanOutputs": ("string_value", '"{\\"not\\": \\"parsed\\"}"'),
        "mlflow.spanFunctionName": ("string_value", "run_agent"),
    }  # and no mlflow.traceRequestId
    assert attrs(proto_spans["llm"].attributes) == {
        "mlflow.spanType": ("string_value", "CHAT_MODEL"),
        "mlflow.spanInputs": ("string_value", '{"messages": [{"content": "hi", "role": "user"}]}'),
        "mlflow.spanOutputs": (
            "string_value",
            '{"choices": [{"index": 0, "message": {"content": "hello", "role": "assistant"}}]}',
        ),
        "mlflow.chat.tokenUsage": (
            "string_value",
            '{"input_tokens": 3, "output_tokens": 5, "total_tokens": 8}',
        ),
        "mlflow.message.format": ("string_value", "openai"),
        "mlflow.llm.model": ("string_value", "gpt-4o-mini"),
        "retries": ("int_value", -2),
        "streamed": ("bool_value", True),
        "temperature": ("double_value", 0.25),
        "nothing": (None, None),
        "tags": ("string_value", '["a", 1]'),
    }
    assert attrs(proto_spans["tool " + REPLACEMENT].attributes) == {
        "mlflow.spanType": ("string_value", "TOOL"),
        "mlflow.spanInputs": ("int_value", 42),
        "note": ("string_value", "bad " + REPLACEMENT + " byte"),
    }
    assert attrs(proto_spans["second"].attributes) == {
        "mlflow.spanType": ("string_value", "UNKNOWN"),
    }


def test_events(proto_spans):
    assert not proto_spans["agent"].events
    (event,) = proto_spans["tool " + REPLACEMENT].events
    assert event.name == "exception"
    assert event.time_unix_nano == BASE + 89 * MS
    assert attrs(event.attributes) == {
        "attempt": ("int_value", 2),
        "detail": ("string_value", '{"k": "v"}'),
        "exception.escaped": ("bool_value", False),
        "exception.message": ("string_value", "boom"),
        "exception.stacktrace": ("string_value", "#0 main"),
        "exception.type": ("string_value", "RuntimeError"),
    }


@pytest.fixture(scope="module")
def ingested(request_):
    """name -> (Span.from_otel_proto, the span as the SQL store keeps it)."""
    rs = request_.resource_spans[0]
    out = {}
    for proto in rs.scope_spans[0].spans:
        span = Span.from_otel_proto(proto, resource=rs.resource)
        stored = Span.from_dict(translate_span_when_storing(span))
        out[proto.name] = (span, stored)
    return out


def test_mlflow_ids_and_tree(ingested):
    agent, _ = ingested["agent"]
    assert agent.trace_id == "tr-" + TRACE1.hex()
    assert agent.request_id == "tr-" + TRACE1.hex()
    assert agent.span_id == ROOT.hex()
    assert agent.parent_id is None
    assert ingested["llm"][0].parent_id == ROOT.hex()
    assert ingested["second"][0].trace_id == "tr-" + TRACE2.hex()
    assert ingested["second"][0].parent_id is None
    assert agent.start_time_ns == BASE and agent.end_time_ns == BASE + 100 * MS


def test_mlflow_span_content(ingested):
    # from_otel_proto JSON-dumps every value, so JSON text arrives double-encoded; the store's
    # sanitize_attributes strips that layer (contract §1.3).
    received, stored = ingested["agent"]
    assert received.inputs == '{"question": "h\u00e9llo \u2603"}'
    assert stored.inputs == {"question": "h\u00e9llo \u2603"}
    for span_ in ingested["agent"]:
        assert span_.span_type == "CHAIN"
        assert span_.status.status_code == SpanStatusCode.OK
        assert span_.get_attribute("mlflow.spanFunctionName") == "run_agent"
    # Stored (sanitized), the JSON-looking string output is still a string.
    assert ingested["agent"][1].outputs == '{"not": "parsed"}'

    _, llm = ingested["llm"]
    assert llm.span_type == "CHAT_MODEL"
    assert llm.inputs == {"messages": [{"role": "user", "content": "hi"}]}
    assert llm.outputs["choices"][0]["message"]["content"] == "hello"
    assert llm.get_attribute("mlflow.chat.tokenUsage") == {
        "input_tokens": 3, "output_tokens": 5, "total_tokens": 8}
    assert llm.get_attribute("mlflow.message.format") == "openai"
    assert llm.get_attribute("mlflow.llm.model") == "gpt-4o-mini"
    assert llm.get_attribute("retries") == -2
    assert llm.get_attribute("streamed") is True
    assert llm.get_attribute("temperature") == 0.25
    assert llm.get_attribute("nothing") is None
    assert llm.get_attribute("tags") == ["a", 1]
    assert llm.status.status_code == SpanStatusCode.OK

    for tool in ingested["tool " + REPLACEMENT]:
        assert tool.span_type == "TOOL"
        assert tool.inputs == 42
        assert tool.outputs is None
        assert tool.status.status_code == SpanStatusCode.ERROR
        assert tool.status.description == "RuntimeError: boom"
        assert tool.get_attribute("note") == "bad " + REPLACEMENT + " byte"
        (link,) = tool.links  # MLflow's Link, as POST /v1/traces keeps it
        assert (link.trace_id, link.span_id) == ("tr-" + TRACE2.hex(), SECOND.hex())
        assert link.attributes == {"reason": "retry of", "attempt": 2}
        (event,) = tool.events
        assert event.name == "exception"
        assert event.timestamp == BASE + 89 * MS
        assert event.attributes == {
            "exception.type": "RuntimeError",
            "exception.message": "boom",
            "exception.stacktrace": "#0 main",
            "exception.escaped": False,
            "attempt": 2,
            "detail": '{"k": "v"}',
        }

    for second in ingested["second"]:
        assert second.status.status_code == SpanStatusCode.UNSET
        assert second.inputs is None and second.outputs is None


def test_stored_span_type_column_is_unquoted(ingested):
    # spans.type is taken from the unsanitized span: it must hold the bare type.
    for span_, _ in ingested.values():
        assert json.loads(span_.to_dict()["attributes"]["mlflow.spanType"]) == span_.span_type
        assert span_.span_type in ("CHAIN", "CHAT_MODEL", "TOOL", "UNKNOWN")
