"""The server agent's trace, recorded by MLflow's own Python client (the reference).

Records the same spans as server_agent/ (the C++ program), to the server named by
MLFLOW_TRACKING_URI and the experiment MLFLOW_EXPERIMENT_NAME, so the fixtures, the assertions
(agent_expectations.py) and the UI check can be developed and checked against the real server
with traces MLflow itself wrote.

    python py_agent.py <client-request-id>     prints "trace <id>"
"""

import contextvars
import sys
import threading

import mlflow

import agent_expectations as X

API_KEY = "sk-secret"  # never recorded


@mlflow.trace(span_type="EMBEDDING")
def embed(text):
    return X.embed(text)


@mlflow.trace(span_type="RETRIEVER")
def search(query, top_k):
    embed(query)
    return X.DOCS[:top_k]


@mlflow.trace(name="chat", span_type="CHAT_MODEL")
def complete(messages, model):
    assert API_KEY
    span = mlflow.get_current_active_span()
    span.set_attribute("mlflow.message.format", "openai")
    span.set_attribute("mlflow.chat.tokenUsage", X.CHAT_USAGE)
    return X.CHAT_OUTPUT


@mlflow.trace(span_type="TOOL")
def convert_units(value, unit):
    if unit != "ft":
        raise ValueError(f"unknown unit: {unit}")
    return round(value * 3.28084)


@mlflow.trace(span_type="TASK")
def summarize(text):
    return " ".join(text.split()[:3])


def summarize_all(texts):
    with mlflow.start_span("summarize_all", span_type="CHAIN") as span:
        span.set_inputs({"texts": texts})
        out = [None] * len(texts)

        def work(i):
            out[i] = summarize(texts[i])

        threads = [threading.Thread(target=contextvars.copy_context().run, args=(work, i))
                   for i in range(len(texts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        span.set_outputs(out)
        return out


@mlflow.trace(span_type="AGENT")
def answer(question):
    mlflow.update_current_trace(client_request_id=sys.argv[1], session_id=X.SESSION, user=X.USER,
                                tags=X.TAGS, metadata=X.METADATA)
    with mlflow.start_span("plan", span_type="CHAIN") as plan:
        plan.set_inputs({"question": question})
        plan.set_attribute("planner", "rules")
        with mlflow.start_span("rewrite_query", span_type="LLM") as rewrite:
            rewrite.set_inputs({"prompt": "Rewrite as a search query: " + question})
            query = X.QUERY
            rewrite.set_outputs(query)
            rewrite.set_attribute("mlflow.chat.tokenUsage", X.REWRITE_USAGE)
        plan.set_outputs({"steps": X.PLAN_STEPS})
    docs = search(query, 2)
    messages = [{"role": "system", "content": "Answer from the documents: " + docs[0]["text"]},
                {"role": "user", "content": question}]
    reply = complete(messages, X.MODEL)["choices"][0]["message"]["content"]
    try:
        feet = convert_units(330.0, "furlongs")
    except ValueError:
        feet = convert_units(330.0, "ft")
    summarize_all([docs[0]["text"], docs[1]["text"], reply])
    return f"{reply} ({feet} ft)"


if __name__ == "__main__":
    print(answer(X.QUESTION))
    mlflow.flush_trace_async_logging(terminate=True)
    print("trace", mlflow.get_last_active_trace_id())
