"""What the server agent's trace must look like when read back from a tracking server.

server_agent/ (C++, compiled with the plugin) and py_agent.py (MLflow's own Python client, the
reference) record the same trace; check_agent_trace() judges either one, so the assertions
themselves are checked against what MLflow's Python client produces on the same server.
"""

import json

from mlflow.entities import SpanStatusCode, TraceState
from trace_tree import tree

QUESTION = "How tall is the Eiffel Tower?"
QUERY = "eiffel tower height"
DOCS = [{"id": "eiffel-1", "text": "The Eiffel Tower is 330 metres tall."},
        {"id": "eiffel-2", "text": "The Eiffel Tower was completed in 1889."}]
SYSTEM_PROMPT = "Answer from the documents: " + DOCS[0]["text"]
REPLY = "The Eiffel Tower is 330 metres tall."
ANSWER = REPLY + " (1083 ft)"
MODEL = "tiny-chat-1"
MESSAGES = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": QUESTION}]
CHAT_OUTPUT = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "model": MODEL,
    "choices": [{"index": 0, "message": {"role": "assistant", "content": REPLY},
                 "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 24, "completion_tokens": 9, "total_tokens": 33},
}
CHAT_USAGE = {"input_tokens": 24, "output_tokens": 9, "total_tokens": 33}
REWRITE_PROMPT = "Rewrite as a search query: " + QUESTION
REWRITE_USAGE = {"input_tokens": 8, "output_tokens": 3, "total_tokens": 11}
TRACE_USAGE = {"input_tokens": 32, "output_tokens": 12, "total_tokens": 44}
PLAN_STEPS = ["rewrite", "search", "chat", "convert", "summarize"]
SUMMARY_INPUTS = [DOCS[0]["text"], DOCS[1]["text"], REPLY]
SUMMARIES = ["The Eiffel Tower", "The Eiffel Tower", "The Eiffel Tower"]
BAD_UNIT_MESSAGE = "unknown unit: furlongs"
SESSION = "server-session-1"
USER = "cpp-user"
TAGS = {"env": "e2e", "agent": "server_agent"}
METADATA = {"app.version": "1.2.3"}

TREE = [
    "answer [AGENT]",
    "  plan [CHAIN]",
    "    rewrite_query [LLM]",
    "  search [RETRIEVER]",
    "    embed [EMBEDDING]",
    "  chat [CHAT_MODEL]",
    "  convert_units [TOOL]",
    "  convert_units [TOOL]",
    "  summarize_all [CHAIN]",
    "    summarize [TASK]",
    "    summarize [TASK]",
    "    summarize [TASK]",
]

# The exception each language raises in convert_units for an unknown unit.
EXCEPTION_TYPE = {"cpp": "std::invalid_argument", "python": "ValueError"}
# mlflow.source.name: the program.
SOURCE_NAME = {"cpp": "server_agent", "python": "py_agent.py"}


def embed(text):
    """The toy embedding both agents compute."""
    v = [0.0] * 4
    for c in text:
        v[ord(c) % 4] += 1.0 if c.isalpha() else 0.0
    return v


def spans_by_name(trace):
    out = {}
    for span in trace.data.spans:
        out.setdefault(span.name, []).append(span)
    return out


def check_agent_trace(trace, lang, request_id):
    """Asserts everything about one agent trace read back from the server."""
    info = trace.info
    assert tree(trace) == TREE, "\n".join(tree(trace))
    spans = spans_by_name(trace)
    by_id = {s.span_id: s for s in trace.data.spans}
    for span in trace.data.spans:
        assert span.trace_id == info.trace_id
        if span.parent_id is not None:
            parent = by_id[span.parent_id]
            assert parent.start_time_ns <= span.start_time_ns <= span.end_time_ns <= parent.end_time_ns, \
                f"{span.name} is not inside {parent.name} in time"

    [answer] = spans["answer"]
    assert answer.parent_id is None
    assert answer.inputs == {"question": QUESTION}  # the API key is not captured
    assert answer.outputs == ANSWER
    assert answer.status.status_code == SpanStatusCode.OK

    [plan] = spans["plan"]
    assert plan.inputs == {"question": QUESTION}
    assert plan.outputs == {"steps": PLAN_STEPS}
    assert plan.get_attribute("planner") == "rules"

    [rewrite] = spans["rewrite_query"]
    assert rewrite.inputs == {"prompt": REWRITE_PROMPT}
    assert rewrite.outputs == QUERY
    assert rewrite.get_attribute("mlflow.chat.tokenUsage") == REWRITE_USAGE

    [search] = spans["search"]
    assert search.inputs == {"query": QUERY, "top_k": 2}
    assert search.outputs == DOCS

    [emb] = spans["embed"]
    assert emb.inputs == {"text": QUERY}
    assert emb.outputs == embed(QUERY)

    [chat] = spans["chat"]
    assert chat.inputs == {"messages": MESSAGES, "model": MODEL}  # the API key is not captured
    assert chat.outputs == CHAT_OUTPUT
    assert chat.get_attribute("mlflow.message.format") == "openai"
    assert chat.get_attribute("mlflow.chat.tokenUsage") == CHAT_USAGE
    assert chat.status.status_code == SpanStatusCode.OK

    failed, ok = sorted(spans["convert_units"], key=lambda s: s.start_time_ns)
    assert failed.inputs == {"value": 330.0, "unit": "furlongs"}
    assert failed.outputs is None
    assert failed.status.status_code == SpanStatusCode.ERROR
    exc_type = EXCEPTION_TYPE[lang]
    assert failed.status.description == f"{exc_type}: {BAD_UNIT_MESSAGE}"
    [event] = [e for e in failed.events if e.name == "exception"]
    assert event.attributes["exception.type"] == exc_type
    assert event.attributes["exception.message"] == BAD_UNIT_MESSAGE
    assert "convert_units" in event.attributes["exception.stacktrace"]
    assert ok.inputs == {"value": 330.0, "unit": "ft"}
    assert ok.outputs == 1083
    assert ok.status.status_code == SpanStatusCode.OK

    [summarize_all] = spans["summarize_all"]
    assert summarize_all.inputs == {"texts": SUMMARY_INPUTS}
    assert summarize_all.outputs == SUMMARIES
    workers = spans["summarize"]
    assert sorted(w.inputs["text"] for w in workers) == sorted(SUMMARY_INPUTS)
    assert all(w.outputs == "The Eiffel Tower" for w in workers)
    assert all(w.parent_id == summarize_all.span_id for w in workers)

    for span in trace.data.spans:
        if span is not failed:
            assert span.status.status_code == SpanStatusCode.OK, span.name
    if lang == "cpp":
        assert answer.get_attribute("code.function.name") == "server_agent::answer"
        assert answer.get_attribute("mlflow.spanFunctionName") == "answer"
        assert "server_agent::convert_units" in event.attributes["exception.stacktrace"]

    # Trace level.
    assert info.state == TraceState.OK
    assert info.client_request_id == request_id
    assert info.token_usage == TRACE_USAGE
    assert info.tags["mlflow.traceName"] == "answer"
    for key, value in TAGS.items():
        assert info.tags[key] == value
    assert info.trace_metadata["mlflow.trace.session"] == SESSION
    assert info.trace_metadata["mlflow.trace.user"] == USER
    for key, value in METADATA.items():
        assert info.trace_metadata[key] == value
    assert info.request_preview == '{"question": "How tall is the Eiffel Tower?"}'
    assert info.response_preview == json.dumps(ANSWER)  # not a chat shape: the JSON text
    assert info.trace_metadata["mlflow.trace_schema.version"] == "3"
    assert info.trace_metadata["mlflow.source.type"] == "LOCAL"
    # The program (Python records the script's path).
    assert info.trace_metadata["mlflow.source.name"].split("/")[-1] == SOURCE_NAME[lang]
    assert info.execution_duration is not None and info.execution_duration >= 0
    assert abs(info.request_time - answer.start_time_ns // 1_000_000) <= 1


def check_batch_trace(trace, index):
    """One trace of `server_agent --traces N`: batch_item(index) > batch_step(index)."""
    assert tree(trace) == ["batch_item [CHAIN]", "  batch_step [TOOL]"]
    item = next(s for s in trace.data.spans if s.name == "batch_item")
    step = next(s for s in trace.data.spans if s.name == "batch_step")
    assert (item.inputs, item.outputs) == ({"index": index}, index * index + 1)
    assert (step.inputs, step.outputs) == ({"index": index}, index * index)
    assert item.status.status_code == step.status.status_code == SpanStatusCode.OK
    assert trace.info.tags["mlflow.traceName"] == "batch_item"
    assert trace.info.tags["batch"] == "push"
    assert trace.info.state == TraceState.OK


def ui_spec(server_url, exp_id, trace_id, lang, label):
    """What ui_check.mjs must find in the MLflow UI for the agent's trace."""
    return {
        "url": server_url,
        "experimentId": exp_id,
        "traceId": trace_id,
        "label": label,
        "traceName": "answer",
        "requestPreview": '{"question": "How tall is the Eiffel Tower?"}',
        "session": SESSION,
        "user": USER,
        "tokens": TRACE_USAGE["total_tokens"],
        "tree": [[line.strip().split(" [")[0], (len(line) - len(line.lstrip())) // 2]
                 for line in TREE],
        "io": {"span": "search", "texts": [QUERY, DOCS[1]["text"]]},
        "chat": {"span": "chat", "texts": [SYSTEM_PROMPT, QUESTION, REPLY]},
        "error": {"span": "convert_units", "texts": [BAD_UNIT_MESSAGE, EXCEPTION_TYPE[lang]]},
    }
