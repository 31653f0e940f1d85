"""Builds a test program with (or without) the plugin, runs it, and reads its traces.

    program = toolchain.build([PROGRAMS / "libcurl_chat.cpp"], tmp_path / "p", libs=["-lcurl"])
    run = program.run(llm_server.url, "chat")          # argv[1:], trace store in a temp dir
    run.traces                                         # [mlflow.entities.Trace]
    run.stdout, run.stderr, run.returncode, run.store_bytes

A program is compiled exactly as a user's would be with the flags `pkg-config mlflow-cpp`
gives: the plugin, the runtime's include directory, the runtime library. Nothing of ours is
included by the program itself.
"""

import dataclasses
import re
import shlex
import os
import pathlib
import subprocess
import tempfile

from mlflow.entities import Trace

HERE = pathlib.Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"


@dataclasses.dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    traces: list
    store_bytes: bytes  # every byte the local store holds, to look for secrets


@dataclasses.dataclass
class Program:
    path: pathlib.Path
    compile_stderr: str

    def run(self, *args, env=None, timeout=120, expect_returncode=0):
        with tempfile.TemporaryDirectory(prefix="autolog-traces-") as store:
            environment = dict(os.environ, MLFLOW_CPP_TRACE_DIR=store)
            environment.pop("MLFLOW_TRACKING_URI", None)
            environment.update(env or {})
            # errors="replace": a random-weight model's text may not be valid UTF-8.
            result = subprocess.run([str(self.path), *map(str, args)], env=environment,
                                    capture_output=True, encoding="utf-8", errors="replace",
                                    timeout=timeout)
            if expect_returncode is not None:
                assert result.returncode == expect_returncode, (result.stdout, result.stderr)
            store_path = pathlib.Path(store)
            store_bytes = b"".join(p.read_bytes() for p in sorted(store_path.rglob("*"))
                                   if p.is_file())
            traces_file = store_path / "traces.jsonl"
            traces = ([Trace.from_json(line) for line in traces_file.read_text().splitlines()]
                      if traces_file.exists() else [])
            return Run(result.returncode, result.stdout, result.stderr, traces, store_bytes)


@dataclasses.dataclass
class Toolchain:
    clangxx: str
    plugin: str
    runtime_lib: str
    include: list
    cxxflags: list

    def build(self, sources, out, *, flags=(), libs=(), plugin=True, plugin_args=(),
              std="c++17", expect_ok=True, server_exporters=False):
        runtime_dir = os.path.dirname(self.runtime_lib)
        cmd = [self.clangxx, f"-std={std}", "-O1", *self.cxxflags, *flags]
        if plugin:
            cmd += [f"-fplugin={self.plugin}",
                    *[f"-fplugin-arg-mlflow-{a}" for a in plugin_args]]
        cmd += [*[f"-I{d}" for d in self.include], *map(str, sources),
                f"-L{runtime_dir}", "-lmlflow-cpp",
                # the MLflow server and OTLP exporters, kept as `pkg-config mlflow-cpp` keeps them
                *(["-Wl,--push-state,--no-as-needed", "-lmlflow-cpp-server", "-Wl,--pop-state"]
                  if server_exporters else []),
                f"-Wl,-rpath,{runtime_dir}", *libs,
                "-o", str(out)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if expect_ok:
            assert result.returncode == 0, result.stderr
        return Program(pathlib.Path(out), result.stderr)


def pkg_config(package):
    """`pkg-config --cflags --libs <package>`, as (compile flags, link flags)."""
    words = shlex.split(subprocess.run(["pkg-config", "--cflags", "--libs", package], check=True,
                                       capture_output=True, text=True).stdout)
    return ([w for w in words if not w.startswith(("-l", "-L"))],
            [w for w in words if w.startswith(("-l", "-L"))])


def build_both(toolchain, sources, work, **kwargs):
    """The same program built with the plugin (work/traced) and without it (work/plain), for
    run_both."""
    return (toolchain.build(sources, work / "traced", **kwargs),
            toolchain.build(sources, work / "plain", plugin=False, **kwargs))


def spans_by_type(trace, span_type):
    return [s for s in trace.data.spans if s.span_type == span_type]


# What differs between two identical requests to the LLM server: ids, timestamps, durations.
_VOLATILE = re.compile(
    r'("(?:id|created|created_at|responseId|[a-z_]*duration)":\s*)("[^"]*"|[0-9.]+)')


def stable(output):
    """The program's output without the server's ids, timestamps and durations, to compare a run
    with the plugin to one without."""
    return _VOLATILE.sub(r"\1_", output)


# --- Comparing a program built with the plugin to the same program built without it -----------

def run_both(programs, url, *args, returncode=0, env=None):
    """Runs the traced and the plain build of a program with the same arguments: the program
    sees exactly what it sees without the plugin (the LLM server decodes greedily). Returns the
    traced run."""
    traced, plain = programs
    run = traced.run(url, *args, expect_returncode=returncode, env=env)
    reference = plain.run(url, *args, expect_returncode=returncode, env=env)
    assert stable(run.stdout) == stable(reference.stdout)
    assert run.stderr == reference.stderr
    return run


def all_spans(run):
    return [span for trace in run.traces for span in trace.data.spans]


def openai_usage(response):
    """MLflow's token usage for an OpenAI-shaped response's `usage`."""
    usage = response["usage"]
    return {"input_tokens": usage["prompt_tokens"],
            "output_tokens": usage.get("completion_tokens", 0),
            "total_tokens": usage["total_tokens"]}


def recorded_usage(span):
    """A span's mlflow.chat.tokenUsage without the optional cache counts."""
    usage = span.get_attribute("mlflow.chat.tokenUsage")
    return {k: usage[k] for k in ("input_tokens", "output_tokens", "total_tokens")}


def assert_nlohmann_release(program, release, not_):
    """The program's symbols name nlohmann/json's inline ABI namespace of `release` ("3_12_0"),
    and not that of `not_`."""
    symbols = subprocess.run(["nm", "-C", str(program.path)], capture_output=True, text=True,
                             check=True).stdout
    assert f"json_abi_v{release}" in symbols
    assert f"json_abi_v{not_}" not in symbols
