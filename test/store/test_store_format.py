"""The local trace store, read back by MLflow's own Python client.

Runs the manual_agent example with the store pointed at a temporary directory, then loads every
stored line with `mlflow.entities.Trace.from_json` (the reader MLflow itself uses) and checks the
exact tree, span types, inputs, outputs, statuses, events and trace info. A second test makes a
trace with MLflow's Python decorator and checks that ours has the same shape, key for key, so a
change in the pinned MLflow shows up here.
"""

import json
import os
import subprocess

import mlflow
import pytest
from mlflow.entities import SpanStatusCode, Trace
from trace_tree import tree


@pytest.fixture(scope="module")
def stored(tmp_path_factory, example):
    trace_dir = tmp_path_factory.mktemp("traces")
    env = dict(os.environ, MLFLOW_CPP_TRACE_DIR=str(trace_dir))
    env.pop("MLFLOW_TRACKING_URI", None)
    run = subprocess.run([example], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = (trace_dir / "traces.jsonl").read_text().splitlines()
    assert len(lines) == 1
    return lines[0], run.stdout


def test_mlflow_reads_the_stored_trace(stored):
    line, stdout = stored
    trace = Trace.from_json(line)
    assert trace.info.trace_id in stdout
    assert tree(trace) == [
        "answer [AGENT]",
        "  retrieve [RETRIEVER]",
        "  chat [CHAT_MODEL]",
        "  calculator [TOOL]",
        "  calculator [TOOL]",
        "  summarize [CHAIN]",
        "    summarize_part [TASK]",
        "    summarize_part [TASK]",
    ]
    spans = {s.name: s for s in trace.data.spans}
    assert all(s.request_id == trace.info.trace_id for s in trace.data.spans)

    root = spans["answer"]
    assert root.inputs == {"question": "How tall is the Eiffel Tower?"}
    assert root.outputs == "It is 330 metres tall. (1083 ft)"
    assert root.status.status_code == SpanStatusCode.OK

    assert spans["retrieve"].inputs == {"query": "How tall is the Eiffel Tower?", "top_k": 2}
    assert spans["retrieve"].outputs == [
        {"id": "doc-1", "text": "The Eiffel Tower is 330 m tall."},
        {"id": "doc-2", "text": "It was completed in 1889."},
    ]

    chat = spans["chat"]
    assert chat.inputs["messages"][1] == {"role": "user", "content": "How tall is the Eiffel Tower?"}
    assert chat.outputs["choices"][0]["message"]["content"] == "It is 330 metres tall."
    assert chat.get_attribute("mlflow.message.format") == "openai"
    assert chat.get_attribute("mlflow.chat.tokenUsage") == {
        "input_tokens": 24, "output_tokens": 7, "total_tokens": 31}

    failed, retried = sorted((s for s in trace.data.spans if s.name == "calculator"),
                             key=lambda s: s.start_time_ns)
    assert failed.status.status_code == SpanStatusCode.ERROR
    assert failed.status.description == "std::domain_error: negative height"
    assert failed.inputs == {"metres": -330}
    assert failed.outputs is None
    [event] = failed.events
    assert event.name == "exception"
    assert event.attributes["exception.type"] == "std::domain_error"
    assert event.attributes["exception.message"] == "negative height"
    assert retried.status.status_code == SpanStatusCode.OK
    assert retried.outputs == 1083

    parts = [s for s in trace.data.spans if s.name == "summarize_part"]
    assert sorted(p.inputs["doc"] for p in parts) == ["doc-1", "doc-2"]
    assert all(p.parent_id == spans["summarize"].span_id for p in parts)

    info = trace.info
    assert info.state.value == "OK"
    assert info.tags["mlflow.traceName"] == "answer"
    assert info.tags["example"] == "manual_agent"
    assert info.trace_metadata["mlflow.trace.session"] == "demo-session"
    assert info.trace_metadata["mlflow.trace.user"] == "example-user"
    assert info.trace_metadata["mlflow.trace_schema.version"] == "3"
    assert info.token_usage == {"input_tokens": 24, "output_tokens": 7, "total_tokens": 31}
    assert info.request_preview == '{"question": "How tall is the Eiffel Tower?"}'
    assert info.response_preview == '"It is 330 metres tall. (1083 ft)"'
    assert info.client_request_id == "demo-request-1"
    assert info.experiment_id == "0"
    assert info.execution_duration == (root.end_time_ns - root.start_time_ns) // 1_000_000
    assert info.request_time == root.start_time_ns // 1_000_000


def test_chat_helpers_make_mlflows_chat_shapes(stored):
    """mlflow/chat.h's shapes, as MLflow's own chat types validate them (what the UI's chat view
    and mlflow.evaluate read)."""
    from mlflow.types.chat import ChatMessage, ChatTool
    line, _ = stored
    (chat,) = [s for s in Trace.from_json(line).data.spans if s.name == "chat"]
    messages = [ChatMessage.model_validate(m) for m in chat.inputs["messages"]]
    assert [(m.role, m.content[:6]) for m in messages] == [("system", "Answer"), ("user", "How ta")]
    assert chat.inputs["model"] == "tiny-local-model"
    (tool,) = [ChatTool.model_validate(t) for t in chat.get_attribute("mlflow.chat.tools")]
    assert tool.function.name == "calculator"
    assert tool.function.parameters.properties["metres"].type == "number"
    reply = ChatMessage.model_validate(chat.outputs["choices"][0]["message"])
    assert (reply.role, reply.content) == ("assistant", "It is 330 metres tall.")
    assert chat.get_attribute("mlflow.message.format") == "openai"
    assert chat.get_attribute("mlflow.chat.tokenUsage") == {
        "input_tokens": 24, "output_tokens": 7, "total_tokens": 31}


def test_span_links_are_mlflows(stored):
    """The retry's link to the failed call (span.add_link) is MLflow's Link."""
    line, _ = stored
    spans = Trace.from_json(line).data.spans
    failed, retry = sorted((s for s in spans if s.name == "calculator"),
                           key=lambda s: s.start_time_ns)
    assert failed.links == []
    (link,) = retry.links
    assert (link.trace_id, link.span_id) == (retry.trace_id, failed.span_id)
    assert link.attributes == {"reason": "retry"}


def test_round_trip_through_mlflow_keeps_every_field(stored):
    line, _ = stored
    ours = json.loads(line)
    assert Trace.from_json(line).to_dict() == ours


def test_same_shape_as_mlflows_own_traces(stored, tmp_path):
    """Key for key, our trace dict has the shape MLflow's decorator produces."""
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")

    @mlflow.trace(span_type="TOOL")
    def child(x):
        return x

    @mlflow.trace(span_type="AGENT")
    def root(q):
        mlflow.update_current_trace(client_request_id="r", tags={"t": "v"})
        return child(q)

    root("hi")
    mlflow.flush_trace_async_logging()
    reference = mlflow.get_trace(mlflow.get_last_active_trace_id()).to_dict()
    ours = json.loads(stored[0])

    assert ours.keys() == reference.keys()
    # Fields a tracking server adds, or that depend on the machine, are left out.
    server_only = {"mlflow.trace.spansLocation", "mlflow.artifactLocation",
                   "mlflow.trace.infoFinalized", "mlflow.trace.sizeBytes",
                   "mlflow.trace.sizeStats", "mlflow.source.git.commit",
                   "mlflow.source.git.branch", "mlflow.source.git.repoURL"}
    assert set(reference["info"]) <= set(ours["info"])
    ref_metadata = set(reference["info"]["trace_metadata"]) - server_only
    assert ref_metadata <= set(ours["info"]["trace_metadata"])
    ref_span = reference["data"]["spans"][0]
    for span in ours["data"]["spans"]:
        assert span.keys() == ref_span.keys()
        assert span["status"].keys() == ref_span["status"].keys()
        # MLflow's own span attributes, minus the decorator-only function name.
        expected = set(ref_span["attributes"]) - {"mlflow.spanFunctionName", "mlflow.spanOutputs",
                                                  "mlflow.spanInputs"}
        assert expected <= set(span["attributes"])
        assert all(isinstance(v, str) for v in span["attributes"].values())
