"""examples/multi_provider: one trace holding a manual span, an in-process llama.cpp generation
and an OpenAI-compatible HTTP call (libcurl) to a llama.cpp-based server (test/llm_server), each
model call a CHAT_MODEL span in its provider's shape. Runs with the tiny generated model."""

import importlib.util
import os
import pathlib
import shlex
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def tiny_model():
    path = ROOT / "test" / "llm_server" / "make_model.py"
    spec = importlib.util.spec_from_file_location("mlflow_cpp_make_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.ensure_model())


def llama_flags():
    result = subprocess.run([str(ROOT / "tools" / "setup.sh"), "--print-llama-cpp"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip(), (
        f"llama.cpp is not installed (run tools/setup.sh): {result.stderr}")
    pkgconfig = pathlib.Path(result.stdout.strip()) / "lib" / "pkgconfig"
    return shlex.split(subprocess.run(["pkg-config", "--cflags", "--libs", "llama"], check=True,
                                      capture_output=True, text=True,
                                      env=dict(os.environ, PKG_CONFIG_PATH=str(pkgconfig))).stdout)


@pytest.fixture(scope="module")
def program(toolchain, tmp_path_factory):
    flags = llama_flags()
    return toolchain.build(
        [EXAMPLES / "multi_provider" / "main.cpp", EXAMPLES / "llama_agent" / "local_model.cpp"],
        tmp_path_factory.mktemp("multi") / "multi_provider",
        flags=[f"-I{EXAMPLES / 'llama_agent'}", *[f for f in flags if not f.startswith(("-l", "-L", "-Wl"))]],
        libs=[*[f for f in flags if f.startswith(("-l", "-L", "-Wl"))], "-lcurl"])


def test_one_trace_with_both_providers_under_the_manual_span(program, llm_server):
    run = program.run(tiny_model(), llm_server.url)
    assert program.compile_stderr == ""
    [trace] = run.traces
    root = trace.data.spans[0]
    assert (root.name, root.span_type) == ("compare_models", "CHAIN")
    chats = [s for s in trace.data.spans if s.span_type == "CHAT_MODEL"]
    assert len(chats) == 2
    assert all(c.parent_id == root.span_id for c in chats)
    by_provider = {c.get_attribute("mlflow.llm.provider"): c for c in chats}
    assert set(by_provider) == {"llama.cpp", "openai"}
    local, remote = by_provider["llama.cpp"], by_provider["openai"]
    assert local.inputs["messages"] == [{"role": "user", "content": "Name a colour."}]
    assert local.outputs["choices"][0]["message"]["content"]  # random weights: any text
    assert remote.get_attribute("mlflow.llm.model") == "server-model"
    for chat in chats:
        assert chat.get_attribute("mlflow.message.format") == "openai"
        usage = chat.get_attribute("mlflow.chat.tokenUsage")
        assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert trace.info.token_usage["total_tokens"] == sum(
        c.get_attribute("mlflow.chat.tokenUsage")["total_tokens"] for c in chats)
