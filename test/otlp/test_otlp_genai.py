"""The gen_ai.* attributes (otlp_genai.h) in the bytes for a generic OpenTelemetry collector.

otlp_encode_sample --genai writes the request the collector exporter sends (the gen_ai.*
attributes of the OpenTelemetry GenAI semantic conventions after the mlflow.* ones), with a
third trace of every GenAI span type.

1. The official opentelemetry-proto classes decode it; the gen_ai values have the conventions'
   types (strings, ints, doubles, string arrays; messages as JSON text in the "parts" shape).
2. It is the MLflow-server request plus those keys, nothing else; other span types get none.
3. MLflow 3.17.2's own ingest (Span.from_otel_proto, then translate_span_when_storing with its
   GenAI semconv translator) reading *only* the gen_ai.* keys gives back the span type, the
   inputs and outputs (the same conversation, the same tool arguments and result), the token
   usage and the model: a collector that forwards to MLflow loses nothing that matters.
"""

import json
import subprocess

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from mlflow.entities import Span
from mlflow.tracing.otel.translation import translate_span_when_storing

REPLACEMENT = "\ufffd"
GENAI_TYPES = {"CHAT_MODEL", "LLM", "EMBEDDING", "TOOL", "AGENT"}


def is_genai_key(key):
    return key.startswith("gen_ai.") or key == "error.type"


@pytest.fixture(scope="module")
def raw(sample):
    return subprocess.run([sample, "--genai"], check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def request_(raw):
    return ExportTraceServiceRequest.FromString(raw)


@pytest.fixture(scope="module")
def plain_request(sample):
    raw = subprocess.run([sample], check=True, capture_output=True).stdout
    return ExportTraceServiceRequest.FromString(raw)


def spans_of(request):
    return {s.name: s for s in request.resource_spans[0].scope_spans[0].spans}


@pytest.fixture(scope="module")
def proto_spans(request_):
    return spans_of(request_)


def any_value(v):
    kind = v.WhichOneof("value")
    if kind == "array_value":
        return [any_value(x) for x in v.array_value.values]
    return None if kind is None else getattr(v, kind)


def typed(kvs):
    return {kv.key: (kv.value.WhichOneof("value"), any_value(kv.value)) for kv in kvs}


def genai(span):
    """The span's gen_ai.* attributes, with structured (JSON text) ones parsed."""
    out = {}
    for key, (kind, value) in typed(span.attributes).items():
        if not is_genai_key(key):
            continue
        if key in ("gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions") or (
            key.startswith("gen_ai.tool.call.") and kind == "string_value" and value[:1] in "{["
        ):
            assert kind == "string_value"
            value = json.loads(value)
        out[key] = (kind, value)
    return out


def test_bytes_are_canonical(raw, request_):
    assert request_.SerializeToString(deterministic=True) == raw


def test_the_mlflow_request_has_no_genai_keys(plain_request):
    for span in spans_of(plain_request).values():
        assert not [kv.key for kv in span.attributes if is_genai_key(kv.key)], span.name


def test_only_genai_keys_are_added_after_the_mlflow_ones(plain_request, proto_spans):
    plain = spans_of(plain_request)
    assert list(proto_spans)[: len(plain)] == list(plain)
    for name, before in plain.items():
        after = proto_spans[name]
        n = len(before.attributes)
        assert list(after.attributes)[:n] == list(before.attributes), name
        assert all(is_genai_key(kv.key) for kv in list(after.attributes)[n:]), name
        a, b = type(after)(), type(before)()
        a.CopyFrom(after)
        b.CopyFrom(before)
        del a.attributes[:]
        del b.attributes[:]
        assert a == b, name  # ids, times, kind, events, status unchanged


def test_other_span_types_get_none(proto_spans):
    for name in ("agent", "second", "retrieve"):  # CHAIN, UNKNOWN, RETRIEVER
        assert genai(proto_spans[name]) == {}, name


def test_chat_span(proto_spans):
    assert genai(proto_spans["chat"]) == {
        "gen_ai.operation.name": ("string_value", "chat"),
        "gen_ai.provider.name": ("string_value", "openai"),
        "gen_ai.request.model": ("string_value", "gpt-4o-mini"),
        "gen_ai.request.temperature": ("double_value", 0.5),
        "gen_ai.request.max_tokens": ("int_value", 64),
        "gen_ai.response.id": ("string_value", "chatcmpl-1"),
        "gen_ai.response.model": ("string_value", "gpt-4o-mini"),
        "gen_ai.response.finish_reasons": ("array_value", ["stop"]),
        "gen_ai.usage.input_tokens": ("int_value", 30),
        "gen_ai.usage.output_tokens": ("int_value", 5),
        "gen_ai.input.messages": ("string_value", [
            {"role": "system", "parts": [{"type": "text", "content": "Be brief."}]},
            {"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]},
            {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1",
                                              "name": "get_weather", "arguments": {"city": "Paris"}}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1",
                                         "response": "sunny, 20\u00b0C"}]},
        ]),
        "gen_ai.output.messages": ("string_value", [
            {"role": "assistant", "parts": [{"type": "text", "content": "Sunny, 20\u00b0C."}],
             "finish_reason": "stop"},
        ]),
        "gen_ai.tool.definitions": ("string_value", [
            {"type": "function", "name": "get_weather", "description": "Current weather",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}},
        ]),
    }
    # The first chat span of the sample: just the basics.
    assert genai(proto_spans["llm"]) == {
        "gen_ai.operation.name": ("string_value", "chat"),
        "gen_ai.request.model": ("string_value", "gpt-4o-mini"),
        "gen_ai.usage.input_tokens": ("int_value", 3),
        "gen_ai.usage.output_tokens": ("int_value", 5),
        "gen_ai.input.messages": ("string_value",
                                  [{"role": "user", "parts": [{"type": "text", "content": "hi"}]}]),
        "gen_ai.output.messages": ("string_value",
                                   [{"role": "assistant", "parts": [{"type": "text", "content": "hello"}]}]),
    }


def test_llm_embedding_and_agent_spans(proto_spans):
    assert genai(proto_spans["generate"]) == {
        "gen_ai.operation.name": ("string_value", "generate_content"),
        "gen_ai.request.model": ("string_value", "local-7b"),
        "gen_ai.usage.input_tokens": ("int_value", 6),
        "gen_ai.usage.output_tokens": ("int_value", 5),
        "gen_ai.input.messages": ("string_value", [
            {"role": "user", "parts": [{"type": "text", "content": "Say it as a haiku."}]}]),
        "gen_ai.output.messages": ("string_value", [
            {"role": "assistant", "parts": [{"type": "text", "content": "Rain gone, Paris warm"}]}]),
    }
    assert genai(proto_spans["embed"]) == {
        "gen_ai.operation.name": ("string_value", "embeddings"),
        "gen_ai.request.model": ("string_value", "text-embedding-3-small"),
        "gen_ai.response.model": ("string_value", "text-embedding-3-small"),
        "gen_ai.usage.input_tokens": ("int_value", 1),
    }
    assert genai(proto_spans["planner"]) == {
        "gen_ai.operation.name": ("string_value", "invoke_agent"),
        "gen_ai.agent.name": ("string_value", "planner"),
        "gen_ai.input.messages": ("string_value", [
            {"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}]),
    }


def test_tool_spans(proto_spans):
    assert genai(proto_spans["get_weather"]) == {
        "gen_ai.operation.name": ("string_value", "execute_tool"),
        "gen_ai.tool.name": ("string_value", "get_weather"),
        "gen_ai.tool.call.arguments": ("string_value", {"city": "Paris"}),
        "gen_ai.tool.call.result": ("string_value", {"conditions": "sunny", "celsius": 20}),
    }
    # The failed tool of the sample: a number as is, no result, the exception's type.
    assert genai(proto_spans["tool " + REPLACEMENT]) == {
        "gen_ai.operation.name": ("string_value", "execute_tool"),
        "gen_ai.tool.name": ("string_value", "tool " + REPLACEMENT),
        "gen_ai.tool.call.arguments": ("int_value", 42),
        "error.type": ("string_value", "RuntimeError"),
    }


def test_messages_have_the_schema_shape(proto_spans):
    """The required fields of the conventions' input/output message JSON schemas."""
    required = {"text": {"content"}, "tool_call": {"name"}, "tool_call_response": {"response"},
                "uri": {"modality", "uri"}, "blob": {"modality", "content"}}
    seen = 0
    for span in proto_spans.values():
        for key in ("gen_ai.input.messages", "gen_ai.output.messages"):
            if key not in genai(span):
                continue
            for message in genai(span)[key][1]:
                assert isinstance(message["role"], str) and isinstance(message["parts"], list)
                for part in message["parts"]:
                    assert required[part["type"]] <= part.keys(), part
                    if part["type"] == "text":
                        assert isinstance(part["content"], str)
                    seen += 1
    assert seen >= 10


# --- MLflow reading the gen_ai.* keys back ---------------------------------------------------


def ingest(proto, resource, only_genai):
    """The span as MLflow's SQL store keeps it after POST /v1/traces."""
    copy = type(proto)()
    copy.CopyFrom(proto)
    if only_genai:
        kept = [kv for kv in copy.attributes if not kv.key.startswith("mlflow.")]
        del copy.attributes[:]
        copy.attributes.extend(kept)
    span = Span.from_otel_proto(copy, resource=resource)
    return Span.from_dict(translate_span_when_storing(span))


@pytest.fixture(scope="module")
def mlflow_spans(request_):
    """name -> (stored from every attribute, stored from the gen_ai.* ones alone)."""
    rs = request_.resource_spans[0]
    return {
        p.name: (ingest(p, rs.resource, False), ingest(p, rs.resource, True))
        for p in rs.scope_spans[0].spans
    }


def conversation_of_openai(messages, default_role):
    """(role, items) of OpenAI chat messages, items being text, tool calls and tool results."""
    out = []
    for m in messages:
        if m.get("tool_call_id"):
            out.append((m["role"], [("tool_call_response", m["tool_call_id"], m["content"])]))
            continue
        content = m.get("content")
        items = [("text", content)] if isinstance(content, str) else [
            ("text", p["text"]) for p in content or []]
        items += [("tool_call", c["function"]["name"], json.loads(c["function"]["arguments"]))
                  for c in m.get("tool_calls", [])]
        out.append((m.get("role", default_role), items))
    return out


def conversation_of_semconv(messages):
    out = []
    for m in messages:
        items = []
        for p in m["parts"]:
            if p["type"] == "text":
                items.append(("text", p["content"]))
            elif p["type"] == "tool_call":
                items.append(("tool_call", p["name"], p["arguments"]))
            elif p["type"] == "tool_call_response":
                items.append(("tool_call_response", p["id"], p["response"]))
        out.append((m["role"], items))
    return out


def original_conversation(full):
    """The conversation in the mlflow.* inputs and outputs (what the C++ code recorded)."""
    inputs, outputs = full.inputs, full.outputs
    if isinstance(inputs, dict) and "messages" in inputs:
        request = conversation_of_openai(inputs["messages"], "user")
    elif isinstance(inputs, list):
        request = conversation_of_openai(inputs, "user")
    else:
        request = [("user", [("text", inputs["prompt"])])]
    if isinstance(outputs, dict):
        response = conversation_of_openai([c["message"] for c in outputs["choices"]], "assistant")
    elif isinstance(outputs, str) and full.span_type != "AGENT":
        response = [("assistant", [("text", outputs)])]
    else:
        response = None
    return request, response


@pytest.mark.parametrize("name", ["llm", "chat", "generate", "planner"])
def test_mlflow_reads_back_the_conversation(mlflow_spans, name):
    full, from_genai = mlflow_spans[name]
    assert full.span_type in GENAI_TYPES
    assert from_genai.span_type == full.span_type
    request, response = original_conversation(full)
    assert conversation_of_semconv(from_genai.inputs) == request
    if response is None:
        assert from_genai.outputs is None
    else:
        assert conversation_of_semconv(from_genai.outputs) == response


@pytest.mark.parametrize("name", ["get_weather", "tool " + REPLACEMENT])
def test_mlflow_reads_back_tool_arguments_and_result(mlflow_spans, name):
    full, from_genai = mlflow_spans[name]
    assert from_genai.span_type == full.span_type == "TOOL"
    assert from_genai.inputs == full.inputs
    assert from_genai.outputs == full.outputs
    assert from_genai.status.status_code == full.status.status_code


def test_mlflow_reads_back_token_usage_and_model(mlflow_spans):
    for name in ("llm", "chat", "generate"):
        full, from_genai = mlflow_spans[name]
        assert from_genai.get_attribute("mlflow.chat.tokenUsage") == full.get_attribute(
            "mlflow.chat.tokenUsage"), name
        assert from_genai.get_attribute("mlflow.llm.model") == full.get_attribute("mlflow.llm.model")
    full, from_genai = mlflow_spans["chat"]
    assert from_genai.get_attribute("mlflow.llm.provider") == "openai"
    # The tools come back in the conventions' flat shape.
    assert from_genai.get_attribute("mlflow.chat.tools") == [
        {"type": "function", **tool["function"]} for tool in full.get_attribute("mlflow.chat.tools")]
    # Embeddings: the conventions have no total; MLflow adds one only with both counts.
    full, from_genai = mlflow_spans["embed"]
    assert from_genai.span_type == "EMBEDDING"
    assert full.get_attribute("mlflow.chat.tokenUsage") == {"input_tokens": 1, "total_tokens": 1}
    assert from_genai.get_attribute("mlflow.chat.tokenUsage") == {"input_tokens": 1}
    assert from_genai.get_attribute("mlflow.llm.model") == "text-embedding-3-small"


def test_mlflow_keys_win_when_both_are_sent(mlflow_spans, plain_request):
    """An MLflow server given the collector's request still reads the mlflow.* keys."""
    rs = plain_request.resource_spans[0]
    for proto in rs.scope_spans[0].spans:
        full, _ = mlflow_spans[proto.name]
        mlflow_only = ingest(proto, rs.resource, False)
        assert full.span_type == mlflow_only.span_type
        assert full.inputs == mlflow_only.inputs
        assert full.outputs == mlflow_only.outputs
        assert full.get_attribute("mlflow.chat.tokenUsage") == mlflow_only.get_attribute(
            "mlflow.chat.tokenUsage")
