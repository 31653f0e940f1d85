"""liboai autolog: a program calling D7EAD/liboai (its test double, sdk/liboai, built as a shared
library without the plugin, as a prebuilt SDK is), compiled with the plugin and nothing else,
against the real local LLM server."""

import json

import pytest
from mlflow.entities import SpanStatusCode

from harness import PROGRAMS, all_spans, build_both, openai_usage, recorded_usage, run_both, stable
from sdk.doubles import build_library, include

SOURCE = [PROGRAMS / "liboai_calls.cpp"]
MESSAGES = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Say hi"}]
CHAT = {"model": "tiny-chat", "messages": MESSAGES, "max_tokens": 8}


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("liboai")
    libs = build_library(toolchain, "liboai", work)
    flags = [include("liboai")]
    return build_both(toolchain, SOURCE, work, flags=flags, libs=libs)


def test_compiles_without_diagnostics(programs):
    traced, _ = programs
    assert traced.compile_stderr == ""


def test_chat_is_a_chat_model_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "chat")
    lines = run.stdout.splitlines()
    response = json.loads(lines[0])
    [trace] = run.traces
    [span] = trace.data.spans
    assert span.name == "liboai::ChatCompletion::create"
    assert span.span_type == "CHAT_MODEL"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == CHAT  # the body liboai builds from the arguments
    assert span.outputs == response
    assert lines[1] == "reply: " + response["choices"][0]["message"]["content"]
    assert recorded_usage(span) == openai_usage(response)
    assert trace.info.token_usage["total_tokens"] == response["usage"]["total_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-chat"
    assert span.get_attribute("mlflow.message.format") == "openai"
    assert span.get_attribute("mlflow.autolog.integration") == "liboai"


def test_completion_is_an_llm_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "completion")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "liboai::Completions::create"
    assert span.span_type == "LLM"
    assert span.inputs == {"model": "tiny-complete", "prompt": "Once upon", "max_tokens": 6}
    assert span.outputs == response
    assert recorded_usage(span) == openai_usage(response)


def test_embedding_is_an_embedding_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "embedding")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "liboai::Embeddings::create"
    assert span.span_type == "EMBEDDING"
    assert span.inputs == {"model": "tiny-embed", "input": "hello"}
    assert span.outputs == response
    assert span.get_attribute("mlflow.chat.tokenUsage")["input_tokens"] == \
        response["usage"]["prompt_tokens"]


def test_stream_callback_gets_the_events_and_the_span_too(programs, llm_server):
    run = run_both(programs, llm_server.url, "stream")
    status, reply = run.stdout.splitlines()
    assert status == "status 200 content ''"
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == dict(CHAT, stream=True)
    chunks = [e for e in span.events if e.name.startswith("mlflow.chunk.item.")]
    assert len(chunks) >= 8  # one per token at least (max_tokens 8)
    # What the conversation assembled from the callback's data is what the span aggregated.
    assert "reply: " + span.outputs["choices"][0]["message"]["content"] == reply
    assert span.get_attribute("gen_ai.request.stream") is True


def test_a_stream_the_callback_stops_ends_as_cancelled(programs, llm_server):
    run = run_both(programs, llm_server.url, "cancel", returncode=1)
    # liboai reports the aborted transfer as an exception: the program gets the same one.
    assert run.stdout.startswith("exception: liboai::netimpl::Session::Perform(): ")
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.OK
    assert [e.name for e in span.events] == ["mlflow.chunk.item.0", "cancelled"]


def test_error_is_an_error_span_and_the_same_exception(programs, llm_server):
    run = run_both(programs, llm_server.url, "error", returncode=1)
    message = "The model `missing-model` does not exist or you do not have access to it."
    assert message in run.stdout
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert message in span.status.description
    assert "OpenAIException" in span.status.description


def test_async_call_is_its_own_span_not_the_callers_parent(programs, llm_server):
    run = run_both(programs, llm_server.url, "async")
    response = json.loads(run.stdout.splitlines()[1])
    chat = [s for s in all_spans(run) if s.name == "liboai::ChatCompletion::create_async"]
    embedding = [s for s in all_spans(run) if s.name == "liboai::Embeddings::create"]
    assert len(chat) == 1 and len(embedding) == 1
    [chat], [embedding] = chat, embedding
    assert chat.span_type == "CHAT_MODEL"
    assert chat.outputs == response
    assert recorded_usage(chat) == openai_usage(response)
    # The embedding the caller made while the request ran is not a child of the chat's span:
    # that span was never the caller's current span.
    assert embedding.parent_id is None and chat.parent_id is None
    assert chat.request_id != embedding.request_id
    assert chat.start_time_ns < embedding.start_time_ns


def test_async_call_stays_in_the_callers_trace(programs, llm_server):
    run = run_both(programs, llm_server.url, "agent")
    [trace] = run.traces
    agent, chat = sorted(trace.data.spans, key=lambda s: s.start_time_ns)
    assert agent.span_type == "AGENT"
    assert chat.name == "liboai::ChatCompletion::create_async"
    assert chat.parent_id == agent.span_id
    assert chat.end_time_ns <= agent.end_time_ns
    assert trace.info.token_usage["total_tokens"] == recorded_usage(chat)["total_tokens"]


def test_async_error_reaches_get_and_the_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "async-error", returncode=1)
    assert run.stdout.startswith("exception: liboai::Response::CheckResponse(): The model")
    [span] = all_spans(run)
    assert span.name == "liboai::ChatCompletion::create_async"
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "missing-model" in span.status.description


def test_the_api_key_never_leaves_the_process(programs, llm_server):
    run = run_both(programs, llm_server.url, "chat", "stream", "async", "error", returncode=1)
    assert len(all_spans(run)) == 5
    assert b"SECRET" not in run.store_bytes
    assert b"Bearer" not in run.store_bytes


@pytest.mark.parametrize("setting,count", [("none", 0), ("libcurl", 0), ("liboai", 1)])
def test_switched_at_run_time(programs, llm_server, setting, count):
    run = run_both(programs, llm_server.url, "chat", env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(all_spans(run)) == count
