"""End to end: a multi-file program annotated with MLFLOW_TRACE, compiled with the plugin.

Builds examples/traced_agent with clang++-19 and the plugin, runs it with the local trace store
in a temporary directory, and reads the trace back with MLflow's own `Trace.from_json`: the
exact tree, span types, inputs (with the secret left out), outputs, the error span with its
exception event, token usage, and the threads' spans under their parent.
"""

import json
import os
import pathlib
import shutil
import subprocess

import pytest
from mlflow.entities import SpanStatusCode, Trace
from trace_tree import tree

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "traced_agent"


COMPILE_TIMEOUT_S = 900


def build(toolchain, out, *extra):
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    cmd = [toolchain["clangxx"], "-std=c++17", "-O1", "-rdynamic", *toolchain["cxxflags"], *extra,
           f"-fplugin={toolchain['plugin']}",
           *[f"-I{d}" for d in toolchain["include"]],
           *sorted(str(p) for p in EXAMPLE.glob("*.cpp")),
           f"-L{runtime_dir}", "-lmlflow-cpp", f"-Wl,-rpath,{runtime_dir}", "-o", str(out)]
    # A compile, not what is tested: a sanitized build of the four files took over 300 s on a
    # shared 2-core machine under load.
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    return result


def run(binary, trace_dir):
    env = dict(os.environ, MLFLOW_CPP_TRACE_DIR=str(trace_dir))
    env.pop("MLFLOW_TRACKING_URI", None)
    result = subprocess.run([str(binary)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = (trace_dir / "traces.jsonl").read_text().splitlines()
    return result, [Trace.from_json(line) for line in lines]


@pytest.fixture(scope="module")
def traced(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("agent")
    compiled = build(toolchain, work / "traced_agent")
    result, traces = run(work / "traced_agent", work / "traces")
    return compiled, result, traces


def test_compiles_without_diagnostics(traced):
    compiled, _, _ = traced
    assert compiled.stderr == ""


def test_program_output_is_unchanged(traced, toolchain, tmp_path):
    """The plugin never changes what the program computes."""
    _, traced_run, _ = traced
    plain = tmp_path / "plain_agent"
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    cmd = [toolchain["clangxx"], "-std=c++17", "-O1", *toolchain["cxxflags"],
           *[f"-I{d}" for d in toolchain["include"]],
           *sorted(str(p) for p in EXAMPLE.glob("*.cpp")),
           f"-L{runtime_dir}", "-lmlflow-cpp", f"-Wl,-rpath,{runtime_dir}", "-o", str(plain)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=COMPILE_TIMEOUT_S)
    plain_run = subprocess.run([str(plain)], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, MLFLOW_CPP_TRACE_DIR=str(tmp_path / "t")))
    assert traced_run.stdout.splitlines()[0] == plain_run.stdout.splitlines()[0]
    # Without the plugin the annotations vanish: no trace at all.
    assert not (tmp_path / "t").exists()


def test_exact_tree(traced):
    _, result, traces = traced
    assert len(traces) == 1
    trace = traces[0]
    assert trace.info.trace_id in result.stdout
    assert tree(trace) == [
        "answer [AGENT]",
        "  search [RETRIEVER]",
        "    embed [EMBEDDING]",
        "  chat [CHAT_MODEL]",
        "  field<std::basic_string<char>> [PARSER]",
        "  to_feet [TOOL]",
        "  to_feet [TOOL]",
        "  summarize_all [CHAIN]",
        "    summarize_document [TOOL]",
        "    summarize_document [TOOL]",
    ]


def test_inputs_outputs_errors_and_usage(traced):
    trace = traced[2][0]
    spans = {}
    for span in trace.data.spans:
        spans.setdefault(span.name, []).append(span)

    [answer] = spans["answer"]
    # The API key is MLFLOW_NO_CAPTURE: not an input.
    assert answer.inputs == {"question": "How tall is the Eiffel Tower?"}
    assert answer.outputs.startswith("The Eiffel Tower is 330 metres tall. (1083 ft;")
    assert answer.get_attribute("mlflow.spanFunctionName") == "answer"
    assert answer.get_attribute("code.function.name") == "agent::answer"
    assert answer.get_attribute("code.file.path").endswith("main.cpp")
    assert isinstance(answer.get_attribute("code.line.number"), int)

    [search] = spans["search"]
    assert search.inputs == {"query": "How tall is the Eiffel Tower?", "top_k": 2}
    assert [d["id"] for d in search.outputs] == ["eiffel-1", "eiffel-2"]
    assert search.get_attribute("code.function.name") == "agent::Retriever::search"

    [chat] = spans["chat"]
    assert set(chat.inputs) == {"messages"}  # api_key left out
    assert chat.inputs["messages"][1] == {"role": "user", "content": "How tall is the Eiffel Tower?"}
    assert chat.outputs["choices"][0]["message"]["content"] == "The Eiffel Tower is 330 metres tall."
    assert chat.get_attribute("mlflow.chat.tokenUsage") == {
        "input_tokens": 7, "output_tokens": 9, "total_tokens": 16}

    failed, ok = sorted(spans["to_feet"], key=lambda s: s.start_time_ns)
    assert failed.inputs == {"metres": -330.0}
    assert failed.outputs is None
    assert failed.status.status_code == SpanStatusCode.ERROR
    assert failed.status.description == "std::domain_error: negative length: -330.000000"
    [event] = failed.events
    assert event.name == "exception"
    assert event.attributes["exception.type"] == "std::domain_error"
    assert "agent::to_feet(double)" in event.attributes["exception.stacktrace"]
    assert ok.outputs == 1083 and ok.status.status_code == SpanStatusCode.OK

    [summarize_all] = spans["summarize_all"]
    assert summarize_all.outputs == ["The Eiffel Tower", "The Eiffel Tower"]
    workers = spans["summarize_document"]
    assert sorted(w.inputs["text"] for w in workers) == [
        "The Eiffel Tower is 330 metres tall.", "The Eiffel Tower was completed in 1889."]
    assert all(w.parent_id == summarize_all.span_id for w in workers)

    assert trace.info.token_usage == {"input_tokens": 7, "output_tokens": 9, "total_tokens": 16}
    assert trace.info.trace_metadata["mlflow.trace.session"] == "session-42"
    assert trace.info.tags["mlflow.traceName"] == "answer"
    assert trace.info.request_preview == '{"question": "How tall is the Eiffel Tower?"}'


def test_no_exceptions_build_still_traces(toolchain, tmp_path):
    """-fno-exceptions: no try/catch is inserted; the example's own try/catch can't compile,
    so a small program checks it instead."""
    src = tmp_path / "noexc.cpp"
    src.write_text('#include <mlflow/trace.h>\n'
                   'MLFLOW_TRACE(TOOL) int twice(int x) { return 2 * x; }\n'
                   'int main() { return twice(21) == 42 ? 0 : 1; }\n')
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    subprocess.run([toolchain["clangxx"], "-std=c++17", "-fno-exceptions", *toolchain["cxxflags"],
                    f"-fplugin={toolchain['plugin']}", *[f"-I{d}" for d in toolchain["include"]],
                    str(src), f"-L{runtime_dir}", "-lmlflow-cpp", f"-Wl,-rpath,{runtime_dir}",
                    "-o", str(tmp_path / "noexc")], check=True, timeout=COMPILE_TIMEOUT_S)
    _, traces = run(tmp_path / "noexc", tmp_path / "traces")
    [trace] = traces
    [span] = trace.data.spans
    assert (span.name, span.inputs, span.outputs) == ("twice", {"x": 21}, 42)


# --- examples/gcc_agent: the same agent traced by macros, built without the plugin ------------

GCC_EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "gcc_agent" / "main.cpp"


@pytest.fixture(scope="module")
def gcc_traced(toolchain, tmp_path_factory):
    """examples/gcc_agent built with g++, warnings as errors. In a sanitizer build (--cxxflags
    set) it is built with clang++ and no plugin instead: the sanitized runtime needs Clang's
    sanitizer runtime, which g++ cannot link; test/lit/macros/ checks g++ compiles each form."""
    work = tmp_path_factory.mktemp("gcc_agent")
    if toolchain["cxxflags"]:
        compiler = toolchain["clangxx"]
    else:
        compiler = shutil.which("g++")
        assert compiler, "g++ not found (Debian: apt install g++)"
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    cmd = [compiler, "-std=c++17", "-O1", "-rdynamic", "-Wall", "-Wextra", "-Werror",
           *toolchain["cxxflags"], *[f"-I{d}" for d in toolchain["include"]], str(GCC_EXAMPLE),
           f"-L{runtime_dir}", "-lmlflow-cpp", f"-Wl,-rpath,{runtime_dir}",
           "-o", str(work / "gcc_agent")]
    compiled = subprocess.run(cmd, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S)
    assert compiled.returncode == 0, compiled.stderr
    result, traces = run(work / "gcc_agent", work / "traces")
    return compiled, result, traces


def comparable(span):
    """What the plugin and the macros must record alike: all but ids, times, stack traces and
    the code line (the macro's line, not the function's)."""
    return {
        "type": span.span_type, "inputs": span.inputs, "outputs": span.outputs,
        "status": (span.status.status_code, span.status.description),
        "events": [(e.name, {k: v for k, v in e.attributes.items()
                             if k != "exception.stacktrace"}) for e in span.events],
        "attributes": {k: v for k, v in span.attributes.items()
                       if k not in ("mlflow.traceRequestId", "code.line.number",
                                    "code.file.path")},
    }


def test_gcc_agent_same_output_and_tree_as_plugin_example(traced, gcc_traced):
    _, plugin_run, plugin_traces = traced
    compiled, gcc_run, gcc_traces = gcc_traced
    assert compiled.stderr == ""
    assert gcc_run.stdout.splitlines()[0] == plugin_run.stdout.splitlines()[0]
    [trace] = gcc_traces
    assert trace.info.trace_id in gcc_run.stdout
    # One difference, documented in mlflow/trace_function.h: a template's span has the
    # function's own name, where the plugin adds the template arguments.
    expected = [line.replace("field<std::basic_string<char>>", "field")
                for line in tree(plugin_traces[0])]
    assert tree(trace) == expected


def test_gcc_agent_records_what_the_plugin_records(traced, gcc_traced):
    # Paired by name and inputs (the two workers' spans start in either order).
    def key(span):
        return span.name.split("<")[0], json.dumps(span.inputs, sort_keys=True)
    plugin_spans = sorted(traced[2][0].data.spans, key=key)
    gcc_spans = sorted(gcc_traced[2][0].data.spans, key=key)
    assert len(gcc_spans) == len(plugin_spans) == 10
    for plugin_span, gcc_span in zip(plugin_spans, gcc_spans):
        expected = comparable(plugin_span)
        if plugin_span.name.startswith("field<"):
            expected["attributes"]["mlflow.spanFunctionName"] = "field"
            expected["attributes"]["code.function.name"] = "agent::field"
        assert comparable(gcc_span) == expected, plugin_span.name
        assert gcc_span.get_attribute("code.file.path").endswith("gcc_agent/main.cpp")
    gcc_trace, plugin_trace = gcc_traced[2][0], traced[2][0]
    assert gcc_trace.info.token_usage == plugin_trace.info.token_usage
    assert gcc_trace.info.request_preview == plugin_trace.info.request_preview
    assert gcc_trace.info.trace_metadata["mlflow.trace.session"] == "session-42"
