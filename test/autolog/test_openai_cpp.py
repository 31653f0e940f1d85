"""openai-cpp autolog: a program calling olrea/openai-cpp (its test double, sdk/openai-cpp, with
nlohmann 3.12.0 standing in for the copy the SDK bundles), compiled with the plugin and nothing
else, against the real local LLM server."""

import json

import pytest
from mlflow.entities import SpanStatusCode

from harness import (PROGRAMS, all_spans, assert_nlohmann_release, build_both, openai_usage,
                     recorded_usage, run_both, stable)
from sdk.doubles import include, nlohmann_3_12_include

SOURCE = [PROGRAMS / "openai_cpp_calls.cpp"]
CHAT = {"model": "tiny-chat",
        "messages": [{"role": "system", "content": "You are terse."},
                     {"role": "user", "content": "Say hi"}],
        "max_tokens": 8}


@pytest.fixture(scope="module")
def programs(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("openai-cpp")
    flags = [include("openai-cpp"), f"-I{nlohmann_3_12_include()}"]
    return build_both(toolchain, SOURCE, work, flags=flags, libs=["-lcurl"])


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
    assert span.name == "openai::_detail::CategoryChat::create"
    assert span.span_type == "CHAT_MODEL"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.inputs == CHAT
    assert span.outputs == response
    assert recorded_usage(span) == openai_usage(response)
    assert trace.info.token_usage["total_tokens"] == response["usage"]["total_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-chat"
    assert span.get_attribute("mlflow.llm.provider") == "openai"
    assert span.get_attribute("mlflow.message.format") == "openai"
    assert span.get_attribute("mlflow.autolog.integration") == "openai-cpp"


def test_completion_is_an_llm_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "completion")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "openai::_detail::CategoryCompletion::create"
    assert span.span_type == "LLM"
    assert span.inputs == {"model": "tiny-complete", "prompt": "Once upon", "max_tokens": 6}
    assert span.outputs["choices"][0]["text"] == response["choices"][0]["text"]
    assert recorded_usage(span) == openai_usage(response)
    assert span.get_attribute("mlflow.llm.model") == "tiny-complete"


def test_embedding_is_an_embedding_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "embedding")
    response = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.name == "openai::_detail::CategoryEmbedding::create"
    assert span.span_type == "EMBEDDING"
    assert span.inputs == {"model": "tiny-embed", "input": "hello"}
    assert span.outputs["data"][0]["embedding"] == response["data"][0]["embedding"]
    usage = span.get_attribute("mlflow.chat.tokenUsage")
    assert usage["input_tokens"] == response["usage"]["prompt_tokens"]
    assert span.get_attribute("mlflow.llm.model") == "tiny-embed"


def test_an_instance_through_a_pointer_and_a_reference(programs, llm_server):
    run = run_both(programs, llm_server.url, "instance")
    assert [(s.name, s.span_type) for s in all_spans(run)] == [
        ("openai::_detail::CategoryChat::create", "CHAT_MODEL"),
        ("openai::_detail::CategoryEmbedding::create", "EMBEDDING")]
    assert all_spans(run)[1].inputs == {"model": "tiny-embed", "input": ["a", "b"]}


def test_error_is_an_error_span_and_the_same_exception(programs, llm_server):
    run = run_both(programs, llm_server.url, "error", returncode=1)
    assert run.stdout.startswith("exception: ")
    error = json.loads(run.stdout[len("exception: "):].splitlines()[0])
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert error["message"] in span.status.description
    assert "runtime_error" in span.status.description
    assert [e.name for e in span.events] == ["exception"]
    assert span.get_attribute("mlflow.llm.model") == "missing-model"


def test_error_body_without_exceptions_is_an_error_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "nothrow-error")
    body = json.loads(run.stdout.splitlines()[0])
    [span] = all_spans(run)
    assert span.status.status_code == SpanStatusCode.ERROR
    assert body["error"]["message"] in span.status.description
    assert span.outputs == body


def test_nested_under_the_programs_own_span(programs, llm_server):
    run = run_both(programs, llm_server.url, "agent")
    [trace] = run.traces
    agent, chat = sorted(trace.data.spans, key=lambda s: s.start_time_ns)
    assert agent.span_type == "AGENT" and chat.span_type == "CHAT_MODEL"
    assert chat.parent_id == agent.span_id
    assert chat.inputs["messages"][1]["content"] == "Say hello"


def test_the_api_key_never_leaves_the_process(programs, llm_server):
    run = run_both(programs, llm_server.url, "chat", "embedding", "error", returncode=1)
    assert len(all_spans(run)) == 3
    assert b"SECRET" not in run.store_bytes
    assert b"Bearer" not in run.store_bytes


@pytest.mark.parametrize("setting,count", [("none", 0), ("libcurl", 0), ("openai-cpp", 1),
                                           ("all", 1)])
def test_switched_at_run_time(programs, llm_server, setting, count):
    # With openai-cpp off, nothing is traced: the SDK's own libcurl calls, inside its header,
    # were never redirected.
    run = run_both(programs, llm_server.url, "chat", env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(all_spans(run)) == count


def test_switched_off_at_compile_time(toolchain, tmp_path, llm_server):
    # (Without openai-cpp but with libcurl, openai.hpp's own libcurl calls are the libcurl
    # integration's: lit autolog/openai-cpp-deselected-libcurl-traced.cpp.)
    program = toolchain.build(SOURCE, tmp_path / "none",
                              flags=[include("openai-cpp"), f"-I{nlohmann_3_12_include()}"],
                              libs=["-lcurl"], plugin_args=["autolog=none"])
    assert program.compile_stderr == ""
    run = program.run(llm_server.url, "chat")
    assert run.traces == []
