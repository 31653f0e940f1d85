"""libcurl autolog: a program that POSTs to LLM routes with curl_easy_perform, compiled with the
plugin and nothing else, against the real local LLM server (test/llm_server)."""

import json
import socket

import pytest
from mlflow.entities import SpanStatusCode

from harness import PROGRAMS, build_both, stable

CHAT = {"model": "tiny-chat",
        "messages": [{"role": "system", "content": "You are terse."},
                     {"role": "user", "content": "Say hi"}],
        "max_tokens": 8}
STREAM = dict(CHAT, stream=True, stream_options={"include_usage": True})


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("libcurl")
    source = [PROGRAMS / "libcurl_requests.cpp"]
    return build_both(toolchain, source, work, libs=["-lcurl"])


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sse_deltas(stdout):
    text = ""
    for line in stdout.splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            chunk = json.loads(line[len("data: "):])
            for choice in chunk.get("choices", []):
                text += choice.get("delta", {}).get("content") or ""
    return text


def test_compiles_without_diagnostics(programs):
    traced, _ = programs
    assert traced.compile_stderr == ""


def test_chat_completion_is_a_chat_span(programs, llm_server):
    traced, plain = programs
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT))
    response = json.loads(run.stdout.splitlines()[0])
    [trace] = run.traces
    [span] = trace.data.spans
    assert span.span_type == "CHAT_MODEL"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == CHAT
    assert span.outputs["choices"][0]["message"]["content"] == \
        response["choices"][0]["message"]["content"]
    usage = response["usage"]
    recorded = span.get_attribute("mlflow.chat.tokenUsage")
    assert {k: recorded[k] for k in ("input_tokens", "output_tokens", "total_tokens")} == {
        "input_tokens": usage["prompt_tokens"], "output_tokens": usage["completion_tokens"],
        "total_tokens": usage["total_tokens"]}
    # The trace's total is this call's, once.
    assert trace.info.token_usage["total_tokens"] == usage["total_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-chat"
    assert span.get_attribute("mlflow.message.format") == "openai"
    # The program computes exactly what it does without the plugin (the server is greedy).
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT)).stdout)


def test_stream_chunks_reach_the_program_and_the_span(programs, llm_server):
    traced, plain = programs
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(STREAM))
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions",
                                   json.dumps(STREAM)).stdout)
    text = sse_deltas(run.stdout)
    assert text
    [span] = run.traces[0].data.spans
    assert span.outputs["choices"][0]["message"]["content"] == text
    assert span.get_attribute("mlflow.chat.tokenUsage")["output_tokens"] > 0
    assert len(span.events) >= 2  # the chunks, as events


def test_http_error_is_an_error_span(programs, llm_server):
    traced, plain = programs
    body = json.dumps(dict(CHAT, model="missing-model"))
    run = traced.run(llm_server.url, "/v1/chat/completions", body, expect_returncode=1)
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions", body,
                                   expect_returncode=1).stdout)
    assert "status=404" in run.stdout
    [span] = run.traces[0].data.spans
    assert span.status.status_code == SpanStatusCode.ERROR
    message = json.loads(run.stdout.splitlines()[0])["error"]["message"]
    assert message in span.status.description


def test_unreachable_server_is_an_error_span(programs):
    traced, plain = programs
    url = f"http://127.0.0.1:{closed_port()}"
    run = traced.run(url, "/v1/chat/completions", json.dumps(CHAT), expect_returncode=1)
    assert stable(run.stdout) == stable(plain.run(url, "/v1/chat/completions", json.dumps(CHAT),
                                   expect_returncode=1).stdout)
    assert "curl=7" in run.stdout  # CURLE_COULDNT_CONNECT
    [span] = run.traces[0].data.spans
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "connect" in span.status.description.lower()


def test_other_requests_on_the_same_handle_are_not_traced(programs, llm_server):
    traced, _ = programs
    run = traced.run(llm_server.url, "/v1/echo", '{"ping":1}',
                     "/v1/chat/completions", json.dumps(CHAT), "/v1/echo", '{"ping":2}')
    assert run.stdout.startswith('{"ping":1}')
    spans = [s for t in run.traces for s in t.data.spans]
    assert [s.span_type for s in spans] == ["CHAT_MODEL"]


def test_secrets_never_leave_the_process(programs, llm_server):
    traced, _ = programs
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT),
                     "/v1/chat/completions", json.dumps(STREAM))
    assert len(run.traces) == 2
    assert b"SECRET" not in run.store_bytes
    assert b"Bearer" not in run.store_bytes


def test_default_writer_still_writes_to_stdout(programs, llm_server):
    traced, plain = programs
    env = {"MODE": "default-writer"}
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT), env=env)
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT),
                                   env=env).stdout)
    assert json.loads(run.stdout.splitlines()[0])["choices"]
    [span] = run.traces[0].data.spans
    assert span.outputs["choices"]


def test_a_stream_the_program_stops_ends_the_span(programs, llm_server):
    traced, plain = programs
    env = {"MODE": "stop-early"}
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(STREAM), env=env,
                     expect_returncode=1)
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions", json.dumps(STREAM),
                                   env=env, expect_returncode=1).stdout)
    assert "curl=23" in run.stdout  # CURLE_WRITE_ERROR: the program's writer said stop
    [span] = run.traces[0].data.spans
    assert span.end_time_ns is not None


@pytest.mark.parametrize("setting,traced_count", [("none", 0), ("cpp-httplib", 0),
                                                  ("libcurl", 1), ("all", 1)])
def test_switched_at_run_time_by_environment(programs, llm_server, setting, traced_count):
    traced, _ = programs
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT),
                     env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(run.traces) == traced_count


PROVIDERS = [
    ("/v1/completions", {"model": "tiny", "prompt": "Once upon", "max_tokens": 6}, "LLM"),
    ("/v1/embeddings", {"model": "tiny-embed", "input": "hello"}, "EMBEDDING"),
    ("/v1/messages", {"model": "tiny-claude", "max_tokens": 6,
                      "messages": [{"role": "user", "content": "Hi"}]}, "CHAT_MODEL"),
    ("/api/chat", {"model": "tiny-llama", "stream": False,
                   "messages": [{"role": "user", "content": "Hi"}],
                   "options": {"num_predict": 6}}, "CHAT_MODEL"),
    ("/api/generate", {"model": "tiny-llama", "prompt": "Hi", "options": {"num_predict": 6}},
     "LLM"),
    ("/v1beta/models/tiny-gemini:generateContent",
     {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
      "generationConfig": {"maxOutputTokens": 6}}, "LLM"),  # as MLflow's google-genai autolog
]


@pytest.mark.parametrize("path,body,span_type", PROVIDERS, ids=[p[0] for p in PROVIDERS])
def test_every_route_makes_its_span(programs, llm_server, path, body, span_type):
    traced, plain = programs
    run = traced.run(llm_server.url, path, json.dumps(body))
    assert stable(run.stdout) == stable(plain.run(llm_server.url, path, json.dumps(body)).stdout)
    [span] = run.traces[0].data.spans
    assert span.span_type == span_type
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == body
    usage = span.get_attribute("mlflow.chat.tokenUsage")
    assert usage and usage["input_tokens"] > 0
