"""The test LLM server (server.mjs) answers every route with real llama.cpp generation.

Each API is checked for its shape, its usage counts against the model's own tokenizer (through
the server's /tokenize), determinism, streaming (the deltas add up to the non-streaming text of
the same request, one delta per completion token) and its errors. The `llm_server` fixture is
test/conftest.py's; a missing node or node-llama-cpp fails these tests (never a skip).
"""

import base64
import concurrent.futures
import http.client
import importlib.util
import json
import math
import os
import pathlib
import statistics
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

HERE = pathlib.Path(__file__).resolve().parent


def _helper():
    name = "mlflow_cpp_test_llm_server"  # the name test/conftest.py loads it under
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "llm_server.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


helper = _helper()
make_model = helper.make_model

CHAT = [{"role": "system", "content": "You are a test."},
        {"role": "user", "content": "hello world, what is the model?"}]


# --- helpers --------------------------------------------------------------------------------------
def request(method, url, body=None, headers=None, timeout=60):
    """(status, headers, raw body bytes); HTTP errors are returned, not raised."""
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body).encode()
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def post(url, body, **kw):
    status, headers, raw = request("POST", url, body, **kw)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def ok(url, body, **kw):
    status, out = post(url, body, **kw)
    assert status == 200, out
    return out


def sse_events(raw):
    """[(event name or None, data string)] of a server-sent-events body."""
    events = []
    for block in raw.decode().split("\n\n"):
        if not block.strip():
            continue
        name, data = None, []
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                data.append(line[len("data: "):])
            else:
                raise AssertionError(f"not an SSE line: {line!r}")
        events.append((name, "\n".join(data)))
    return events


def stream(url, body):
    status, headers, raw = request("POST", url, body)
    assert status == 200, raw
    return headers, raw


def tokenize(base, text, add_special=True):
    return ok(base + "/tokenize", {"content": text, "add_special": add_special})["tokens"]


def chatml(messages):
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + \
        "<|im_start|>assistant\n"


def check_pieces(base, pieces, completion_tokens, text):
    """One non-empty piece per completion token; the pieces make the text; the model's
    tokenizer reads the text back in at most that many tokens and round-trips it."""
    assert len(pieces) == completion_tokens
    assert all(pieces), pieces
    assert "".join(pieces) == text
    tokens = tokenize(base, text, add_special=False)
    assert 1 <= len(tokens) <= completion_tokens
    assert ok(base + "/detokenize", {"tokens": tokens})["content"] == text


# --- the model ------------------------------------------------------------------------------------
def test_model_is_deterministic_small_and_cached_by_version(tmp_path):
    a = make_model.write_model(tmp_path / "a.gguf").read_bytes()
    b = make_model.write_model(tmp_path / "b.gguf").read_bytes()
    assert a == b
    assert a[:4] == b"GGUF" and struct.unpack("<I", a[4:8])[0] == 3
    assert 50_000 < len(a) < 200_000
    path = make_model.default_model_path()
    assert path.name == f"tiny-llama-chatml-v{make_model.MODEL_VERSION}.gguf"
    assert make_model.ensure_model(path).read_bytes() == a


def test_health_and_utility_routes(llm_server):
    status, _, raw = request("GET", llm_server.url + "/health")
    health = json.loads(raw)
    assert status == 200 and health["status"] == "ok" and health["threads"] == 1
    assert health["model"] == make_model.default_model_path().name
    models = json.loads(request("GET", llm_server.url + "/v1/models")[2])
    assert models["object"] == "list" and models["data"][0]["object"] == "model"
    assert json.loads(request("GET", llm_server.url + "/api/tags")[2])["models"]


def test_echo_route_returns_the_body(llm_server):
    body = b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}'
    status, headers, raw = request("POST", llm_server.url + "/v1/echo", body)
    assert status == 200 and raw == body
    assert headers["Content-Type"] == "application/json"
    status, _, raw = request("GET", llm_server.url + "/v1/echo")
    assert status == 200 and raw == b""


# --- OpenAI chat completions ----------------------------------------------------------------------
def test_chat_completion_usage_counts_the_templated_prompt(llm_server):
    base = llm_server.url
    out = ok(base + "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": CHAT, "max_tokens": 12})
    assert out["object"] == "chat.completion" and out["model"] == "gpt-4o-mini"
    assert out["id"].startswith("chatcmpl-")
    choice = out["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["finish_reason"] == "length"
    text = choice["message"]["content"]
    assert text
    usage = out["usage"]
    assert usage["prompt_tokens"] == len(tokenize(base, chatml(CHAT)))
    assert usage["completion_tokens"] == 12
    assert usage["total_tokens"] == usage["prompt_tokens"] + 12
    assert len(tokenize(base, text, add_special=False)) <= 12


def test_chat_completion_is_deterministic_and_depends_on_the_prompt(llm_server):
    url = llm_server.url + "/v1/chat/completions"
    body = {"model": "m", "messages": CHAT}
    first = ok(url, body)["choices"][0]["message"]["content"]
    assert ok(url, body)["choices"][0]["message"]["content"] == first
    prompts = ["hello", "what is paris?", "tell me a token", "trace the span", "1, 2, 3"]
    texts = {ok(url, {"model": "m", "messages": [{"role": "user", "content": p}]})
             ["choices"][0]["message"]["content"] for p in prompts}
    assert len(texts) >= 2, texts  # generated from the prompt, not canned


def test_chat_max_tokens_default_and_precedence(llm_server):
    url = llm_server.url + "/v1/chat/completions"
    assert ok(url, {"model": "m", "messages": CHAT})["usage"]["completion_tokens"] == 16
    out = ok(url, {"model": "m", "messages": CHAT, "max_tokens": 9, "max_completion_tokens": 3})
    assert out["usage"]["completion_tokens"] == 3
    assert ok(url, {"model": "m", "messages": CHAT, "max_tokens": 1})["usage"]["completion_tokens"] == 1


def test_chat_streaming_adds_up_to_the_non_streaming_answer(llm_server):
    base = llm_server.url
    body = {"model": "gpt-4o", "messages": CHAT, "max_tokens": 10}
    whole = ok(base + "/v1/chat/completions", body)
    headers, raw = stream(base + "/v1/chat/completions",
                          {**body, "stream": True, "stream_options": {"include_usage": True}})
    assert headers["Content-Type"].startswith("text/event-stream")
    events = sse_events(raw)
    assert events[-1] == (None, "[DONE]")
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == "gpt-4o" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    usage_chunk = chunks[-1]
    assert usage_chunk["choices"] == [] and usage_chunk["usage"] == whole["usage"]
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"
    assert all(c["usage"] is None for c in chunks[:-1])
    pieces = [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]]
    check_pieces(base, pieces, whole["usage"]["completion_tokens"],
                 whole["choices"][0]["message"]["content"])


def test_chat_streaming_without_include_usage_has_no_usage(llm_server):
    _, raw = stream(llm_server.url + "/v1/chat/completions",
                    {"model": "m", "messages": CHAT, "max_tokens": 3, "stream": True})
    events = sse_events(raw)
    chunks = [json.loads(d) for _, d in events[:-1]]
    assert events[-1][1] == "[DONE]"
    assert all("usage" not in c and c["choices"] for c in chunks)
    assert len(chunks) == 1 + 3 + 1  # role, one per token, finish_reason


def test_chat_accepts_tools_and_tool_messages(llm_server):
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                                               "parameters": {"type": "object", "properties": {
                                                   "city": {"type": "string"}}}}}]
    messages = [
        {"role": "user", "content": "weather in paris?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\"city\": \"paris\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        {"role": "user", "content": [{"type": "text", "text": "and "}, {"type": "text", "text": "now?"}]},
    ]
    out = ok(llm_server.url + "/v1/chat/completions",
             {"model": "m", "messages": messages, "tools": tools, "tool_choice": "auto", "max_tokens": 4})
    assert out["choices"][0]["message"]["content"]
    assert out["usage"]["completion_tokens"] == 4
    assert out["usage"]["prompt_tokens"] > 20


# --- OpenAI completions, embeddings, responses ----------------------------------------------------
def test_completions(llm_server):
    base = llm_server.url
    body = {"model": "gpt-3.5-turbo-instruct", "prompt": "the capital of france is", "max_tokens": 7}
    out = ok(base + "/v1/completions", body)
    assert out["object"] == "text_completion" and out["id"].startswith("cmpl-")
    choice = out["choices"][0]
    assert choice["index"] == 0 and choice["finish_reason"] == "length" and choice["text"]
    assert out["usage"]["prompt_tokens"] == len(tokenize(base, body["prompt"]))
    assert out["usage"]["completion_tokens"] == 7
    assert out["usage"]["total_tokens"] == out["usage"]["prompt_tokens"] + 7
    assert ok(base + "/v1/completions", body)["choices"][0]["text"] == choice["text"]

    _, raw = stream(base + "/v1/completions",
                    {**body, "stream": True, "stream_options": {"include_usage": True}})
    events = sse_events(raw)
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(d) for _, d in events[:-1]]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == out["usage"]
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"
    check_pieces(base, [c["choices"][0]["text"] for c in chunks[:-2]], 7, choice["text"])

    many = ok(base + "/v1/completions", {"model": "m", "prompt": ["hello", "the capital of france is"],
                                          "max_tokens": 7})
    assert [c["index"] for c in many["choices"]] == [0, 1]
    assert many["choices"][1]["text"] == choice["text"]
    assert many["usage"]["completion_tokens"] == 14


def test_embeddings(llm_server):
    base = llm_server.url
    one = ok(base + "/v1/embeddings", {"model": "text-embedding-3-small", "input": "hello world"})
    assert one["object"] == "list" and one["model"] == "text-embedding-3-small"
    vector = one["data"][0]["embedding"]
    assert one["data"][0]["object"] == "embedding" and one["data"][0]["index"] == 0
    assert len(vector) == 32 and all(isinstance(x, float) for x in vector)
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-6)
    assert one["usage"] == {"prompt_tokens": len(tokenize(base, "hello world")),
                            "total_tokens": len(tokenize(base, "hello world"))}
    many = ok(base + "/v1/embeddings", {"model": "e", "input": ["hello world", "paris is a city"]})
    assert [d["index"] for d in many["data"]] == [0, 1]
    assert many["data"][0]["embedding"] == vector
    assert many["data"][1]["embedding"] != vector
    assert many["usage"]["prompt_tokens"] == (len(tokenize(base, "hello world"))
                                              + len(tokenize(base, "paris is a city")))
    b64 = ok(base + "/v1/embeddings", {"model": "e", "input": "hello world", "encoding_format": "base64"})
    floats = struct.unpack("<32f", base64.b64decode(b64["data"][0]["embedding"]))
    assert all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-7) for a, b in zip(floats, vector))


def test_responses(llm_server):
    base = llm_server.url
    body = {"model": "gpt-4.1", "instructions": "You are a test.", "input": "hello world",
            "max_output_tokens": 6}
    out = ok(base + "/v1/responses", body)
    assert out["object"] == "response" and out["id"].startswith("resp_") and out["model"] == "gpt-4.1"
    assert out["status"] == "incomplete"
    assert out["incomplete_details"] == {"reason": "max_output_tokens"}
    item = out["output"][0]
    assert item["type"] == "message" and item["role"] == "assistant"
    part = item["content"][0]
    assert part["type"] == "output_text" and part["text"]
    messages = [{"role": "system", "content": "You are a test."}, {"role": "user", "content": "hello world"}]
    usage = out["usage"]
    assert usage["input_tokens"] == len(tokenize(base, chatml(messages)))
    assert usage["output_tokens"] == 6 and usage["total_tokens"] == usage["input_tokens"] + 6

    as_list = ok(base + "/v1/responses", {**body, "input": [
        {"role": "user", "content": [{"type": "input_text", "text": "hello world"}]}]})
    assert as_list["output"][0]["content"][0]["text"] == part["text"]
    assert as_list["usage"] == usage

    _, raw = stream(base + "/v1/responses", {**body, "stream": True})
    events = sse_events(raw)
    names = [name for name, _ in events]
    datas = [json.loads(d) for _, d in events]
    assert all(d["type"] == n for n, d in zip(names, datas))
    assert [d["sequence_number"] for d in datas] == list(range(len(datas)))
    assert names[:4] == ["response.created", "response.in_progress", "response.output_item.added",
                         "response.content_part.added"]
    assert names[-4:] == ["response.output_text.done", "response.content_part.done",
                          "response.output_item.done", "response.incomplete"]
    deltas = [d["delta"] for d in datas if d["type"] == "response.output_text.delta"]
    check_pieces(base, deltas, 6, part["text"])
    assert datas[-1]["response"]["usage"] == usage


# --- Anthropic ------------------------------------------------------------------------------------
def test_anthropic_messages(llm_server):
    base = llm_server.url
    body = {"model": "claude-3-5-haiku", "system": "You are a test.", "max_tokens": 8,
            "messages": [{"role": "user", "content": "hello world"}]}
    headers = {"x-api-key": "sk-ant-secret", "anthropic-version": "2023-06-01"}
    out = ok(base + "/v1/messages", body, headers=headers)
    assert out["type"] == "message" and out["role"] == "assistant" and out["model"] == "claude-3-5-haiku"
    assert out["id"].startswith("msg_")
    assert out["content"][0]["type"] == "text" and out["content"][0]["text"]
    assert out["stop_reason"] == "max_tokens" and out["stop_sequence"] is None
    messages = [{"role": "system", "content": "You are a test."}, {"role": "user", "content": "hello world"}]
    assert out["usage"]["input_tokens"] == len(tokenize(base, chatml(messages)))
    assert out["usage"]["output_tokens"] == 8
    blocks = ok(base + "/v1/messages", {**body, "system": [{"type": "text", "text": "You are a test."}],
                                         "messages": [{"role": "user", "content": [
                                             {"type": "text", "text": "hello world"}]}]})
    assert blocks["content"] == out["content"] and blocks["usage"] == out["usage"]

    _, raw = stream(base + "/v1/messages", {**body, "stream": True})
    events = sse_events(raw)
    names = [n for n, _ in events]
    datas = [json.loads(d) for _, d in events]
    assert all(d["type"] == n for n, d in zip(names, datas))
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(names[3:-3]) == {"content_block_delta"}
    assert datas[0]["message"]["usage"]["input_tokens"] == out["usage"]["input_tokens"]
    assert datas[-2]["delta"]["stop_reason"] == "max_tokens"
    assert datas[-2]["usage"]["output_tokens"] == 8
    deltas = [d["delta"] for d in datas[3:-3]]
    assert all(d["type"] == "text_delta" for d in deltas)
    check_pieces(base, [d["text"] for d in deltas], 8, out["content"][0]["text"])


def test_anthropic_requires_max_tokens(llm_server):
    status, out = post(llm_server.url + "/v1/messages",
                       {"model": "claude", "messages": [{"role": "user", "content": "hi"}]})
    assert status == 400
    assert out["type"] == "error" and out["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in out["error"]["message"]


# --- Ollama ---------------------------------------------------------------------------------------
def ndjson(raw):
    return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]


def check_ollama_counts(last, prompt_tokens, eval_count):
    assert last["done"] is True and last["done_reason"] == "length"
    assert last["prompt_eval_count"] == prompt_tokens and last["eval_count"] == eval_count
    for key in ("total_duration", "eval_duration", "prompt_eval_duration"):
        assert isinstance(last[key], int) and last[key] > 0, key
    assert last["total_duration"] >= last["eval_duration"]


def test_ollama_chat_streams_by_default(llm_server):
    base = llm_server.url
    body = {"model": "llama3.2", "messages": CHAT, "options": {"num_predict": 5}}
    headers, raw = stream(base + "/api/chat", body)
    assert headers["Content-Type"].startswith("application/x-ndjson")
    lines = ndjson(raw)
    assert all(line["model"] == "llama3.2" and line["created_at"] for line in lines)
    assert all(line["done"] is False for line in lines[:-1])
    prompt_tokens = len(tokenize(base, chatml(CHAT)))
    check_ollama_counts(lines[-1], prompt_tokens, 5)
    assert lines[-1]["message"] == {"role": "assistant", "content": ""}
    whole = ok(base + "/api/chat", {**body, "stream": False})
    assert whole["done"] is True and whole["message"]["role"] == "assistant"
    check_ollama_counts(whole, prompt_tokens, 5)
    check_pieces(base, [line["message"]["content"] for line in lines[:-1]], 5, whole["message"]["content"])
    assert ok(base + "/api/chat", {"model": "m", "messages": CHAT, "stream": False})["eval_count"] == 16


def test_ollama_generate(llm_server):
    base = llm_server.url
    body = {"model": "llama3.2", "prompt": "hello world", "system": "You are a test.",
            "options": {"num_predict": 6}}
    lines = ndjson(stream(base + "/api/generate", body)[1])
    messages = [{"role": "system", "content": "You are a test."}, {"role": "user", "content": "hello world"}]
    prompt_tokens = len(tokenize(base, chatml(messages)))
    check_ollama_counts(lines[-1], prompt_tokens, 6)
    whole = ok(base + "/api/generate", {**body, "stream": False})
    check_ollama_counts(whole, prompt_tokens, 6)
    check_pieces(base, [line["response"] for line in lines[:-1]], 6, whole["response"])
    raw = ok(base + "/api/generate", {"model": "m", "prompt": "hello world", "raw": True, "stream": False,
                                      "options": {"num_predict": 2}})
    assert raw["prompt_eval_count"] == len(tokenize(base, "hello world")) and raw["eval_count"] == 2


def test_ollama_embed(llm_server):
    base = llm_server.url
    out = ok(base + "/api/embed", {"model": "all-minilm", "input": ["hello world", "paris"]})
    assert out["model"] == "all-minilm" and len(out["embeddings"]) == 2
    assert all(len(v) == 32 for v in out["embeddings"])
    assert out["prompt_eval_count"] == len(tokenize(base, "hello world")) + len(tokenize(base, "paris"))
    single = ok(base + "/api/embed", {"model": "all-minilm", "input": "hello world"})
    assert single["embeddings"] == out["embeddings"][:1]
    openai = ok(base + "/v1/embeddings", {"model": "e", "input": "hello world"})
    assert openai["data"][0]["embedding"] == single["embeddings"][0]


# --- Gemini ---------------------------------------------------------------------------------------
GEMINI_BODY = {"systemInstruction": {"parts": [{"text": "You are a test."}]},
               "contents": [{"role": "user", "parts": [{"text": "hello world"}]},
                            {"role": "model", "parts": [{"text": "hi"}]},
                            {"role": "user", "parts": [{"text": "what is paris?"}]}],
               "generationConfig": {"maxOutputTokens": 7, "temperature": 0.3}}
GEMINI_MESSAGES = [{"role": "system", "content": "You are a test."},
                   {"role": "user", "content": "hello world"},
                   {"role": "assistant", "content": "hi"},
                   {"role": "user", "content": "what is paris?"}]


def test_gemini_generate_content(llm_server):
    base = llm_server.url
    url = base + "/v1beta/models/gemini-2.0-flash:generateContent?key=secret"
    out = ok(url, GEMINI_BODY)
    candidate = out["candidates"][0]
    assert candidate["content"]["role"] == "model" and candidate["finishReason"] == "MAX_TOKENS"
    text = candidate["content"]["parts"][0]["text"]
    assert text
    prompt_tokens = len(tokenize(base, chatml(GEMINI_MESSAGES)))
    usage = out["usageMetadata"]
    assert usage["promptTokenCount"] == prompt_tokens and usage["candidatesTokenCount"] == 7
    assert usage["totalTokenCount"] == prompt_tokens + 7
    assert out["modelVersion"] == "gemini-2.0-flash"
    assert ok(url, GEMINI_BODY)["candidates"][0]["content"]["parts"][0]["text"] == text
    counted = ok(base + "/v1beta/models/gemini-2.0-flash:countTokens", GEMINI_BODY)
    assert counted["totalTokens"] == prompt_tokens


def test_gemini_stream_generate_content(llm_server):
    base = llm_server.url
    whole = ok(base + "/v1beta/models/gemini-2.0-flash:generateContent", GEMINI_BODY)
    text = whole["candidates"][0]["content"]["parts"][0]["text"]
    headers, raw = stream(base + "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
                          GEMINI_BODY)
    assert headers["Content-Type"].startswith("text/event-stream")
    chunks = [json.loads(d) for _, d in sse_events(raw)]
    assert len(chunks) == 7
    assert all("finishReason" not in c["candidates"][0] for c in chunks[:-1])
    assert chunks[-1]["candidates"][0]["finishReason"] == "MAX_TOKENS"
    assert chunks[-1]["usageMetadata"] == whole["usageMetadata"]
    assert all(c["modelVersion"] == "gemini-2.0-flash" for c in chunks)
    check_pieces(base, [c["candidates"][0]["content"]["parts"][0]["text"] for c in chunks], 7, text)
    # Without alt=sse: one JSON array of the same chunks.
    _, raw = stream(base + "/v1beta/models/gemini-2.0-flash:streamGenerateContent", GEMINI_BODY)
    array = json.loads(raw)
    assert [c["candidates"] for c in array] == [c["candidates"] for c in chunks]


# --- errors ---------------------------------------------------------------------------------------
def test_unknown_routes_are_404(llm_server):
    status, _, raw = request("POST", llm_server.url + "/v1/chat/complete", b"{}")
    error = json.loads(raw)["error"]
    assert status == 404 and error["type"] == "invalid_request_error" and "message" in error
    status, _, raw = request("GET", llm_server.url + "/nothing/here")
    assert status == 404
    status, _, raw = request("POST", llm_server.url + "/api/nothing", b"{}")
    assert status == 404 and raw == b"404 page not found"
    status, _, raw = request("POST", llm_server.url + "/v1beta/models/g:doSomething", b"{}")
    assert status == 404 and json.loads(raw)["error"]["status"] == "NOT_FOUND"
    status, headers, _ = request("GET", llm_server.url + "/v1/chat/completions")
    assert status == 405 and headers["Allow"] == "POST"


@pytest.mark.parametrize("path,shape", [
    ("/v1/chat/completions", "openai"), ("/v1/completions", "openai"), ("/v1/embeddings", "openai"),
    ("/v1/responses", "openai"), ("/v1/messages", "anthropic"), ("/api/chat", "ollama"),
    ("/api/generate", "ollama"), ("/api/embed", "ollama"),
    ("/v1beta/models/gemini-2.0-flash:generateContent", "gemini"),
])
def test_invalid_json_is_400_in_the_api_shape(llm_server, path, shape):
    status, out = post(llm_server.url + path, b'{"model": "m", "messages": [')
    assert status == 400
    assert_error_shape(out, shape, 400)


def assert_error_shape(out, shape, status):
    if shape == "openai":
        assert set(out["error"]) >= {"message", "type", "code"} and out["error"]["message"]
    elif shape == "anthropic":
        assert out["type"] == "error" and out["error"]["type"] and out["error"]["message"]
    elif shape == "ollama":
        assert list(out) == ["error"] and isinstance(out["error"], str)
    else:
        assert out["error"]["code"] == status and out["error"]["message"] and out["error"]["status"]


@pytest.mark.parametrize("path,body,shape", [
    ("/v1/chat/completions", {"messages": CHAT}, "openai"),
    ("/v1/completions", {"prompt": "hi"}, "openai"),
    ("/v1/embeddings", {"input": "hi"}, "openai"),
    ("/v1/responses", {"input": "hi"}, "openai"),
    ("/v1/messages", {"max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}, "anthropic"),
    ("/api/chat", {"messages": CHAT}, "ollama"),
    ("/api/generate", {"prompt": "hi"}, "ollama"),
    ("/api/embed", {"input": "hi"}, "ollama"),
])
def test_missing_model_is_404_in_the_api_shape(llm_server, path, body, shape):
    status, out = post(llm_server.url + path, {"model": "missing-model", **body})
    assert status == 404, out
    assert_error_shape(out, shape, 404)
    assert "missing-model" in json.dumps(out)


def test_missing_gemini_model_is_404(llm_server):
    for method in ("generateContent", "streamGenerateContent?alt=sse"):
        status, out = post(llm_server.url + f"/v1beta/models/missing-model:{method}", GEMINI_BODY)
        assert status == 404
        assert_error_shape(out, "gemini", 404)


def test_openai_errors(llm_server):
    base = llm_server.url
    status, out = post(base + "/v1/chat/completions", {"model": "m"})
    assert status == 400 and out["error"]["param"] == "messages"
    status, out = post(base + "/v1/chat/completions", {"messages": CHAT})
    assert status == 400 and out["error"]["param"] == "model"
    status, out = post(base + "/v1/chat/completions", {"model": "m", "messages": CHAT, "max_tokens": 0})
    assert status == 400 and out["error"]["param"] == "max_tokens"
    long_prompt = [{"role": "user", "content": "x" * 5000}]
    status, out = post(base + "/v1/chat/completions", {"model": "m", "messages": long_prompt, "stream": True})
    assert status == 400 and out["error"]["code"] == "context_length_exceeded"


# --- behaviour --------------------------------------------------------------------------------------
def test_a_16_token_request_takes_well_under_a_second(llm_server):
    url = llm_server.url + "/v1/chat/completions"
    times = []
    for _ in range(5):
        start = time.monotonic()
        assert ok(url, {"model": "m", "messages": CHAT, "max_tokens": 16})["usage"]["completion_tokens"] == 16
        times.append(time.monotonic() - start)
    print(f"16-token chat completions: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    # The fastest of five: a single slow one is the machine's load, not the server.
    assert min(times) < 0.5, times


def test_concurrent_requests_queue_and_give_the_sequential_answers(llm_server):
    url = llm_server.url + "/v1/chat/completions"
    prompts = [f"hello {n}" for n in range(6)]

    def answer(p):
        return ok(url, {"model": "m", "messages": [{"role": "user", "content": p}]})["choices"][0]["message"]["content"]

    sequential = [answer(p) for p in prompts]
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        assert list(pool.map(answer, prompts)) == sequential


@pytest.mark.parametrize("path,body", [
    ("/v1/chat/completions", {"model": "m", "messages": CHAT, "stream": True, "max_tokens": 2000}),
    ("/v1/completions", {"model": "m", "prompt": ["hello", "world"], "stream": True, "max_tokens": 2000,
                         "stream_options": {"include_usage": True}}),
    ("/v1/responses", {"model": "m", "input": "hello", "stream": True, "max_output_tokens": 2000}),
    ("/v1/messages", {"model": "m", "messages": CHAT[1:], "stream": True, "max_tokens": 2000}),
    ("/api/chat", {"model": "m", "messages": CHAT, "options": {"num_predict": 2000}}),
    ("/v1beta/models/g:streamGenerateContent",
     {"contents": [{"parts": [{"text": "hi"}]}], "generationConfig": {"maxOutputTokens": 2000}}),
])
def test_a_client_leaving_mid_stream_does_not_wedge_the_server(llm_server, path, body):
    conn = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=30)
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 200
    assert response.read1(64)
    conn.close()
    out = ok(llm_server.url + "/v1/chat/completions", {"model": "m", "messages": CHAT, "max_tokens": 2},
             timeout=30)
    assert out["usage"]["completion_tokens"] == 2
    assert request("GET", llm_server.url + "/health")[0] == 200


def test_credentials_are_accepted_and_never_logged(llm_server):
    secret = "sk-test-" + os.urandom(8).hex()
    ok(llm_server.url + "/v1/chat/completions", {"model": "m", "messages": CHAT, "max_tokens": 1},
       headers={"Authorization": f"Bearer {secret}", "x-api-key": secret, "x-goog-api-key": secret})
    assert secret not in llm_server.log()
    assert "POST /v1/chat/completions 200" in llm_server.log()


# --- the helper and its command line -----------------------------------------------------------------
def test_a_missing_node_llama_cpp_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_CPP_NODE_LLAMA_CPP", str(tmp_path))
    with pytest.raises(helper.LlmServerError, match="node-llama-cpp is not installed"):
        helper.LlmServer(tmp_path).start(timeout=30)


def test_command_line_start_and_stop(tmp_path):
    script = str(HERE / "llm_server.py")
    result = subprocess.run([sys.executable, script, "start", "--workdir", str(tmp_path),
                             "--url-file", str(tmp_path / "url"), "--pid-file", str(tmp_path / "pid")],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    url, pid = result.stdout.split()
    try:
        assert (tmp_path / "url").read_text().strip() == url
        assert (tmp_path / "pid").read_text().strip() == pid
        out = ok(url + "/api/generate", {"model": "m", "prompt": "hi", "stream": False,
                                         "options": {"num_predict": 2}})
        assert out["eval_count"] == 2
    finally:
        subprocess.run([sys.executable, script, "stop", "--pid-file", str(tmp_path / "pid")],
                       check=True, timeout=60)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/health", timeout=5)


def test_command_line_serve_prints_the_url_and_stops_at_end_of_input(tmp_path):
    proc = subprocess.Popen([sys.executable, str(HERE / "llm_server.py"), "serve", "--stdin-eof",
                             "--workdir", str(tmp_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert request("GET", url + "/health")[0] == 200
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/health", timeout=5)


def test_the_server_stops_when_the_watched_process_is_gone(tmp_path):
    watched = subprocess.Popen(["sleep", "60"])
    server = helper.LlmServer(tmp_path, watch_pid=watched.pid).start(timeout=60)
    try:
        assert request("GET", server.url + "/health")[0] == 200
        watched.kill()
        watched.wait()
        server.proc.wait(timeout=15)  # checked once a second
        assert server.proc.returncode == 0
        assert "is gone; stopping" in server.log()
    finally:
        server.stop()
        if watched.poll() is None:
            watched.kill()
