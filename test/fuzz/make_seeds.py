"""Writes the seed corpora of the two fuzzers whose input is read with FuzzInput (fuzz_input.h):
corpus/value_encoder/ and corpus/otlp_writer/. The other targets' seeds are plain files (header
values, environment files, store lines) kept as they are.

Each seed is written from a readable description, in the order the target reads its input
(value_encoder_fuzzer.cpp, otlp_writer_fuzzer.cpp): keep this in step with them. Rerun after a
change of either input format; the files are committed.

usage: python3 make_seeds.py
"""
import json
import math
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent


# --- FuzzInput's format ----------------------------------------------------------------------
def byte(value):
    return bytes([value & 0xFF])


def u64(value):
    return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)


def raw(data):
    """bytes(): a one- or two-byte length, then the bytes."""
    if isinstance(data, str):
        data = data.encode()
    n = len(data)
    assert n < 0x8000
    return (bytes([n]) if n < 0x80 else bytes([0x80 | (n >> 8), n & 0xFF])) + data


class Text(str):
    """JSON text, read by nlohmann/json (kind 8)."""


class Binary(bytes):
    """nlohmann's binary value (kind 9)."""


def j(value):
    """json(): a kind byte, then the kind's content."""
    if value is None:
        return byte(0)
    if isinstance(value, bool):
        return byte(1) + byte(int(value))
    if isinstance(value, Text):
        return byte(8) + raw(value)
    if isinstance(value, Binary):
        return byte(9) + raw(bytes(value))
    if isinstance(value, int):
        return (byte(2) if value < 0 else byte(3)) + u64(value)
    if isinstance(value, float):
        return byte(4) + struct.pack("<d", value)
    if isinstance(value, (str, bytes)):
        return byte(5) + raw(value)
    if isinstance(value, list):
        assert len(value) < 8
        return byte(6) + byte(len(value)) + b"".join(j(v) for v in value)
    if isinstance(value, dict):
        assert len(value) < 8
        return byte(7) + byte(len(value)) + b"".join(raw(k) + j(v) for k, v in value.items())
    raise TypeError(value)


INVALID_UTF8 = b"ok \xff \xc3( \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82 end"


# --- value_encoder ---------------------------------------------------------------------------
def value_encoder_seed(max_code_points, string, value, captures, recorded):
    """captures: (map, text, optional, variant, pair, json); recorded: [(op, value, names...)]."""
    map_, text, optional, variant, pair, capture_json = captures
    out = byte(max_code_points) + raw(string) + j(value)
    out += byte(len(map_))
    for key, items in map_.items():
        out += raw(key) + byte(len(items)) + b"".join(raw(i) for i in items)
    out += raw(text) + raw(optional)
    out += byte(0) + raw(variant) if isinstance(variant, (str, bytes)) else byte(1) + u64(variant)
    out += raw(pair[0]) + u64(pair[1]) + j(capture_json)
    out += byte(len(recorded))
    for op, member_value, *names in recorded:
        out += byte(op) + j(member_value) + b"".join(raw(n) for n in names)
    return out


VALUE_ENCODER = {
    "agent_inputs": value_encoder_seed(
        20, "How tall is the Eiffel Tower?",
        {"question": "How tall is the Eiffel Tower?", "top_k": 2, "temperature": 0.7},
        ({"docs": ["eiffel-1", "eiffel-2"]}, "café 330 m", "maybe", "variant", ("id", -7),
         Text('{"messages": [{"role": "user", "content": "Hi"}], "model": "smollm2"}')),
        # object_member, a pack of two (op 1 + 4: two elements), a string member, an output
        [(0, "How tall?", "query"), (5, 3, "args"), (2, None, "note", "plain text"),
         (3, [1, 2.5, "three"])]),
    "invalid_utf8": value_encoder_seed(
        5, INVALID_UTF8, {INVALID_UTF8.decode("latin-1"): [INVALID_UTF8]},
        ({INVALID_UTF8: [INVALID_UTF8]}, INVALID_UTF8, b"\xc0\xaf", b"\xf8\x88\x80\x80\x80",
         (b"\xff", 1), {b"k\xfe": b"\x80"}),
        [(0, INVALID_UTF8, INVALID_UTF8), (1, b"\xe0\x80", b"pack\xff")]),
    "escapes_and_numbers": value_encoder_seed(
        2, b'quote " backslash \\ newline \n tab \t nul \x00 bell \x07 unit \x1f del \x7f',
        [math.nan, math.inf, -math.inf, 5e-324, -0.0, 2**64 - 1, -2**63],
        ({}, b"\x00\x01\x02", "", 123456, ("", 0), Binary(b"\x00\xffbinary")),
        [(3, math.nan), (0, {"a\x00b": None}, "control\x01name")]),
    "long_and_deep": value_encoder_seed(
        1000,
        # a multi-byte character across the 512-byte steps the string writer escapes in
        "a" * 510 + "€😀" + "b" * 40,
        Text("[" * 60 + "]" * 60),
        ({"k": ["é" * 200]}, "x" * 300, "y", "z", ("p", 1), Text('{"a": {"b": {"c": [[[]]]}}}')),
        [(0, "v" * 200, "n" * 70)]),
}


# --- otlp_writer -----------------------------------------------------------------------------
SPAN_TYPES = ["CHAT_MODEL", "LLM", "TOOL", "AGENT", "RETRIEVER", "EMBEDDING", "CHAIN", "UNKNOWN"]
KEYS = ["mlflow.spanInputs", "mlflow.spanOutputs", "mlflow.chat.tokenUsage", "mlflow.chat.tools",
        "mlflow.llm.cost", "mlflow.traceRequestId", "mlflow.spanType", "mlflow.message.format",
        "mlflow.llm.model", "mlflow.llm.provider", "mlflow.spanFunctionName", "code.line.number",
        "gen_ai.request.model", "error.type"]
BASE_NS = 1795578631422000000


def span(span_id, parent, name, type_, start_ms, end_ms, status=0, message="", inputs=None,
         outputs=None, code=None, attributes=(), events=()):
    """inputs: None, ("tree", value) or ("members", [(name, value)]); outputs: None,
    ("tree", value) or ("text", value); status: 0 UNSET, 1 OK, 2 ERROR."""
    out = u64(span_id) + u64(parent) + raw(name)
    out += byte(SPAN_TYPES.index(type_)) if type_ in SPAN_TYPES else byte(9) + raw(type_)
    out += u64(BASE_NS + start_ms * 1000000) + u64(BASE_NS + end_ms * 1000000)
    out += byte(status) + raw(message)
    if inputs is None:
        out += byte(0)
    elif inputs[0] == "tree":
        out += byte(1) + j(inputs[1])
    else:
        members = inputs[1]
        out += byte(2) + byte(len(members) - 1) + b"".join(raw(n) + j(v) for n, v in members)
    if outputs is None:
        out += byte(0)
    else:
        out += byte(1 if outputs[0] == "tree" else 2) + j(outputs[1])
    if code is None:
        out += byte(0)
    else:
        function, qualified, file, line = code
        out += byte(1) + raw(function) + raw(qualified) + raw(file) + u64(line)
    out += byte(len(attributes))
    for key, value in attributes:
        out += (byte(KEYS.index(key)) if key in KEYS else byte(19) + raw(key)) + j(value)
    out += byte(len(events))
    for name_, time_ms, attrs in events:
        out += raw(name_) + u64(BASE_NS + time_ms * 1000000) + j(attrs)
    return out


def otlp_seed(genai, service, resource_attributes, traces):
    out = byte(int(genai)) + raw(service) + byte(len(resource_attributes))
    out += b"".join(raw(k) + j(v) for k, v in resource_attributes)
    out += byte(len(traces) - 1)
    for (high, low), spans in traces:
        out += u64(high) + u64(low) + byte(len(spans) - 1) + b"".join(spans)
    return out


MESSAGES = Text(json.dumps({
    "model": "gpt-4o-mini", "temperature": 0.5,
    "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "Weather in Paris?"}],
    "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]}))
CHOICES = Text(json.dumps({
    "id": "chatcmpl-1", "model": "gpt-4o-mini",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "Sunny, 20°C.",
                             "tool_calls": [{"id": "call_1", "type": "function",
                                             "function": {"name": "get_weather",
                                                          "arguments": "{\"city\": \"Paris\"}"}}]}}],
    "usage": {"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35}}))
ROOT = 0x3000000000000001


def agent_trace():
    return ((0x0123456789ABCDEF, 0xFEDCBA9876543210), [
        span(ROOT, 0, "planner", "AGENT", 0, 100, status=1,
             inputs=("members", [("question", "Weather in Paris?"), ("top_k", 2)]),
             outputs=("text", "Sunny."),
             code=("plan", "agent::plan", "/src/agent.cpp", 42)),
        span(ROOT + 1, ROOT, "chat", "CHAT_MODEL", 10, 60, status=1,
             inputs=("tree", MESSAGES), outputs=("tree", CHOICES),
             attributes=[("mlflow.chat.tokenUsage",
                          {"input_tokens": 30, "output_tokens": 5, "total_tokens": 35}),
                         ("mlflow.message.format", "openai"), ("mlflow.llm.model", "gpt-4o-mini"),
                         ("mlflow.llm.provider", "openai")]),
        span(ROOT + 2, ROOT, "get_weather", "TOOL", 61, 70, status=2, message="KeyError: 'city'",
             inputs=("tree", {"city": "Paris"}),
             events=[("exception", 69, {"exception.type": "KeyError",
                                        "exception.message": "'city'", "escaped": True})]),
        span(ROOT + 3, ROOT, "retrieve", "RETRIEVER", 71, 80,
             inputs=("tree", "paris weather"),
             outputs=("tree", Text('[{"page_content": "Paris is sunny", "metadata": {"id": 1}}]'))),
    ])


OTLP_WRITER = {
    "agent_trace": otlp_seed(False, "agent-svc", [("deployment.environment", "test")], [agent_trace()]),
    "agent_trace_genai": otlp_seed(True, "", [], [agent_trace()]),
    "llm_and_embedding_genai": otlp_seed(True, "svc", [], [((1, 2), [
        span(7, 0, "generate", "LLM", 0, 5, status=1, inputs=("tree", Text('{"prompt": "Hello"}')),
             outputs=("tree", Text('{"choices": [{"text": "Hi"}]}')),
             attributes=[("mlflow.llm.model", "tiny"), ("gen_ai.request.model", "set-by-user")]),
        span(8, 7, "embed", "EMBEDDING", 1, 2, inputs=("tree", ["a", "b"]),
             outputs=("tree", [[0.1, 0.2], [0.3, 0.4]])),
    ])]),
    "odd_values": otlp_seed(False, INVALID_UTF8, [(INVALID_UTF8, INVALID_UTF8), ("service.name", None),
                                                  ("n", 2**64 - 1)], [
        ((0, 0), [
            span(0, 0, INVALID_UTF8, INVALID_UTF8, -5, -10, message=INVALID_UTF8,
                 inputs=("tree", INVALID_UTF8), outputs=("text", math.nan),
                 code=(INVALID_UTF8, "", "", 0),
                 attributes=[("mlflow.traceRequestId", "tr-x"), ("mlflow.spanType", {"not": "a string"}),
                             ("mlflow.spanInputs", Text('"{looks like JSON}"')), (INVALID_UTF8, math.inf),
                             ("mlflow.llm.cost", Binary(b"\x01\x02"))],
                 events=[(INVALID_UTF8, 0, [1, 2]), ("", -1, {INVALID_UTF8.decode("latin-1"): -1.5})]),
        ]),
        ((2**64 - 1, 2**64 - 1), [span(2**64 - 1, 2**64 - 1, "", "", 0, 0, status=2)]),
    ]),
}


def write(target, seeds):
    directory = HERE / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (directory / name).write_bytes(data)


if __name__ == "__main__":
    write("value_encoder", VALUE_ENCODER)
    write("otlp_writer", OTLP_WRITER)
