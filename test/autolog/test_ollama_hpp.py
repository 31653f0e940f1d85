"""ollama-hpp autolog: a program calling jmont-dev/ollama-hpp (its test double, sdk/ollama-hpp,
over Debian's cpp-httplib, with nlohmann 3.12.0 standing in for the copy the SDK bundles),
compiled with the plugin and nothing else, against the real local LLM server."""

import json

import pytest
from mlflow.entities import SpanStatusCode

from harness import (PROGRAMS, all_spans, assert_nlohmann_release, pkg_config, recorded_usage,
                     run_both, stable)
from sdk.doubles import include, nlohmann_3_12_include

SOURCE = [PROGRAMS / "ollama_hpp_calls.cpp"]
MESSAGES = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Say hi"}]
CHAT = {"model": "tiny-llama", "messages": MESSAGES, "options": {"num_predict": 8},
        "keep_alive": "5m"}
GENERATE = {"model": "tiny-llama", "prompt": "Once upon", "options": {"num_predict": 8}}


def build(toolchain, out, **kwargs):
    cflags, libs = pkg_config("cpp-httplib")
    return toolchain.build(SOURCE, out, flags=[include("ollama-hpp"), f"-I{nlohmann_3_12_include()}",
                                               *cflags], libs=libs, **kwargs)


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("ollama-hpp")
    return build(toolchain, work / "traced"), build(toolchain, work / "plain", plugin=False)


def usage_of(response):
    return {"input_tokens": response["prompt_eval_count"],
            "output_tokens": response["eval_count"],
            "total_tokens": response["prompt_eval_count"] + response["eval_count"]}


def pieces_and_result(stdout):
    """A streaming mode's output: the pieces its callback printed, and the call's bool."""
    text, returned = stdout.split("\nreturned ")
    return text.split("|")[:-1], returned.split()[0]


def test_compiles_without_diagnostics(programs):
    traced, _ = programs
    assert traced.compile_stderr == ""


def test_the_sdk_nlohmann_is_not_the_runtime_one(programs):
    # Built against nlohmann 3.12.0 (another inline ABI namespace than the runtime's 3.11.2), the
    # program links and runs: the adapter hands the runtime text only.
    assert_nlohmann_release(programs[0], "3_12_0", not_="3_11_2")


def test_chat_is_a_chat_model_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "chat")
    response = json.loads(run.stdout.splitlines()[0])
    [trace] = run.traces
    [span] = trace.data.spans
    assert span.name == "ollama::chat"
    assert span.span_type == "CHAT_MODEL"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == dict(CHAT, stream=False)  # as the SDK sent it
    assert span.outputs == response
    assert recorded_usage(span) == usage_of(response)
    assert trace.info.token_usage["total_tokens"] == usage_of(response)["total_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-llama"
    assert span.get_attribute("mlflow.llm.provider") == "ollama"
    assert span.get_attribute("mlflow.autolog.integration") == "ollama-hpp"
    # MLflow has no Ollama message format: the chat view reads mlflow.chat.messages.
    assert span.get_attribute("mlflow.message.format") is None
    assert span.get_attribute("mlflow.chat.messages") == MESSAGES + [response["message"]]


def test_generate_is_an_llm_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "generate")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "ollama::generate"
    assert span.span_type == "LLM"
    assert span.inputs == dict(GENERATE, stream=False)
    assert span.outputs["response"] == response["response"]
    assert recorded_usage(span) == usage_of(response)


def test_embeddings_are_an_embedding_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "embed")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "ollama::generate_embeddings"
    assert span.span_type == "EMBEDDING"
    assert span.inputs == {"model": "tiny-embed", "input": "hello", "truncate": True,
                           "keep_alive": "5m"}
    assert span.outputs["embeddings"] == response["embeddings"]
    assert span.get_attribute("mlflow.chat.tokenUsage")["input_tokens"] == \
        response["prompt_eval_count"]


@pytest.mark.parametrize("mode,name,text_of", [
    ("stream-chat", "ollama::chat", lambda out: out["message"]["content"]),
    ("stream-generate", "ollama::generate", lambda out: out["response"]),
])
def test_stream_chunks_reach_the_program_and_the_span(programs, llm_server, mode, name, text_of):
    run = run_both(programs, llm_server.url, mode)
    pieces, returned = pieces_and_result(run.stdout)
    assert returned == "1"
    [span] = all_spans(run)
    assert span.name == name
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs["stream"] is True
    assert span.get_attribute("gen_ai.request.stream") is True
    # One event per chunk the callback got, in order; the output is what they add up to.
    chunks = [e for e in span.events if e.name.startswith("mlflow.chunk.item.")]
    assert len(chunks) == len(pieces)
    assert text_of(span.outputs) == "".join(pieces)
    final = json.loads(chunks[-1].attributes["mlflow.chunk.value"])
    assert final["done"] is True
    assert recorded_usage(span) == usage_of(final)
    assert span.get_attribute("gen_ai.response.time_to_first_chunk") > 0


def test_a_stream_the_callback_stops_ends_as_cancelled(programs, llm_server):
    run = run_both(programs, llm_server.url, "cancel")
    assert run.stdout.rstrip().endswith("returned 1 after 2")  # the SDK's own answer
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.OK
    assert [e.name for e in span.events] == ["mlflow.chunk.item.0", "mlflow.chunk.item.1",
                                             "cancelled"]


def test_an_ollama_object_through_a_pointer_and_a_reference(programs, llm_server):
    run = run_both(programs, llm_server.url, "member")
    assert [(s.name, s.span_type) for s in all_spans(run)] == [("Ollama::chat", "CHAT_MODEL"),
                                                             ("Ollama::generate", "LLM")]


def test_the_programs_request_is_read_not_changed(programs, llm_server):
    run = run_both(programs, llm_server.url, "request")
    assert run.stdout.splitlines()[1] == "stream=false"  # the SDK sets it, as without the plugin
    [span] = all_spans(run)
    assert span.inputs == {"model": "tiny-llama", "messages": MESSAGES,
                           "options": {"num_predict": 8}, "keep_alive": "5m", "stream": False}


@pytest.mark.parametrize("mode", ["error", "stream-error"])
def test_error_reply_is_an_error_span_and_the_same_exception(programs, llm_server, mode):
    run = run_both(programs, llm_server.url, mode, returncode=1)
    assert run.stdout.startswith("exception: Ollama response returned error: ")
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "model 'missing-model' not found" in span.status.description
    assert "ollama::exception" in span.status.description


def test_streamed_generation_error_reaches_the_callback_and_the_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "stream-generate-error")
    pieces, returned = pieces_and_result(run.stdout)
    assert returned == "1"
    assert json.loads(pieces[0]) == {"error": "model 'missing-model' not found"}
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "model 'missing-model' not found" in span.status.description


def test_the_callbacks_exception_goes_through(programs, llm_server):
    run = run_both(programs, llm_server.url, "callback-throws", returncode=1)
    assert run.stdout == "exception: the program stops\n"
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert "the program stops" in span.status.description


def test_nested_under_the_programs_own_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "agent")
    [trace] = run.traces
    agent, chat = sorted(trace.data.spans, key=lambda s: s.start_time_ns)
    assert agent.span_type == "AGENT" and chat.name == "ollama::chat"
    assert chat.parent_id == agent.span_id


@pytest.mark.parametrize("setting,count", [("none", 0), ("cpp-httplib", 0), ("ollama-hpp", 1)])
def test_switched_at_run_time(programs, llm_server, setting, count):
    # With ollama-hpp off nothing is traced: the SDK's own cpp-httplib calls, inside ollama.hpp,
    # were never redirected.
    run = run_both(programs, llm_server.url, "chat", env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(all_spans(run)) == count


def test_cxx11_builds_unchanged_with_a_remark(toolchain, tmp_path, llm_server):
    # ollama-hpp's own floor is C++11; autolog's is C++17 (the runtime's headers). The file
    # compiles as without the plugin, with one remark at the first call it leaves alone.
    traced = build(toolchain, tmp_path / "cxx11", std="c++11")
    plain = build(toolchain, tmp_path / "cxx11-plain", std="c++11", plugin=False)
    assert "remark: mlflow plugin: this call to 'ollama::chat' is not traced (autolog needs " \
           "C++17" in traced.compile_stderr
    assert "error" not in traced.compile_stderr and "warning" not in traced.compile_stderr
    run = traced.run(llm_server.url, "chat", "stream-chat")
    assert stable(run.stdout) == stable(plain.run(llm_server.url, "chat", "stream-chat").stdout)
    assert run.traces == []
