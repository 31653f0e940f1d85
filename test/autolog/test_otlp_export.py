"""Autologged LLM calls reach an OpenTelemetry collector with the GenAI semantic conventions:
the libcurl program's chat call, exported over OTLP (test/otlp/otlp_receiver.py decodes it with
the official opentelemetry-proto classes), carries gen_ai.operation.name, the model, the token
usage and the messages, and no credential."""

import importlib.util
import json
import pathlib
import sys

import pytest

from harness import PROGRAMS

OTLP = pathlib.Path(__file__).resolve().parents[1] / "otlp" / "otlp_receiver.py"
CHAT = {"model": "tiny-chat", "messages": [{"role": "user", "content": "Say hi"}],
        "max_tokens": 8}


def receiver_module():
    spec = importlib.util.spec_from_file_location("otlp_receiver", OTLP)
    module = importlib.util.module_from_spec(spec)
    sys.modules["otlp_receiver"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def program(toolchain, tmp_path_factory):
    return toolchain.build([PROGRAMS / "libcurl_requests.cpp"],
                           tmp_path_factory.mktemp("otlp") / "traced", libs=["-lcurl"],
                           server_exporters=True)


def test_chat_span_carries_gen_ai_attributes(program, llm_server):
    with receiver_module().OtlpReceiver() as receiver:
        run = program.run(llm_server.url, "/v1/chat/completions", json.dumps(CHAT),
                          env={"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url + "/"})
    response = json.loads(run.stdout.splitlines()[0])
    spans = [span for request in receiver.received
             for resource_spans in request.get("resource_spans", [])
             for scope in resource_spans["scope_spans"] for span in scope["spans"]]
    [span] = spans
    attributes = span["attributes"]
    assert attributes["mlflow.spanType"] == "CHAT_MODEL"
    assert attributes["gen_ai.operation.name"] == "chat"
    assert attributes["gen_ai.provider.name"] == "openai"
    assert attributes["gen_ai.request.model"] == "tiny-chat"
    assert attributes["gen_ai.usage.input_tokens"] == response["usage"]["prompt_tokens"]
    assert attributes["gen_ai.usage.output_tokens"] == response["usage"]["completion_tokens"]
    assert "Say hi" in attributes["gen_ai.input.messages"]
    assert response["choices"][0]["message"]["content"] in attributes["gen_ai.output.messages"]
    assert "SECRET" not in json.dumps(receiver.received)
