"""Zero-code autolog, exported to a real MLflow server and shown in its UI.

autolog_agent/ calls a real LLM (the local llama.cpp server, test/llm_server) over HTTP through
libcurl (OpenAI chat, a tool offered) and cpp-httplib (Ollama chat), with no tracing code around
those calls; only the agent's own functions are annotated. Compiled with the plugin, run against
an MLflow server: MLflow's client reads the trace back (mlflow.get_trace) with the two LLM calls
as CHAT_MODEL spans under the agent, their messages, model, tools and token usage, the trace's
total counting each call once; headless Chromium finds the chat view in the MLflow UI.
"""

import json
import shlex
import subprocess
import types
import uuid

import pytest
from mlflow.entities import SpanStatusCode

import readback
from programs import compile_program, program_env

from trace_tree import tree

QUESTION = "How tall is the Eiffel Tower?"
SYSTEM_PROMPT = "You are a travel guide. Answer in one sentence."


@pytest.fixture(scope="module")
def autolog_agent(toolchain, tmp_path_factory):
    sources = [__import__("pathlib").Path(__file__).resolve().parent / "autolog_agent" / "main.cpp"]
    # Debian's cpp-httplib is a compiled library: its users must see the same configuration
    # (TLS, zlib, brotli) or its classes have another layout.
    httplib = shlex.split(subprocess.run(["pkg-config", "--cflags", "--libs", "cpp-httplib"],
                                         check=True, capture_output=True, text=True).stdout)
    return compile_program(toolchain, sources, tmp_path_factory.mktemp("autolog") / "autolog_agent",
                           flags=[f for f in httplib if f.startswith("-D")],
                           libs=["-lcurl", *[f for f in httplib if not f.startswith("-D")]])


@pytest.fixture(scope="module")
def exported(start_server, autolog_agent, llm_server, tmp_path_factory):
    server = start_server()
    experiment = f"cpp-autolog-{uuid.uuid4().hex[:8]}"
    trace_dir = tmp_path_factory.mktemp("store")
    env = program_env(server.url, trace_dir, experiment_name=experiment,
                      MLFLOW_CPP_FLUSH_TIMEOUT_MS=30000)
    result = subprocess.run([str(autolog_agent), llm_server.url], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [trace_id] = [line.split()[1] for line in result.stdout.splitlines()
                  if line.startswith("trace: ")]
    trace = readback.get_trace(server.url, trace_id)
    return types.SimpleNamespace(server=server, result=result, trace_id=trace_id, trace=trace,
                                 experiment=experiment, llm_log=llm_server.log())


def chat_spans(trace):
    return [s for s in trace.data.spans if s.span_type == "CHAT_MODEL"]


def test_llm_calls_are_chat_spans_under_the_agent(exported):
    assert "openai: curl=0 status=200" in exported.result.stdout
    assert "ollama: status=200" in exported.result.stdout
    names = tree(exported.trace)
    assert names[0].startswith("answer [AGENT]")
    assert len(chat_spans(exported.trace)) == 2
    root = exported.trace.data.spans[0]
    for span in chat_spans(exported.trace):
        assert span.parent_id == root.span_id
        assert span.status.status_code == SpanStatusCode.OK
    [tool] = [s for s in exported.trace.data.spans if s.name == "convert_units"]
    assert tool.status.status_code == SpanStatusCode.ERROR


def test_openai_call_carries_messages_model_tools_and_usage(exported):
    [span] = [s for s in chat_spans(exported.trace)
              if s.get_attribute("mlflow.message.format") == "openai"]
    assert span.inputs["messages"] == [{"role": "system", "content": SYSTEM_PROMPT},
                                       {"role": "user", "content": QUESTION}]
    assert span.get_attribute("mlflow.llm.model") == "guide-openai"
    [tool] = span.get_attribute("mlflow.chat.tools")
    assert tool["function"]["name"] == "convert_units"
    usage = span.get_attribute("mlflow.chat.tokenUsage")
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert span.outputs["choices"][0]["message"]["role"] == "assistant"


def test_trace_token_total_counts_each_call_once(exported):
    per_call = [s.get_attribute("mlflow.chat.tokenUsage")["total_tokens"]
                for s in chat_spans(exported.trace)]
    assert exported.trace.info.token_usage["total_tokens"] == sum(per_call)


def test_no_secret_reaches_the_server(exported):
    text = json.dumps(exported.trace.to_dict())
    assert "SECRET" not in text and "Bearer" not in text


def test_ui_shows_the_chat_view(exported, ui_check):
    trace = exported.trace
    exp_id = readback.experiment_id(exported.server.url, exported.experiment)
    [openai_span] = [s for s in chat_spans(trace)
                     if s.get_attribute("mlflow.message.format") == "openai"]
    reply = openai_span.outputs["choices"][0]["message"]["content"]
    [ollama_span] = [s for s in chat_spans(trace) if s is not openai_span]
    lines = tree(trace)
    ui_check({
        "url": exported.server.url,
        "experimentId": exp_id,
        "traceId": exported.trace_id,
        "label": "autolog",
        "traceName": "answer",
        "requestPreview": json.dumps({"question": QUESTION}),
        "session": "autolog-session-1",
        "user": "autolog-user",
        "tokens": trace.info.token_usage["total_tokens"],
        "tree": [[line.strip().split(" [")[0], (len(line) - len(line.lstrip())) // 2]
                 for line in lines],
        "io": {"span": ollama_span.name, "texts": [QUESTION]},
        "chat": {"span": openai_span.name, "texts": [SYSTEM_PROMPT, QUESTION, reply.strip()]},
        "error": {"span": "convert_units", "texts": ["unknown unit: cubits",
                                                     "std::invalid_argument"]},
    })
