#!/usr/bin/env python3
"""Tests `mlflow-cpp show` end to end.

usage: show_test.py PATH/TO/mlflow-cpp [unittest options]

The stores are written by hand, one trace per line in the shape MLflow's Python client gives
(`Trace.to_json()`, json.dumps' default separators), so the tool is checked against the format
rather than against our own writer.
"""
import json
import os
import pty
import re
import subprocess
import sys
import tempfile
import unittest

MLFLOW_CPP = None  # set from the command line

T0 = 1795578631422745618  # a start time, in ns
MS = 1_000_000


def attr(value):
    """An attribute as MLflow stores it: the JSON text of the value."""
    return json.dumps(value)


def span(trace_id_b64, span_id, parent, name, span_type, start, end, status="OK", message="",
         inputs=None, outputs=None, exception=None):
    attributes = {
        "mlflow.traceRequestId": attr("tr-" + "0" * 32),
        "mlflow.spanType": attr(span_type),
        "mlflow.spanFunctionName": attr(name),
    }
    if inputs is not None:
        attributes["mlflow.spanInputs"] = attr(inputs)
    if outputs is not None:
        attributes["mlflow.spanOutputs"] = attr(outputs)
    events = []
    if exception is not None:
        events.append({
            "name": "exception",
            "time_unix_nano": end - 1000,
            "attributes": {
                "exception.message": exception[1],
                "exception.type": exception[0],
                "exception.stacktrace": "Traceback (most recent call last):\n  ...",
            },
        })
    return {
        "trace_id": trace_id_b64,
        "span_id": span_id,
        "parent_span_id": parent,
        "name": name,
        "start_time_unix_nano": start,
        "end_time_unix_nano": end,
        "events": events,
        "status": {"code": "STATUS_CODE_" + status, "message": message},
        "attributes": attributes,
        "links": [],
    }


def trace(trace_id, request_time, state, duration_ms, spans, tags):
    return {
        "info": {
            "trace_id": trace_id,
            "client_request_id": None,
            "trace_location": {"type": "MLFLOW_EXPERIMENT",
                               "mlflow_experiment": {"experiment_id": "0"}},
            "request_time": request_time,
            "state": state,
            "trace_metadata": {"mlflow.trace_schema.version": "3"},
            "tags": tags,
            "execution_duration_ms": duration_ms,
        },
        "data": {"spans": spans},
    }


ID1 = "tr-0123456789abcdef0123456789abcdef"
ID2 = "tr-fedcba9876543210fedcba9876543210"
B64_1 = "ASNFZ4mrze8BI0VniavN7w=="
B64_2 = "/ty6mHZUMhD+3LqYdlQyEA=="

# An agent: a retriever with a nested embedding, a failing tool, a chat model. Stored out of
# start order, as spans are when children end before their parents.
TRACE1 = trace(ID1, "2026-11-25T03:50:31.422Z", "OK", 58, [
    span(B64_1, "bGxtAAAAAAA=", "cm9vdAAAAAA=", "llm", "CHAT_MODEL", T0 + 30 * MS,
         T0 + 30 * MS + 340_000,
         inputs={"messages": [{"role": "user", "content": "café?"}]},
         outputs={"content": "hello"}),
    span(B64_1, "cm9vdAAAAAA=", None, "agent", "AGENT", T0, T0 + 58_500_000,
         inputs={"q": "what is up"},
         outputs={"answer": "hello there, this is a fairly long answer that will be cut short"}),
    span(B64_1, "Ym9vbQAAAAA=", "cm9vdAAAAAA=", "boom", "UNKNOWN", T0 + 20 * MS,
         T0 + 20 * MS + 1_160_000, status="ERROR", message="ValueError: bad", inputs={},
         exception=("ValueError", "bad")),
    span(B64_1, "ZW1iZWQAAAA=", "cmV0cmlldmU=", "embed", "EMBEDDING", T0 + 2 * MS,
         T0 + 3_500_000, inputs="up", outputs=[0.1, 0.2]),
    span(B64_1, "cmV0cmlldmU=", "cm9vdAAAAAA=", "retrieve", "RETRIEVER", T0 + 1 * MS,
         T0 + 11_250_000, inputs={"query": "up"}, outputs=[{"doc": 1}, {"doc": 2}]),
], {"mlflow.traceName": "agent", "mlflow.artifactLocation": "/tmp/mlruns"})

# A failed trace without a mlflow.traceName tag (the root span names it), whose failing root has
# children.
TRACE2 = trace(ID2, "2026-11-25T03:51:00.000Z", "ERROR", 7, [
    span(B64_2, "cm9vdDIAAAA=", None, "parse_config", "PARSER", T0, T0 + 7 * MS,
         status="ERROR", message="std::runtime_error: missing key 'model'",
         inputs={"file": "app.json"},
         exception=("std::runtime_error", "missing key 'model'")),
    span(B64_2, "cmVhZAAAAAA=", "cm9vdDIAAAA=", "read_file", "TOOL", T0 + 1 * MS, T0 + 3 * MS,
         inputs={"path": "/etc/app.json"}, outputs='{"model": null}'),
    span(B64_2, "b3BlbgAAAAA=", "cmVhZAAAAAA=", "open", "UNKNOWN", T0 + 1 * MS,
         T0 + 1 * MS + 500_000),
    span(B64_2, "dmFsaWQAAAA=", "cm9vdDIAAAA=", "validate", "PARSER", T0 + 5 * MS, T0 + 6 * MS,
         status="ERROR", message="std::runtime_error: missing key 'model'",
         exception=("std::runtime_error", "missing key 'model'")),
], {})

LINE1 = json.dumps(TRACE1)
LINE2 = json.dumps(TRACE2)

TREE1 = """\
tr-0123456789abcdef0123456789abcdef  agent  OK  58 ms  2026-11-25T03:50:31.422Z
  agent [AGENT] OK 58.50 ms  in: {"q":"what is up"}  out: {"answer":"hello there, this is a fairly long answer that w…
  ├─ retrieve [RETRIEVER] OK 10.25 ms  in: {"query":"up"}  out: [{"doc":1},{"doc":2}]
  │  └─ embed [EMBEDDING] OK 1.50 ms  in: "up"  out: [0.1,0.2]
  ├─ boom [UNKNOWN] ERROR (ValueError: bad) 1.16 ms  in: {}
  │  exception: ValueError: bad
  └─ llm [CHAT_MODEL] OK 0.34 ms  in: {"messages":[{"role":"user","content":"café?"}]}  out: {"content":"hello"}
"""

TREE2 = """\
tr-fedcba9876543210fedcba9876543210  parse_config  ERROR  7 ms  2026-11-25T03:51:00.000Z
  parse_config [PARSER] ERROR (std::runtime_error: missing key 'model') 7.00 ms  in: {"file":"app.json"}
  │  exception: std::runtime_error: missing key 'model'
  ├─ read_file [TOOL] OK 2.00 ms  in: {"path":"/etc/app.json"}  out: "{\\"model\\": null}"
  │  └─ open [UNKNOWN] OK 0.50 ms
  └─ validate [PARSER] ERROR (std::runtime_error: missing key 'model') 1.00 ms
     exception: std::runtime_error: missing key 'model'
"""


def run(args, env=None, cwd=None):
    full_env = dict(os.environ)
    for name in ("MLFLOW_CPP_TRACE_DIR", "NO_COLOR"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run([MLFLOW_CPP] + args, capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=60)


class ShowTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mlflow-cpp-cli-test-")
        self.addCleanup(self.tmp.cleanup)
        self.dir = os.path.join(self.tmp.name, "traces")
        self.write("traces.jsonl", LINE1 + "\n" + LINE2 + "\n")
        self.maxDiff = None

    def write(self, name, content, directory=None):
        directory = directory or self.dir
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(content)

    def show(self, *args, expect_code=0, **kwargs):
        result = run(["show"] + list(args), **kwargs)
        self.assertEqual(result.returncode, expect_code,
                         f"exit code of show {list(args)}; stderr:\n{result.stderr}")
        return result

    def test_tree(self):
        result = self.show(self.dir, "--no-color")
        self.assertEqual(result.stdout, TREE1 + "\n" + TREE2)
        self.assertEqual(result.stderr, "")

    def test_no_color_when_not_a_terminal(self):
        result = self.show(self.dir)
        self.assertEqual(result.stdout, TREE1 + "\n" + TREE2)

    def test_json_prints_the_stored_lines(self):
        result = self.show(self.dir, "--json")
        self.assertEqual(result.stdout, LINE1 + "\n" + LINE2 + "\n")

    def test_trace_id(self):
        self.assertEqual(self.show(self.dir, "--no-color", "--trace-id", ID2).stdout, TREE2)
        # Without the "tr-" prefix, and in the --option=value form.
        self.assertEqual(self.show(self.dir, "--no-color", "--trace-id=" + ID2[3:]).stdout, TREE2)
        self.assertEqual(self.show(self.dir, "--json", "--trace-id", ID1).stdout, LINE1 + "\n")

    def test_trace_id_without_a_match(self):
        result = self.show(self.dir, "--trace-id", "tr-" + "9" * 32)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, f"no traces in {self.dir} match (2 traces read)\n")

    def test_name_matches_the_trace_name_or_a_span_name(self):
        self.assertEqual(self.show(self.dir, "--no-color", "--name", "config").stdout, TREE2)
        self.assertEqual(self.show(self.dir, "--no-color", "--name", "mbe").stdout, TREE1)
        self.assertEqual(self.show(self.dir, "--no-color", "--name", "o").stdout,
                         TREE1 + "\n" + TREE2)
        self.assertEqual(self.show(self.dir, "--name", "nothing-like-it").stdout, "")

    def test_limit_keeps_the_last_matches(self):
        self.assertEqual(self.show(self.dir, "--no-color", "--limit", "1").stdout, TREE2)
        self.assertEqual(self.show(self.dir, "--no-color", "--limit", "5").stdout,
                         TREE1 + "\n" + TREE2)
        self.assertEqual(self.show(self.dir, "--no-color", "--limit=1", "--name", "agent").stdout,
                         TREE1)

    def test_unterminated_and_malformed_lines_are_skipped_each_reported(self):
        # One line per skipped line, with its file and line number, then one note with the counts.
        half = LINE1[: len(LINE1) // 2]
        self.write("traces.jsonl", LINE1 + "\n" + "{not json\n" + LINE2 + "\n" + half)
        result = self.show(self.dir, "--no-color")
        self.assertEqual(result.stdout, TREE1 + "\n" + TREE2)
        store = os.path.join(self.dir, "traces.jsonl")
        self.assertEqual(
            result.stderr,
            f"mlflow-cpp show: {store}:2: not JSON (parse error at line 1, column 3: syntax error "
            "while parsing object key - invalid literal; last read: '{no'; expected string "
            "literal); skipped\n"
            f"mlflow-cpp show: {store}:4: incomplete last line ({len(half)} bytes without a "
            "newline: a trace still being written, or cut short by a writer that was killed); "
            "skipped\n"
            "note: skipped 1 incomplete line (a trace still being written) and "
            f"1 malformed line in {self.dir}\n")

    def test_a_line_of_a_newer_store_format_is_skipped_and_reported(self):
        newer = json.loads(LINE1)
        newer["mlflow_cpp_format"] = 2
        self.write("traces.jsonl", json.dumps(newer) + "\n" + LINE2 + "\n")
        result = self.show(self.dir, "--no-color")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, TREE2)
        store = os.path.join(self.dir, "traces.jsonl")
        self.assertEqual(result.stderr,
                         f"mlflow-cpp show: {store}:1: written in store format 2 by a newer "
                         "mlflow-cpp (this one reads format 1); use that version; skipped\n"
                         f"note: skipped 1 line of a newer store format in {self.dir}\n")

    def test_a_complete_but_unterminated_last_line_is_skipped(self):
        self.write("traces.jsonl", LINE1 + "\n" + LINE2)
        result = self.show(self.dir, "--no-color")
        self.assertEqual(result.stdout, TREE1)
        store = os.path.join(self.dir, "traces.jsonl")
        self.assertEqual(result.stderr,
                         f"mlflow-cpp show: {store}:2: incomplete last line ({len(LINE2)} bytes "
                         "without a newline: a trace still being written, or cut short by a writer "
                         "that was killed); skipped\n"
                         "note: skipped 1 incomplete line (a trace still being "
                         f"written) in {self.dir}\n")

    def test_files_are_read_in_name_order(self):
        self.write("traces.jsonl", LINE2 + "\n")
        self.write("2026-11-24.jsonl", LINE1 + "\n")
        self.assertEqual(self.show(self.dir, "--no-color").stdout, TREE1 + "\n" + TREE2)

    def test_default_directory(self):
        # $MLFLOW_CPP_TRACE_DIR, else ./mlflow-traces.
        result = self.show("--no-color", env={"MLFLOW_CPP_TRACE_DIR": self.dir})
        self.assertEqual(result.stdout, TREE1 + "\n" + TREE2)
        self.write("traces.jsonl", LINE2 + "\n", os.path.join(self.tmp.name, "mlflow-traces"))
        self.assertEqual(self.show("--no-color", cwd=self.tmp.name).stdout, TREE2)

    def test_missing_directory_is_empty(self):
        missing = os.path.join(self.tmp.name, "missing")
        result = self.show(missing)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, f"no traces in {missing}\n")

    def test_unreadable_store_is_an_error(self):
        not_a_dir = os.path.join(self.dir, "traces.jsonl")
        result = self.show(not_a_dir, expect_code=1)
        self.assertEqual(result.stdout, "")
        self.assertIn(f"mlflow-cpp: error: cannot list '{not_a_dir}': Not a directory",
                      result.stderr)

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
    def test_output_error_is_reported(self):
        with open("/dev/full", "w") as full:
            result = subprocess.run([MLFLOW_CPP, "show", self.dir], stdout=full,
                                    stderr=subprocess.PIPE, text=True, timeout=60)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr,
                         "mlflow-cpp: error: cannot write the output: No space left on device\n")

    def test_bad_usage(self):
        for args in ([], ["frob"], ["--frob"], ["show", "--frob"], ["show", "a", "b"],
                     ["show", "--limit"], ["show", "--limit", "x"], ["show", "--limit", "0"],
                     ["show", "--limit", "-3"], ["show", "--trace-id"], ["show", "--trace-id="]):
            with self.subTest(args=args):
                result = run(args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")
                self.assertRegex(result.stderr, r"^mlflow-cpp[ a-z]*: .+\nusage: mlflow-cpp ")
        self.assertEqual(run(["show", "--limit", "x"]).stderr.splitlines()[0],
                         "mlflow-cpp show: option --limit needs a whole number >= 1, not 'x'")
        self.assertEqual(run(["show", "--frob"]).stderr.splitlines()[0],
                         "mlflow-cpp show: unknown option '--frob'")

    def test_help_and_version(self):
        for args in (["--help"], ["-h"], ["help"]):
            result = run(args)
            self.assertEqual((result.returncode, result.stderr), (0, ""))
            self.assertTrue(result.stdout.startswith("usage: mlflow-cpp <command>"))
        for args in (["show", "--help"], ["help", "show"]):
            result = run(args)
            self.assertEqual((result.returncode, result.stderr), (0, ""))
            self.assertTrue(result.stdout.startswith("usage: mlflow-cpp show [DIR]"))
            self.assertIn("--trace-id ID", result.stdout)
        result = run(["--version"])
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^mlflow-cpp \d+\.\d+\.\d+\n$")

    def test_lines_from_another_version_show_question_marks(self):
        odd = [
            # Every field of an unexpected type; a terminal escape in a span name.
            {"info": {"trace_id": 12345, "state": ["weird"], "execution_duration_ms": "12",
                      "tags": []},
             "data": {"spans": [
                 {"name": "x\u001b[31mred", "span_id": "a", "start_time_unix_nano": "100",
                  "end_time_unix_nano": 2600, "status": "STATUS_CODE_OK",
                  "attributes": {"mlflow.spanType": 7, "mlflow.spanInputs": "not json"},
                  "events": [{"name": "exception", "attributes": 3}]},
                 42,
                 {"span_id": "b", "parent_span_id": "a", "status": {"code": None},
                  "attributes": [], "events": {}},
             ]}},
            {"info": None},
            {"data": {"spans": {}}, "info": {"trace_id": "tr-x", "request_time": 1}},
            # Spans whose parents form a cycle, and one that is its own parent.
            {"info": {"trace_id": "tr-cycle"}, "data": {"spans": [
                {"span_id": "p", "parent_span_id": "q", "name": "p"},
                {"span_id": "q", "parent_span_id": "p", "name": "q"},
                {"span_id": "s", "parent_span_id": "s", "name": "s"},
            ]}},
        ]
        self.write("traces.jsonl", "".join(json.dumps(t) + "\n" for t in odd))
        result = self.show(self.dir, "--no-color")
        self.assertEqual(result.stdout, """\
?  x\\u001b[31mred  ?  12 ms  ?
  x\\u001b[31mred [7] OK 0.00 ms  in: "not json"
  │  exception: ?
  └─ ? [?] ? ? ms
  ? [?] ? ? ms

?  ?  ?  ? ms  ?
  (no spans)

tr-x  ?  ?  ? ms  ?
  (no spans)

tr-cycle  s  ?  ? ms  ?
  s [?] ? ? ms
  p [?] ? ? ms
  └─ q [?] ? ? ms
""")
        self.assertEqual(result.stderr, "")
        self.assertNotIn("\x1b", result.stdout)

    def test_deep_nesting_does_not_exhaust_the_stack(self):
        # Written as text: Python's json module would recurse as deep as the data.
        deep = "[" * 200_000 + "]" * 200_000
        text_inputs = json.dumps({"info": {"trace_id": "tr-a"}, "data": {"spans": [
            {"span_id": "a", "name": "text", "attributes": {"mlflow.spanInputs": deep}}]}})
        # Raw (not text) deep values everywhere the view reads one.
        raw_values = ('{"info": {"trace_id": "tr-b", "x": %s}, "data": {"spans": ['
                      '{"span_id": %s, "name": "raw", '
                      '"attributes": {"mlflow.spanType": %s, "mlflow.spanOutputs": %s}, '
                      '"events": [{"name": "exception", "attributes": {"exception.message": %s}}]'
                      '}]}}' % ((deep,) * 5))
        chain = [{"span_id": str(i), "parent_span_id": str(i - 1) if i else None,
                  "name": f"level{i}", "start_time_unix_nano": i} for i in range(2000)]
        nested_spans = json.dumps({"info": {"trace_id": "tr-c"}, "data": {"spans": chain}})
        self.write("traces.jsonl", "\n".join([text_inputs, raw_values, nested_spans]) + "\n")

        result = self.show(self.dir, "--no-color")
        brackets = "[" * 59 + "…"
        lines = result.stdout.splitlines()
        self.assertEqual(lines[:8], [
            "tr-a  text  ?  ? ms  ?",
            f"  text [?] ? ? ms  in: {brackets}",
            "",
            "tr-b  raw  ?  ? ms  ?",
            f"  raw [{'[' * 199}…] ? ? ms  out: {brackets}",
            f"  exception: ?: {brackets}",
            "",
            "tr-c  level0  ?  ? ms  ?",
        ])
        self.assertEqual(len(lines), 8 + 2000)  # the header is among the first 8
        self.assertEqual(lines[-1], "  " + "   " * 1998 + "└─ level1999 [?] ? ? ms")
        self.assertEqual(self.show(self.dir, "--json").stdout.count("\n"), 3)

    def test_colors_on_a_terminal(self):
        def on_terminal(*args, env=None):
            controller, terminal = pty.openpty()
            try:
                full_env = dict(os.environ, TERM="xterm")
                full_env.pop("NO_COLOR", None)
                full_env.update(env or {})
                process = subprocess.Popen([MLFLOW_CPP, "show", self.dir] + list(args),
                                           stdout=terminal, stderr=subprocess.PIPE, env=full_env)
                os.close(terminal)
                terminal = None
                output = b""
                while True:
                    try:
                        chunk = os.read(controller, 65536)
                    except OSError:  # EIO: the other side is closed
                        break
                    if not chunk:
                        break
                    output += chunk
                self.assertEqual(process.wait(timeout=60), 0)
                process.stderr.close()
                return output.decode("utf-8").replace("\r\n", "\n")
            finally:
                os.close(controller)
                if terminal is not None:
                    os.close(terminal)

        colored = on_terminal()
        self.assertIn("\x1b[31mERROR (ValueError: bad)\x1b[0m", colored)
        self.assertIn("\x1b[31mERROR\x1b[0m  7 ms", colored)
        self.assertEqual(re.sub(r"\x1b\[[0-9;]*m", "", colored), TREE1 + "\n" + TREE2)
        self.assertEqual(on_terminal("--no-color"), TREE1 + "\n" + TREE2)
        self.assertEqual(on_terminal(env={"NO_COLOR": "1"}), TREE1 + "\n" + TREE2)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    MLFLOW_CPP = os.path.abspath(sys.argv.pop(1))
    unittest.main()
