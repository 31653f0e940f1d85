"""llama.cpp in process: examples/llama_agent's local_chat on the tiny generated model and on
SmolLM2-135M-Instruct (test/llama/README.md). One inference thread, greedy decoding.

ctest passes MLFLOW_CPP_LOCAL_CHAT (the built program; empty when llama.cpp was not found at
configure time), MLFLOW_CPP_SMOLLM2_GGUF and MLFLOW_CPP_LLAMA_BACKENDS_DIR. Anything missing
fails the test, with what to run.
"""

import json
import os
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "llm_server"))
import make_model  # noqa: E402  (test/llm_server/make_model.py: the tiny GGUF)

SETUP_HINT = "run tools/setup.sh, then configure the build again"


@pytest.fixture(scope="session")
def local_chat():
    path = os.environ.get("MLFLOW_CPP_LOCAL_CHAT", "")
    if not path:
        pytest.fail("local_chat was not built: CMake found no llama.cpp (cmake/FindLlamaCpp.cmake); "
                    + SETUP_HINT, pytrace=False)
    if not os.access(path, os.X_OK):
        pytest.fail(f"local_chat is not at {path}: build the project first", pytrace=False)
    return path


@pytest.fixture(scope="session")
def tiny_model():
    return str(make_model.ensure_model())


@pytest.fixture(scope="session")
def smollm2():
    path = os.environ.get("MLFLOW_CPP_SMOLLM2_GGUF", "")
    if not path or not os.path.isfile(path):
        pytest.fail(f"no SmolLM2 GGUF at '{path}': " + SETUP_HINT, pytrace=False)
    return path


def run(local_chat, model, prompt, *args, backends=True, check=True):
    command = [local_chat, "--model", model, *args, prompt]
    if backends and os.environ.get("MLFLOW_CPP_LLAMA_BACKENDS_DIR"):
        command[1:1] = ["--backends", os.environ["MLFLOW_CPP_LLAMA_BACKENDS_DIR"]]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    if check:
        assert result.returncode == 0, f"{command} exited {result.returncode}: {result.stderr}"
        assert result.stderr == "", f"llama.cpp wrote to stderr: {result.stderr}"
    return result


def run_json(local_chat, model, prompt, *args, **kwargs):
    return json.loads(run(local_chat, model, prompt, "--json", *args, **kwargs).stdout)


# --- The tiny model: random weights, exact counts ---------------------------------------------------

def test_tiny_generates_exactly_max_tokens_deterministically(local_chat, tiny_model):
    reply = run_json(local_chat, tiny_model, "Hello", "--max-tokens", "16", "--repeat", "2")
    assert reply["model"] == make_model.MODEL_NAME
    assert reply["threads"] == 1
    assert reply["completion_tokens"] == 16
    assert reply["finish_reason"] == "length"
    assert reply["text"]
    # BOS, <|im_start|>, "user", "\n", "Hello", <|im_end|>, "\n", <|im_start|>, "assistant", "\n":
    # at least that many, and the same in another process.
    assert reply["prompt_tokens"] >= 10
    again = run_json(local_chat, tiny_model, "Hello", "--max-tokens", "16")
    assert (again["text"], again["prompt_tokens"], again["completion_tokens"]) == (
        reply["text"], reply["prompt_tokens"], reply["completion_tokens"])


def test_tiny_shorter_limit_gives_a_prefix(local_chat, tiny_model):
    long = run_json(local_chat, tiny_model, "Hello", "--max-tokens", "16")
    for n in (1, 4):
        short = run_json(local_chat, tiny_model, "Hello", "--max-tokens", str(n))
        assert short["completion_tokens"] == n
        assert short["prompt_tokens"] == long["prompt_tokens"]
        assert long["text"].startswith(short["text"].rstrip("\ufffd"))


def test_tiny_chat_template_is_chatml(local_chat, tiny_model):
    """The model's ChatML template, applied by llama_chat_apply_template, gives the same prompt
    (tokens and continuation) as the ChatML text given raw."""
    chat = run_json(local_chat, tiny_model, "Hello", "--max-tokens", "8", "--system", "Be brief.")
    chatml = ("<|im_start|>system\nBe brief.<|im_end|>\n"
              "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n")
    raw = run_json(local_chat, tiny_model, chatml, "--max-tokens", "8", "--raw")
    assert (raw["prompt_tokens"], raw["text"]) == (chat["prompt_tokens"], chat["text"])


def test_backends_found_beside_libllama(local_chat, tiny_model):
    """Without --backends the CPU backends are loaded from libllama's own folder."""
    reply = run_json(local_chat, tiny_model, "Hello", "--max-tokens", "4", backends=False)
    assert reply["completion_tokens"] == 4


def test_missing_model_is_an_error(local_chat, tmp_path):
    result = run(local_chat, str(tmp_path / "missing.gguf"), "Hello", check=False)
    assert result.returncode == 1
    assert "unable to load the model" in result.stderr


# --- SmolLM2-135M-Instruct: real weights ------------------------------------------------------------

def test_smollm2_knows_the_capital_of_france(local_chat, smollm2):
    reply = run_json(local_chat, smollm2, "What is the capital of France?", "--max-tokens", "64")
    print(f"SmolLM2, 1 thread: {json.dumps(reply)}")
    assert "Paris" in reply["text"]
    assert reply["finish_reason"] == "stop"  # it ends its turn
    assert 0 < reply["completion_tokens"] < 64
    assert reply["model"]
