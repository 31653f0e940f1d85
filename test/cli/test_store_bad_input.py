"""Bad input in the local store: `mlflow-cpp push` (to a real MLflow server) and `mlflow-cpp show`
report each bad line with its file and line number, skip it, deliver or print the rest, and
never crash.

The good lines are traces the runtime kept (the manual_agent example, its server refused), each
made a trace of its own (push_helpers.fresh_trace). The bad ones are what a store meets:

  a line cut short by a writer that was killed (ended by the next append's '\\n')
  garbage bytes (not UTF-8)
  a line of a newer store format ("mlflow_cpp_format": 2)
  a JSON object that is not an undelivered trace
  a trace stored twice
  a trace whose spans are malformed
  the last line without its newline: an append in progress (or a killed writer's end)

and a store another process is appending to while push and show read it: a writer holding the
store's lock halfway through its line (the runtime's writers flock(2) the file for each append).
"""

import fcntl
import json
import os
import subprocess

from mlflow_servers import free_port
from push_helpers import clean_env, fresh_trace, traces_on_server, unique_name

SPANS = 8  # manual_agent's tree


def problems(stderr, command):
    """The lines of stderr that report a skipped line: {line number: what}."""
    prefix = f"mlflow-cpp {command}: "
    found = {}
    for line in stderr.splitlines():
        if line.startswith(prefix) and ".jsonl:" in line:
            where, what = line[len(prefix):].split(": ", 1)
            found[int(where.rsplit(":", 1)[1])] = what
    return found


def assert_delivered(server_url, experiment, ids):
    on_server = traces_on_server(server_url, experiment)
    assert sorted(on_server) == sorted(ids)
    for trace in on_server.values():
        assert len({span.span_id for span in trace.data.spans}) == SPANS


def test_push_and_show_skip_each_bad_line_and_deliver_the_rest(agent_store, new_store, cli,
                                                               mlflow_server):
    lines, _ = agent_store
    experiment = unique_name("bad-lines")
    (a, a_id), (b, b_id), (c, c_id), (d, d_id) = [
        fresh_trace(lines[i % len(lines)], experiment) for i in range(4)]
    newer = json.loads(c)
    newer["mlflow_cpp_format"] = 2
    broken_spans = json.loads(d)
    broken_spans["data"]["spans"][1]["span_id"] = "not base64!"
    e, e_id = fresh_trace(lines[0], experiment)
    cut = len(e) // 3
    store = new_store(
        (a + "\n"                                          # 1  delivered
         + b[: len(b) // 2] + "\n"                         # 2  cut short by a killed writer
         ).encode()
        + b"\x00\xff\xfe garbage \x80\n"                   # 3  not even text
        + (json.dumps(newer) + "\n"                        # 4  a newer format
           + '{"info": {"trace_id": "tr-1"}}\n'            # 5  not an undelivered trace
           + a + "\n"                                      # 6  a again
           + json.dumps(broken_spans) + "\n"               # 7  malformed spans
           + c + "\n"                                      # 8  delivered
           + "\n"                                          # 9  blank: nothing to report
           + e[:cut]                                       # 10 still being written
           ).encode())
    file = store / "undelivered.jsonl"

    result = cli("push", store, "--tracking-uri", mlflow_server.url)
    print(result.stderr)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert result.stdout.splitlines()[-1] == "delivered 2, already delivered 0, not delivered 0"
    reported = problems(result.stderr, "push")
    assert sorted(reported) == [2, 3, 4, 5, 6, 7, 10], result.stderr
    assert reported[2].startswith("not JSON (parse error at line 1, column ")
    assert reported[3].startswith("not JSON (")
    assert reported[4] == ("written in store format 2 by a newer mlflow-cpp (this one reads "
                           "format 1); use that version; skipped")
    assert reported[5] == "not an undelivered trace (no valid mlflow_cpp_delivery); skipped"
    assert reported[6] == f"{a_id} again (first at {file}:1); skipped"
    assert reported[7].startswith(f"{d_id} has malformed spans (")
    assert reported[10] == (f"incomplete last line ({cut} bytes without a newline: a trace still "
                            "being written, or cut short by a writer that was killed); skipped")
    assert all(line.startswith("mlflow-cpp push: ") for line in result.stderr.splitlines())
    assert "mlflow-cpp push: skipped 7 stored line(s) that are not deliverable traces" in (
        result.stderr)
    assert_delivered(mlflow_server.url, experiment, [a_id, c_id])

    # show reads the same store: the same lines reported (the others are traces it can print).
    shown = cli("show", store, "--no-color")
    assert shown.returncode == 0, shown.stderr
    assert sorted(problems(shown.stderr, "show")) == [2, 3, 4, 10], shown.stderr
    assert a_id in shown.stdout and c_id in shown.stdout and e_id not in shown.stdout

    # The writer finishes its line: the next push delivers it, and only it. The journal has
    # gone bad meanwhile (its 8 lines: an intent and a completion per request and trace, then
    # garbage): the bad entries are reported, the good ones still hold.
    with open(file, "ab") as f:
        f.write((e[cut:] + "\n").encode())
    journal = store / "push-journal.log"
    assert len(journal.read_text().splitlines()) == 8
    with open(journal, "ab") as f:
        f.write(b'garbage\n{"server": 5, "trace_id": "tr-1", "step": "done"}\n')
    later = cli("push", store, "--tracking-uri", mlflow_server.url)
    assert later.returncode == 0, later.stderr
    assert later.stdout.splitlines()[-1] == "delivered 1, already delivered 2, not delivered 0"
    assert sorted(problems(later.stderr, "push")) == [2, 3, 4, 5, 6, 7]
    assert f"mlflow-cpp push: {journal}:9: not JSON (" in later.stderr
    assert f"mlflow-cpp push: {journal}:10: not a journal entry; skipped\n" in later.stderr
    assert_delivered(mlflow_server.url, experiment, [a_id, c_id, e_id])


def test_a_store_being_written_while_push_and_show_read_it(agent_store, new_store, cli,
                                                           mlflow_server):
    """A writer holds the store's lock with half its line written (as a writer does between two
    short writes, or a slow disk): push and show neither wait for it nor take the half line as a
    trace; once the writer finishes, the next push delivers that trace."""
    lines, _ = agent_store
    experiment = unique_name("concurrent")
    (a, a_id), (b, b_id) = [fresh_trace(line, experiment) for line in lines[:2]]
    store = new_store(a + "\n")
    file = store / "undelivered.jsonl"

    fd = os.open(file, os.O_WRONLY | os.O_APPEND)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        half = len(b) // 2
        os.write(fd, b[:half].encode())

        result = cli("push", store, "--tracking-uri", mlflow_server.url, timeout=60)
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
        assert result.stdout.splitlines()[-1] == "delivered 1, already delivered 0, not delivered 0"
        assert problems(result.stderr, "push") == {2: (
            f"incomplete last line ({half} bytes without a newline: a trace still being "
            "written, or cut short by a writer that was killed); skipped")}
        shown = cli("show", store, "--no-color", timeout=60)
        assert shown.returncode == 0 and a_id in shown.stdout and b_id not in shown.stdout
        assert list(problems(shown.stderr, "show")) == [2]
        assert_delivered(mlflow_server.url, experiment, [a_id])

        os.write(fd, (b[half:] + "\n").encode())
    finally:
        os.close(fd)  # releases the lock

    result = cli("push", store, "--tracking-uri", mlflow_server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "delivered 1, already delivered 1, not delivered 0"
    assert result.stderr == ""
    assert_delivered(mlflow_server.url, experiment, [a_id, b_id])


def test_push_while_the_runtime_appends(agent_store, request, new_store, cli, mlflow_server,
                                        tmp_path):
    """The real writer: manual_agent runs, appending to undelivered.jsonl, while pushes run over
    and over. No push fails or takes a torn line; after the last run one push delivers the rest,
    and every trace is on the server once with all its spans."""
    experiment = unique_name("racing")
    store = tmp_path / "racing"
    env = clean_env(MLFLOW_TRACKING_URI=f"http://127.0.0.1:{free_port()}",
                    MLFLOW_EXPERIMENT_NAME=experiment, MLFLOW_CPP_TRACE_DIR=store)
    example = request.config.getoption("--example")
    runs = 6
    writers = [subprocess.Popen([example], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(runs)]
    pushes = 0
    while any(w.poll() is None for w in writers) or pushes == 0:
        result = cli("push", store, "--tracking-uri", mlflow_server.url)
        pushes += 1
        assert result.returncode == 0, result.stderr
        for what in problems(result.stderr, "push").values():
            assert what.startswith("incomplete last line"), result.stderr
    ids = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        ids += [line.split()[1] for line in out.splitlines() if line.startswith("trace ")]
    assert len(set(ids)) == runs
    final = cli("push", store, "--tracking-uri", mlflow_server.url)
    assert final.returncode == 0 and final.stderr == "", final.stderr
    print(f"{pushes} pushes while {runs} programs wrote; then: {final.stdout.splitlines()[-1]}")
    assert_delivered(mlflow_server.url, experiment, ids)
