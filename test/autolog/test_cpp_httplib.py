"""cpp-httplib autolog: a program that POSTs to LLM routes with httplib::Client (Debian's
libcpp-httplib-dev), compiled with the plugin and nothing else, against the real local LLM
server."""

import json
import socket

import pytest
from mlflow.entities import SpanStatusCode

from harness import PROGRAMS, build_both, pkg_config, stable

CHAT = {"model": "tiny-chat", "messages": [{"role": "user", "content": "Say hi"}],
        "max_tokens": 8}
OLLAMA_STREAM = {"model": "tiny-llama", "messages": [{"role": "user", "content": "Say hi"}],
                 "options": {"num_predict": 8}}  # Ollama streams unless told not to


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("httplib")
    source = [PROGRAMS / "httplib_requests.cpp"]
    # Debian's cpp-httplib is a compiled library: its users must see the configuration it was
    # built with (TLS, zlib, brotli), or its classes have another layout.
    cflags, libs = pkg_config("cpp-httplib")
    return build_both(toolchain, source, work, flags=["-pthread", *cflags], libs=libs)


def test_compiles_without_diagnostics(programs):
    assert programs[0].compile_stderr == ""


@pytest.mark.parametrize("mode", ["", "pointer"])
def test_post_is_a_chat_span(programs, llm_server, mode):
    traced, plain = programs
    env = {"MODE": mode}
    run = traced.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT), env=env)
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT),
                                   env=env).stdout)
    response = json.loads(run.stdout.splitlines()[0])
    [span] = run.traces[0].data.spans
    assert span.span_type == "CHAT_MODEL"
    assert span.inputs == CHAT
    assert span.outputs["choices"][0]["message"]["content"] == \
        response["choices"][0]["message"]["content"]
    assert span.get_attribute("mlflow.chat.tokenUsage")["total_tokens"] == \
        response["usage"]["total_tokens"]
    assert b"SECRET" not in run.store_bytes


def test_ndjson_stream_through_a_content_receiver(programs, llm_server):
    traced, plain = programs
    env = {"MODE": "stream"}
    run = traced.run(llm_server.url, "/api/chat", json.dumps(OLLAMA_STREAM), env=env)
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "/api/chat", json.dumps(OLLAMA_STREAM),
                                   env=env).stdout)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    text = "".join(line["message"]["content"] for line in lines)
    final = lines[-1]
    assert final["done"]
    [span] = run.traces[0].data.spans
    assert span.span_type == "CHAT_MODEL"
    assert span.outputs["message"]["content"] == text
    assert span.get_attribute("mlflow.chat.tokenUsage") == {
        "input_tokens": final["prompt_eval_count"], "output_tokens": final["eval_count"],
        "total_tokens": final["prompt_eval_count"] + final["eval_count"]}
    assert len(span.events) >= 2


def test_error_and_unreachable(programs, llm_server):
    traced, _ = programs
    body = json.dumps(dict(CHAT, model="missing-model"))
    run = traced.run(llm_server.url, "/v1/chat/completions", body, expect_returncode=1)
    [span] = run.traces[0].data.spans
    assert span.status.status_code == SpanStatusCode.ERROR
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = traced.run(f"http://127.0.0.1:{port}", "/v1/chat/completions", json.dumps(CHAT),
                     expect_returncode=1)
    assert "error=" in run.stdout
    [span] = run.traces[0].data.spans
    assert span.status.status_code == SpanStatusCode.ERROR


def test_non_llm_route_is_not_traced(programs, llm_server):
    traced, _ = programs
    run = traced.run(llm_server.url, "/v1/echo", '{"ping":1}')
    assert run.traces == []
