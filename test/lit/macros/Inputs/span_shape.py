"""Prints the spans of a local trace store without what differs between two runs of the same
program (ids, times, the stack trace of an exception, code.line.number): one line per span,
indented under its parent, with its type, status, inputs, outputs, events and code attributes.
Two builds of the same functions print the same lines when they record the same span shapes.

Usage: span_shape.py <trace dir>
"""
import json
import pathlib
import sys

KEPT = ("mlflow.spanType", "mlflow.spanInputs", "mlflow.spanOutputs", "mlflow.spanFunctionName",
        "code.function.name", "code.file.path", "mlflow.spanLogLevel")


def main(trace_dir):
    for line in (pathlib.Path(trace_dir) / "traces.jsonl").read_text().splitlines():
        spans = json.loads(line)["data"]["spans"]
        children = {}
        for span in spans:
            children.setdefault(span["parent_span_id"], []).append(span)

        def show(span, depth):
            attributes = {k: span["attributes"][k] for k in KEPT if k in span["attributes"]}
            events = [(e["name"], {k: v for k, v in e["attributes"].items()
                                   if k != "exception.stacktrace"}) for e in span["events"]]
            print("  " * depth + span["name"], json.dumps(attributes, sort_keys=True),
                  span["status"]["code"], span["status"]["message"], json.dumps(events))
            for child in children.get(span["span_id"], []):
                show(child, depth + 1)

        for root in children.get(None, []):
            show(root, 0)


if __name__ == "__main__":
    main(sys.argv[1])
