"""llama.cpp autolog: programs that run a model in process with llama.cpp's C API (v0.4.0, the
prebuilt libraries of node-llama-cpp that tools/setup.sh installs), compiled with the plugin and
nothing else, on the tiny generated model of test/llm_server/make_model.py (random weights:
deterministic text, exact token counts) with one inference thread. Each program is built twice,
with and without the plugin, and prints the same with both. The generation rules under test are
docs/autolog.md#llama-cpp's. A missing llama.cpp fails these tests; it never skips them.
"""

import codecs
import os
import pathlib
import re
import subprocess
import sys

import pytest
from mlflow.entities import SpanStatusCode

from harness import PROGRAMS, all_spans

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "llm_server"))
import make_model  # noqa: E402  (the tiny GGUF)

ROOT = HERE.parent.parent
SETUP_HINT = "run tools/setup.sh (step 5: llama.cpp's C API)"
PROGRAM_NAMES = ("simple", "chat", "threads", "embed")


@pytest.fixture(scope="module")
def llama_cpp():
    """llama.cpp's include/ and lib/ directories, as tools/setup.sh installed them."""
    result = subprocess.run([str(ROOT / "tools" / "setup.sh"), "--print-llama-cpp"],
                            capture_output=True, text=True)
    prefix = pathlib.Path(result.stdout.strip())
    if result.returncode != 0 or not (prefix / "include" / "llama.h").is_file():
        pytest.fail(f"no llama.cpp C API at '{prefix}': {SETUP_HINT}", pytrace=False)
    libs = sorted((prefix / "lib").glob("libllama.v*.so"))
    if len(libs) != 1:
        pytest.fail(f"no single libllama.v*.so in {prefix / 'lib'}: {SETUP_HINT}", pytrace=False)
    tag = libs[0].name[len("libllama."):-len(".so")]
    return (prefix / "include", prefix / "lib",
            [f"-L{prefix / 'lib'}", f"-l:libllama.{tag}.so", f"-l:libggml.{tag}.so",
             "-l:libggml-base.so", f"-Wl,-rpath,{prefix / 'lib'}"])


@pytest.fixture(scope="module")
def model():
    return str(make_model.ensure_model())


@pytest.fixture(scope="module")
def programs(toolchain, llama_cpp, tmp_path_factory):
    """name -> (traced, plain) builds of programs/llama_cpp_<name>.cpp."""
    include, _, libs = llama_cpp
    work = tmp_path_factory.mktemp("llama-cpp")
    built = {}
    for name in PROGRAM_NAMES:
        source = [PROGRAMS / f"llama_cpp_{name}.cpp"]
        flags = [f"-I{include}", "-pthread"]
        built[name] = (toolchain.build(source, work / f"{name}-traced", flags=flags, libs=libs),
                       toolchain.build(source, work / f"{name}-plain", flags=flags, libs=libs,
                                       plugin=False))
    return built


@pytest.fixture(scope="module")
def run(programs, llama_cpp, model):
    """run(name, *args, env=None) runs both builds of a program on the tiny model with the same
    arguments, checks that they print the same, and returns the traced run."""
    backends = llama_cpp[1]

    def run_program(name, *args, env=None, returncode=0):
        traced, plain = programs[name]
        traced_run = traced.run(model, backends, *args, env=env, expect_returncode=returncode)
        plain_run = plain.run(model, backends, *args, env=env, expect_returncode=returncode)
        assert traced_run.stdout == plain_run.stdout
        assert traced_run.stderr == plain_run.stderr == ""
        return traced_run

    return run_program


def unescape(text):
    """A program's escaped output (\\xNN, \\\\) as the span records it: UTF-8, invalid bytes
    replaced."""
    return codecs.escape_decode(text.encode("ascii"))[0].decode("utf-8", errors="replace")


def same_text(recorded, printed):
    # An invalid byte sequence is one U+FFFD or several, depending on who replaced it.
    collapse = lambda t: re.sub("\ufffd+", "\ufffd", t)  # noqa: E731
    return collapse(recorded) == collapse(unescape(printed))


def usage(span):
    u = span.get_attribute("mlflow.chat.tokenUsage")
    return (u["input_tokens"], u["output_tokens"], u["total_tokens"])


def chat_replies(stdout):
    """The chat program's replies: [(text, prompt tokens, tokens read, ended at eog)]."""
    lines = stdout.splitlines()
    replies = []
    for i in range(0, len(lines), 2):
        text = lines[i].split(": ", 1)[1] if ": " in lines[i] else ""
        prompt, tokens, eog = lines[i + 1].split()
        replies.append((text, int(prompt), int(tokens), eog == "eog"))
    return replies


def generations(run):
    return sorted((s for s in all_spans(run) if s.name.startswith("llama_cpp.")),
                  key=lambda s: s.start_time_ns)


# --- Compiling -----------------------------------------------------------------------------------

def test_compiles_without_diagnostics(programs):
    for name, (traced, _) in programs.items():
        assert traced.compile_stderr == "", name


def test_calls_reach_the_tracker_only_with_the_plugin(programs):
    # (At -O1 the redirects are inlined: the runtime's tracker is what the program then calls.)
    traced, plain = programs["chat"]
    nm = lambda p: subprocess.run(["nm", "-C", str(p.path)], capture_output=True, text=True,  # noqa: E731
                                  check=True).stdout
    symbols = nm(traced)
    for entry in ("decode_begin", "sampled", "tokenized", "chat_formatted", "piece", "eog_checked"):
        assert f"autolog::llama_cpp::{entry}(" in symbols, entry
    assert "autolog::llama_cpp::" not in nm(plain)


# --- llama.cpp's simple example: a raw prompt, n_predict tokens, never an end of generation -----

def test_simple_is_one_llm_span(run):
    r = run("simple", "12", "Hello my name is")
    printed, counts = r.stdout.splitlines()
    n_prompt, n_decoded = map(int, counts.split())
    assert n_decoded == 12
    [trace] = r.traces
    [span] = trace.data.spans
    assert span.name == "llama_cpp.generate"
    assert span.span_type == "LLM"
    assert span.status.status_code == SpanStatusCode.OK
    assert span.parent_id is None
    assert span.inputs == {"prompt": "Hello my name is"}
    [choice] = span.outputs["choices"]
    assert same_text(choice["text"], printed.split("|", 1)[1])
    assert choice["finish_reason"] == "length"  # it ended at llama_free
    assert span.outputs["object"] == "text_completion"
    assert usage(span) == (n_prompt, 12, n_prompt + 12)
    assert span.get_attribute("mlflow.llm.model") == make_model.MODEL_NAME  # GGUF general.name
    assert span.get_attribute("mlflow.llm.provider") == "llama.cpp"
    assert span.get_attribute("mlflow.autolog.integration") == "llama-cpp"
    assert span.get_attribute("mlflow.message.format") is None
    assert span.get_attribute("llama_cpp.sampler") == ["greedy"]
    assert span.get_attribute("temperature") is None
    assert span.get_attribute("gen_ai.response.time_to_first_token") > 0
    assert span.get_attribute("gen_ai.response.tokens_per_second") > 0
    assert trace.info.token_usage["total_tokens"] == n_prompt + 12


def test_simple_without_free_ends_at_exit(run):
    r = run("simple", "5", "Hello my name is", "--no-free")
    [span] = all_spans(r)
    assert span.status.status_code == SpanStatusCode.OK
    assert span.outputs["choices"][0]["finish_reason"] == "length"
    assert usage(span)[1] == 5
    assert same_text(span.outputs["choices"][0]["text"], r.stdout.splitlines()[0].split("|", 1)[1])


# --- llama.cpp's simple-chat example: the chat template, the new part tokenized, turns ------------

def test_chat_turns_are_chat_spans_with_the_whole_conversation(run):
    r = run("chat", "--max-tokens", "5", "hello", "what is the model")
    (text1, prompt1, tokens1, eog1), (text2, prompt2, tokens2, eog2) = chat_replies(r.stdout)
    assert eog1 and eog2 and tokens1 == tokens2 == 5
    first, second = generations(r)
    assert len(r.traces) == 2  # no span of the program's: each generation is a trace's root
    for span in (first, second):
        assert span.name == "llama_cpp.chat"
        assert span.span_type == "CHAT_MODEL"
        assert span.status.status_code == SpanStatusCode.OK
        assert span.get_attribute("mlflow.message.format") == "openai"
        assert span.outputs["object"] == "chat.completion"
        assert span.outputs["choices"][0]["finish_reason"] == "stop"
        assert span.outputs["choices"][0]["message"]["role"] == "assistant"
    assert first.inputs == {"messages": [{"role": "user", "content": "hello"}]}
    assert same_text(first.outputs["choices"][0]["message"]["content"], text1)
    # The second turn's prompt was only the new part of the formatted conversation; its inputs
    # are the whole conversation the template was given.
    messages = second.inputs["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"] == "hello" and messages[2]["content"] == "what is the model"
    assert same_text(messages[1]["content"], text1)
    assert same_text(second.outputs["choices"][0]["message"]["content"], text2)
    # Prompt tokens: what was decoded as the prompt; output: every sampled token, the end of
    # generation included.
    assert usage(first) == (prompt1, 6, prompt1 + 6)
    assert usage(second) == (prompt2, 6, prompt2 + 6)
    assert prompt2 < prompt1 + 6 + len("what is the model")  # the suffix, not the whole chat


def test_chat_sampler_settings(run):
    r = run("chat", "--sampler", "random", "--max-tokens", "4", "hello")
    [span] = generations(r)
    assert span.get_attribute("llama_cpp.sampler") == [
        "min_p(0.05)", "top_k(40)", "top_p(0.9)", "temp(0.8)", "dist(1234)"]
    assert span.get_attribute("temperature") == 0.8
    assert span.get_attribute("top_k") == 40
    assert span.get_attribute("top_p") == 0.9
    assert span.get_attribute("min_p") == 0.05
    assert span.get_attribute("seed") == 1234


def test_chat_stopped_early_ends_at_the_next_prompt(run):
    r = run("chat", "--stop-early", "3", "hello", "the model")
    (text1, _, tokens1, eog1), (text2, _, _, _) = chat_replies(r.stdout)
    assert tokens1 == 3 and not eog1
    first, second = generations(r)
    assert first.outputs["choices"][0]["finish_reason"] == "length"
    assert usage(first)[1] == 3
    assert same_text(first.outputs["choices"][0]["message"]["content"], text1)
    assert first.end_time_ns <= second.start_time_ns  # ended by the next prompt's decode
    assert second.outputs["choices"][0]["finish_reason"] == "length"  # ended at llama_free
    assert same_text(second.outputs["choices"][0]["message"]["content"], text2)


def test_chat_stopped_early_then_exit(run):
    r = run("chat", "--stop-early", "2", "--end", "exit", "hello")
    [span] = generations(r)
    assert span.status.status_code == SpanStatusCode.OK
    assert span.outputs["choices"][0]["finish_reason"] == "length"
    assert usage(span)[1] == 2


def test_chat_memory_clear_ends_the_generation(run):
    r = run("chat", "--clear", "--stop-early", "2", "hello", "the model")
    first, second = generations(r)
    assert first.end_time_ns <= second.start_time_ns
    assert first.outputs["choices"][0]["finish_reason"] == "length"
    # A fresh conversation each turn: the whole formatted text is the prompt, still a chat.
    assert second.span_type == "CHAT_MODEL"
    assert [m["role"] for m in second.inputs["messages"]] == ["user", "assistant", "user"]


# --- Nesting -------------------------------------------------------------------------------------

def test_chat_nests_under_the_programs_span(run):
    r = run("chat", "--in-span", "--max-tokens", "3", "hello", "the model")
    [trace] = r.traces
    [conversation] = [s for s in trace.data.spans if s.name == "conversation"]
    chats = generations(r)
    assert len(chats) == 2
    assert all(c.parent_id == conversation.span_id for c in chats)


def test_stopped_early_inside_a_span_ends_with_the_span(run):
    # The context is freed after the program's span ended: the open generation ends when its span
    # does, inside the trace.
    r = run("chat", "--in-span", "--stop-early", "2", "hello", "the model")
    [trace] = r.traces
    [conversation] = [s for s in trace.data.spans if s.name == "conversation"]
    first, second = generations(r)
    assert first.end_time_ns <= second.start_time_ns  # the next prompt
    assert second.parent_id == conversation.span_id
    assert second.end_time_ns <= conversation.end_time_ns
    assert second.outputs["choices"][0]["finish_reason"] == "length"
    assert usage(second)[1] == 2


def test_chat_nests_under_an_annotated_function(run):
    r = run("chat", "--in-function", "--max-tokens", "3", "hello", "the model")
    assert len(r.traces) == 2
    for trace in r.traces:
        [answer] = [s for s in trace.data.spans if s.span_type == "AGENT"]
        [chat] = [s for s in trace.data.spans if s.span_type == "CHAT_MODEL"]
        assert chat.parent_id == answer.span_id
        assert answer.start_time_ns <= chat.start_time_ns <= chat.end_time_ns <= answer.end_time_ns


def test_two_contexts_on_two_threads(run):
    r = run("threads", "6", "hello world", "the model")
    printed = dict(line.split(": ", 1) for line in r.stdout.splitlines())
    assert len(r.traces) == 2
    for trace in r.traces:
        [worker] = [s for s in trace.data.spans if s.span_type == "TASK"]
        [generation] = [s for s in trace.data.spans if s.span_type == "LLM"]
        assert generation.parent_id == worker.span_id
        index = worker.name.split("-")[1]
        assert generation.inputs == {"prompt": ["hello world", "the model"][int(index) - 1]}
        assert same_text(generation.outputs["choices"][0]["text"], printed[index])
        assert usage(generation)[1] == 6


# --- Embeddings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("getter", ["seq", "ith"])
def test_embeddings_are_embedding_spans(run, getter):
    texts = ["hello world", "what is a token"]
    r = run("embed", *(["--ith"] if getter == "ith" else []), *texts)
    spans = generations(r)
    assert len(spans) == 2
    for span, line, text in zip(spans, r.stdout.splitlines(), texts):
        n_tokens, n_embd, *values = line.split()
        assert span.name == "llama_cpp.embed" and span.span_type == "EMBEDDING"
        assert span.inputs == {"input": text}
        assert span.outputs["dimensions"] == int(n_embd) == 32
        assert len(span.outputs["embedding_prefix"]) == 8
        for recorded, value in zip(span.outputs["embedding_prefix"], values):
            assert abs(recorded - float(value)) < 1e-5
        assert usage(span) == (int(n_tokens), 0, int(n_tokens))


# --- Switches ------------------------------------------------------------------------------------

@pytest.mark.parametrize("setting,count", [("none", 0), ("libcurl", 0), ("llama-cpp", 2)])
def test_switched_at_run_time(run, setting, count):
    r = run("chat", "--max-tokens", "3", "hello", "the model", env={"MLFLOW_CPP_AUTOLOG": setting})
    assert len(generations(r)) == count


def test_unsampled_generations_are_followed_not_recorded(run):
    r = run("chat", "--max-tokens", "3", "hello", "the model",
            env={"MLFLOW_TRACE_SAMPLING_RATIO": "0"})
    assert all_spans(r) == []
