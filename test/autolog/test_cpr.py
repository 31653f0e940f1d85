"""cpr autolog: a program POSTing with libcpr/cpr (its test double, sdk/cpr, built as a shared
library without the plugin, as cpr is), compiled with the plugin and nothing else, against the
real local LLM server. Only requests to LLM routes become spans."""

import json
import socket

import pytest
from mlflow.entities import SpanStatusCode

from harness import PROGRAMS, all_spans, build_both, run_both, stable
from sdk.doubles import build_library, include

SOURCE = [PROGRAMS / "cpr_calls.cpp"]
CHAT = {"model": "tiny-chat",
        "messages": [{"role": "system", "content": "You are terse."},
                     {"role": "user", "content": "Say hi"}],
        "max_tokens": 8}


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("cpr")
    libs = build_library(toolchain, "cpr", work)
    return build_both(toolchain, SOURCE, work, flags=[include("cpr")], libs=libs)


def body_of(stdout):
    """The body a mode printed after its status line."""
    return json.loads(stdout.splitlines()[1])


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_compiles_without_diagnostics(programs):
    traced, _ = programs
    assert traced.compile_stderr == ""


@pytest.mark.parametrize("mode", ["chat", "reordered", "session", "session-view"])
def test_chat_is_a_chat_model_span(programs, llm_server, mode):
    run = run_both(programs, llm_server.url, mode)
    response = body_of(run.stdout)
    [trace] = run.traces
    [span] = trace.data.spans
    assert span.name == "Completions"  # as MLflow's OpenAI autolog names it
    assert span.span_type == "CHAT_MODEL"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == CHAT
    assert span.outputs == response
    usage = span.get_attribute("mlflow.chat.tokenUsage")
    assert (usage["input_tokens"], usage["output_tokens"], usage["total_tokens"]) == (
        response["usage"]["prompt_tokens"], response["usage"]["completion_tokens"],
        response["usage"]["total_tokens"])
    assert trace.info.token_usage["total_tokens"] == response["usage"]["total_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-chat"
    assert span.get_attribute("mlflow.message.format") == "openai"
    assert span.get_attribute("mlflow.autolog.integration") == "cpr"
    assert span.get_attribute("url.full") == llm_server.url + "/v1/chat/completions"


def test_stream_write_callback_gets_the_bytes_and_the_span_too(programs, llm_server):
    run = run_both(programs, llm_server.url, "stream")
    text = ""
    for line in run.stdout.replace("|", "\n").splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[len("data: "):]).get("choices", []):
                text += choice.get("delta", {}).get("content") or ""
    [span] = all_spans(run)
    assert span.outputs["choices"][0]["message"]["content"] == text
    assert span.get_attribute("mlflow.chat.tokenUsage")["output_tokens"] == 8
    assert len([e for e in span.events if e.name.startswith("mlflow.chunk.item.")]) >= 8


def test_a_stream_the_callback_stops_ends_as_cancelled(programs, llm_server):
    run = run_both(programs, llm_server.url, "cancel", returncode=1)
    assert "error=14" in run.stdout  # cpr::ErrorCode::WRITE_ERROR, as without the plugin
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.OK
    assert span.events[-1].name == "cancelled"


def test_ollama_route(programs, llm_server):
    run = run_both(programs, llm_server.url, "ollama")
    response = body_of(run.stdout)
    [span] = all_spans(run)
    assert span.name == "ollama.chat"
    assert span.span_type == "CHAT_MODEL"
    assert span.get_attribute("mlflow.chat.tokenUsage")["output_tokens"] == response["eval_count"]


def test_http_error_is_an_error_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "error", returncode=1)
    assert run.stdout.startswith("status=404")
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert body_of(run.stdout)["error"]["message"] in span.status.description


def test_unreachable_server_is_an_error_span(programs):
    run = run_both(programs, f"http://127.0.0.1:{closed_port()}", "chat", returncode=1)
    assert run.stdout.startswith("status=0 error=7")  # COULDNT_CONNECT
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "connect" in span.status.description.lower()


def test_other_requests_are_not_traced(programs, llm_server):
    run = run_both(programs, llm_server.url, "echo", "get", "chat", "echo")
    assert [s.span_type for s in all_spans(run)] == ["CHAT_MODEL"]


def test_nested_under_the_programs_own_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "agent")
    [trace] = run.traces
    agent, chat = sorted(trace.data.spans, key=lambda s: s.start_time_ns)
    assert agent.span_type == "AGENT" and chat.span_type == "CHAT_MODEL"
    assert chat.parent_id == agent.span_id


def test_the_api_key_never_leaves_the_process(programs, llm_server):
    run = run_both(programs, llm_server.url, "chat", "reordered", "stream", "session")
    assert len(all_spans(run)) == 4
    assert b"SECRET" not in run.store_bytes
    assert b"Bearer" not in run.store_bytes


@pytest.mark.parametrize("setting,count", [("none", 0), ("libcurl", 0), ("cpr", 1)])
def test_switched_at_run_time(programs, llm_server, setting, count):
    run = run_both(programs, llm_server.url, "chat", env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(all_spans(run)) == count
