"""`mlflow-cpp show --server` and the C++ query API (<mlflow/client.h>, through query_sample),
against a real MLflow server, judged by MLflow's own Python client (mlflow.get_trace,
MlflowClient.search_traces).

The experiment holds, oldest first: three manual_agent traces (C++; tag example=manual_agent;
all OK, one span of each is an ERROR), py_ok (OK) and py_fail (ERROR), both tag origin=python.
"""

import json
import re
import time

import pytest
from mlflow import MlflowClient
from mlflow.entities import Trace
from mlflow.exceptions import MlflowException

from query_server import EXPERIMENT, free_port

TOKEN = re.compile(r"--page-token (\S+)")


def headers(stdout):
    """The trace ids of the printed trees, in order (each tree starts with its header line)."""
    return [line.split()[0] for line in stdout.splitlines() if line.startswith("tr-")]


def blocks(stdout):
    """The printed trees, by trace id."""
    out = {}
    for block in stdout.strip("\n").split("\n\n"):
        out[block.split()[0]] = block + "\n"
    return out


def next_token(stderr):
    found = TOKEN.findall(stderr)
    assert len(found) <= 1, stderr
    return found[0] if found else None


def python_search(experiment_id, **kwargs):
    return MlflowClient().search_traces(locations=[experiment_id], include_spans=False, **kwargs)


def python_ids(experiment_id, **kwargs):
    return [t.info.trace_id for t in python_search(experiment_id, max_results=100, **kwargs)]


def assert_same_trace(ours, trace_id):
    """`ours` (a Trace dict) is the trace MLflow's Python client reads for `trace_id`."""
    reference = MlflowClient().get_trace(trace_id).to_dict()
    assert ours["info"] == reference["info"]
    by_id = lambda spans: sorted(spans, key=lambda s: s["span_id"])  # noqa: E731
    assert by_id(ours["data"]["spans"]) == by_id(reference["data"]["spans"])
    Trace.from_dict(ours)  # and MLflow reads it back


def cpp_id(populated):
    return populated["cpp"][0]


# --- mlflow-cpp show --server -------------------------------------------------------------


def test_lists_every_trace_newest_first(cli, server, populated):
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"])
    assert result.returncode == 0, result.stderr
    assert headers(result.stdout) == python_ids(populated["experiment_id"])
    assert set(headers(result.stdout)) == populated["all"]
    assert next_token(result.stderr) is None
    tree = blocks(result.stdout)[cpp_id(populated)]
    for expected in ("  answer [AGENT] OK ", "  ├─ retrieve [RETRIEVER] OK ",
                     "  ├─ chat [CHAT_MODEL] OK ",
                     "  ├─ calculator [TOOL] ERROR (std::domain_error: negative height) ",
                     "  │  exception: std::domain_error: negative height",
                     "  └─ summarize [CHAIN] OK ", "     ├─ summarize_part [TASK] OK "):
        assert expected in tree, tree
    fail = blocks(result.stdout)[populated["py_fail"]]
    assert fail.splitlines()[0].split()[1:3] == ["py_fail", "ERROR"]
    assert "exception: ValueError: bad input" in fail


def test_tree_is_the_local_store_view(cli, server, populated, tmp_path):
    """The server's trace, printed by `show --server`, is what `show DIR` prints for the same
    Trace JSON in a local store."""
    for trace_id in (cpp_id(populated), populated["py_ok"], populated["py_fail"]):
        as_json = cli("show", "--server", server.url, "--trace-id", trace_id, "--json")
        assert as_json.returncode == 0, as_json.stderr
        store = tmp_path / trace_id
        store.mkdir()
        (store / "traces.jsonl").write_text(as_json.stdout)
        local = cli("show", str(store), "--no-color")
        remote = cli("show", "--server", server.url, "--trace-id", trace_id, "--no-color")
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout
        assert headers(remote.stdout) == [trace_id]


def test_json_is_mlflows_trace(cli, server, populated):
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                 "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(populated["all"])
    for line in lines:
        ours = json.loads(line)
        assert list(ours) == ["info", "data"]
        assert_same_trace(ours, ours["info"]["trace_id"])
        Trace.from_json(line)


def test_span_link_reaches_the_server(server, populated):
    """manual_agent's retry links to its failed call (span.add_link): MLflow's Link, read back
    from the tracking server by MLflow's own client."""
    spans = MlflowClient().get_trace(cpp_id(populated)).data.spans
    failed, retry = sorted((s for s in spans if s.name == "calculator"),
                           key=lambda s: s.start_time_ns)
    assert failed.links == []
    (link,) = retry.links
    assert (link.trace_id, link.span_id) == (retry.trace_id, failed.span_id)
    assert link.attributes == {"reason": "retry"}


def test_filter_by_status(cli, server, populated):
    query = "trace.status = 'ERROR'"
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                 "--filter", query)
    assert result.returncode == 0, result.stderr
    assert headers(result.stdout) == [populated["py_fail"]]
    assert headers(result.stdout) == python_ids(populated["experiment_id"], filter_string=query)


def test_filter_by_tag(cli, server, populated):
    for query, expected in (("tags.example = 'manual_agent'", set(populated["cpp"])),
                            ("tags.origin = 'python'", {populated["py_ok"], populated["py_fail"]})):
        result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                     "--filter", query)
        assert result.returncode == 0, result.stderr
        assert set(headers(result.stdout)) == expected
        assert headers(result.stdout) == python_ids(populated["experiment_id"],
                                                    filter_string=query)


def test_filter_matching_nothing(cli, server, populated):
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                 "--filter", "tags.example = 'nothing'")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "no traces in experiment" in result.stderr


def test_paging_one_by_one(cli, server, populated):
    """--max-results 1 prints one trace and the token; following the tokens visits every trace
    once, in the order, and with the pages, of MLflow's own paging (whose last page may be
    empty: the server cannot know a full page was the last)."""
    exp = populated["experiment_id"]
    ours, token = [], None
    python_pages, python_token = [], None
    for _ in range(len(populated["all"]) + 2):
        args = ["show", "--server", server.url, "--experiment", exp, "--max-results", "1"]
        if token:
            args += ["--page-token", token]
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        ours.append(headers(result.stdout))
        reference = python_search(exp, max_results=1, page_token=python_token)
        python_pages.append([t.info.trace_id for t in reference])
        python_token = reference.token
        token = next_token(result.stderr)
        assert (token is None) == (python_token is None)
        if token is None:
            break
    assert token is None
    assert ours == python_pages
    assert [i for page in ours for i in page] == python_ids(exp)
    assert all(len(page) == 1 for page in ours[:len(populated["all"])])


def test_limit_pages_through(cli, server, populated):
    exp = populated["experiment_id"]
    everything = python_ids(exp)
    first = cli("show", "--server", server.url, "--experiment", exp, "--max-results", "2",
                "--limit", "3")
    assert first.returncode == 0, first.stderr
    assert headers(first.stdout) == everything[:3]
    token = next_token(first.stderr)
    assert token
    rest = cli("show", "--server", server.url, "--experiment", exp, "--page-token", token)
    assert rest.returncode == 0, rest.stderr
    assert headers(rest.stdout) == everything[3:]
    assert next_token(rest.stderr) is None
    # A limit beyond the end stops at the end, with no token.
    many = cli("show", "--server", server.url, "--experiment", exp, "--max-results", "2",
               "--limit", "50")
    assert headers(many.stdout) == everything
    assert next_token(many.stderr) is None


def test_name_filter(cli, server, populated):
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                 "--name", "summarize_part")
    assert result.returncode == 0, result.stderr
    assert set(headers(result.stdout)) == set(populated["cpp"])


def test_trace_id(cli, server, populated):
    trace_id = cpp_id(populated)
    for given in (trace_id, trace_id[len("tr-"):]):
        result = cli("show", "--server", server.url, "--trace-id", given)
        assert result.returncode == 0, result.stderr
        assert headers(result.stdout) == [trace_id]
    result = cli("show", "--server", server.url, "--trace-id", trace_id, "--json")
    assert_same_trace(json.loads(result.stdout), trace_id)


def test_unknown_trace_id(cli, server, populated):
    missing = "tr-" + "0" * 32
    result = cli("show", "--server", server.url, "--trace-id", missing)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "404 RESOURCE_DOES_NOT_EXIST" in result.stderr, result.stderr
    assert missing in result.stderr


def test_bad_filter_gives_mlflows_message(cli, server, populated):
    query = "trace.bogus = 'x'"
    with pytest.raises(MlflowException) as raised:
        python_search(populated["experiment_id"], filter_string=query)
    result = cli("show", "--server", server.url, "--experiment", populated["experiment_id"],
                 "--filter", query)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "INVALID_PARAMETER_VALUE" in result.stderr
    assert raised.value.message in result.stderr, result.stderr


def test_unreachable_server_fails_at_once(cli):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = cli("show", "--server", f"http://127.0.0.1:{port}")
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    assert "cannot reach the MLflow tracking server at http://127.0.0.1:" in result.stderr


def test_uri_and_experiment_from_the_environment(cli, server, populated):
    everything = python_ids(populated["experiment_id"])
    by_name = cli("show", "--server", env={"MLFLOW_TRACKING_URI": server.url,
                                           "MLFLOW_EXPERIMENT_NAME": EXPERIMENT})
    assert by_name.returncode == 0, by_name.stderr
    assert headers(by_name.stdout) == everything
    by_id = cli("show", "--server", env={"MLFLOW_TRACKING_URI": server.url + "/",
                                         "MLFLOW_EXPERIMENT_ID": populated["experiment_id"]})
    assert headers(by_id.stdout) == everything
    option = cli("show", "--server", server.url, "--experiment-name", EXPERIMENT)
    assert headers(option.stdout) == everything
    # The Default experiment (0) when none is named: it has no traces.
    default = cli("show", f"--server={server.url}")
    assert default.returncode == 0
    assert headers(default.stdout) == []
    assert "no traces in experiment 0" in default.stderr
    unknown = cli("show", "--server", server.url, "--experiment-name", "no-such-experiment")
    assert unknown.returncode == 1
    assert 'no experiment named "no-such-experiment"' in unknown.stderr


@pytest.mark.parametrize("args, message", [
    (["--filter", "x"], "need --server"),
    (["--server", "http://127.0.0.1:1", "somedir"], "DIR and --server"),
    (["--server", "http://127.0.0.1:1", "--max-results", "501"], "from 1 to 500"),
    (["--server", "http://127.0.0.1:1", "--experiment", "1", "--experiment-name", "x"],
     "not both"),
    (["--server", "http://127.0.0.1:1", "--trace-id", "x", "--filter", "y"], "one trace"),
    (["--server=file:///tmp"], "http(s) URL"),
    (["--server"], "MLFLOW_TRACKING_URI"),
])
def test_usage_errors(cli, args, message):
    result = cli("show", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr


# --- the C++ query API (query_sample) ----------------------------------------------------


def info_matches(ours, reference):
    """A TraceInfo as query_sample prints it against MLflow's TraceInfo."""
    assert ours["trace_id"] == reference.trace_id
    assert ours["experiment_id"] == reference.experiment_id
    assert ours["state"] == reference.state.value
    assert ours["request_time_ms"] == reference.request_time
    assert ours["execution_duration_ms"] == reference.execution_duration
    assert ours["request_preview"] == (reference.request_preview or "")
    assert ours["response_preview"] == (reference.response_preview or "")
    assert ours["client_request_id"] == (reference.client_request_id or "")
    assert ours["tags"] == reference.tags
    assert ours["trace_metadata"] == reference.trace_metadata
    assert ours["json"] == reference.to_dict()


def test_sample_default_experiment(sample, populated):
    code, _, stdout = sample("experiment")
    assert code == 0
    assert stdout.strip() == populated["experiment_id"]


def test_sample_search_matches_python(sample, populated):
    code, lines, _ = sample("search")
    assert code == 0
    *infos, last = lines
    assert last == {"next_page_token": ""}
    reference = python_search(populated["experiment_id"], max_results=100)
    assert [i["trace_id"] for i in infos] == [t.info.trace_id for t in reference]
    for ours, theirs in zip(infos, reference):
        info_matches(ours, theirs.info)


def test_sample_search_filter_and_order(sample, populated):
    code, lines, _ = sample("search", "--experiment", populated["experiment_id"],
                            "--filter", "trace.status = 'ERROR'")
    assert code == 0
    assert [i["trace_id"] for i in lines[:-1]] == [populated["py_fail"]]
    code, lines, _ = sample("search", "--filter", "tags.example = 'manual_agent'",
                            "--order-by", "timestamp_ms ASC")
    assert [i["trace_id"] for i in lines[:-1]] == populated["cpp"]


def test_sample_paging_matches_python(sample, populated):
    code, lines, _ = sample("walk", "--max-results", "2")
    assert code == 0
    pages, token = [], None
    while True:
        page = python_search(populated["experiment_id"], max_results=2, page_token=token)
        pages.append([t.info.trace_id for t in page])
        token = page.token
        if not token:
            break
    assert lines[0]["pages"] == pages
    assert [len(p) for p in pages] == [2, 2, 1]


def test_sample_get_trace_matches_python(sample, populated):
    for trace_id in (cpp_id(populated), populated["py_fail"]):
        code, lines, _ = sample("get", trace_id)
        assert code == 0
        assert_same_trace(lines[0]["trace"], trace_id)
        info_matches(lines[0]["info"], MlflowClient().get_trace(trace_id).info)


EXPERIMENT_FOR_ASSESSMENTS = "query-assessed"


def span_matches(ours, span):
    """A typed span as query_sample prints it against MLflow's Span."""
    assert ours["trace_id"] == span.trace_id
    assert ours["span_id"] == span.span_id
    assert ours["parent_id"] == (span.parent_id or "")
    assert ours["name"] == span.name
    assert ours["span_type"] == span.span_type
    assert (ours["start_time_ns"], ours["end_time_ns"]) == (span.start_time_ns, span.end_time_ns)
    assert ours["status"] == span.status.status_code.value
    assert ours["status_message"] == span.status.description
    assert ours["inputs"] == span.inputs
    assert ours["outputs"] == span.outputs
    assert ours["attributes"] == span.attributes
    assert [(e["name"], e["time_ns"], e["attributes"]) for e in ours["events"]] == [
        (e.name, e.timestamp, e.attributes) for e in span.events]
    assert [(l["trace_id"], l["span_id"], l["attributes"]) for l in ours["links"]] == [
        (l.trace_id, l.span_id, l.attributes) for l in span.links]


def test_sample_typed_spans_match_python(sample, populated):
    """Trace::spans (get_trace, and parse_trace_json of the same JSON) are MLflow's spans."""
    for trace_id in (cpp_id(populated), populated["py_fail"]):
        reference = MlflowClient().get_trace(trace_id)
        code, lines, _ = sample("get", trace_id)
        assert code == 0
        by_id = {s.span_id: s for s in reference.data.spans}
        assert len(lines[0]["spans"]) == len(by_id) > 0
        for ours in lines[0]["spans"]:
            span_matches(ours, by_id[ours["span_id"]])
        code, parsed, _ = sample("parse", stdin=reference.to_json())
        assert code == 0
        assert parsed[0]["spans"] == lines[0]["spans"]
        info_matches(parsed[0]["info"], reference.info)
    code, lines, _ = sample("parse", stdin='{"not": "a trace"}')
    assert (code, lines[0]["error"]["error_code"]) == (3, "INVALID_PARAMETER_VALUE")


def test_sample_search_all_pages(sample, populated):
    """search_all_traces walks every page, as Python's mlflow.search_traces does."""
    everything = python_ids(populated["experiment_id"])
    code, lines, _ = sample("all", "--max-results", "2")
    assert code == 0
    assert lines[0]["ids"] == everything and len(everything) == 5
    code, lines, _ = sample("all", "--max-results", "2", "--limit", "3")
    assert lines[0]["ids"] == everything[:3]


def test_sample_tags_and_assessments(sample, server):
    """set_trace_tag, delete_trace_tag, log_feedback and log_expectation on a trace already
    logged, read back by MLflow's client; and TraceInfo::assessments as MLflow has them."""
    import mlflow
    mlflow.set_tracking_uri(server.url)
    mlflow.set_experiment(EXPERIMENT_FOR_ASSESSMENTS)
    with mlflow.start_span("to_assess") as span:
        span.set_inputs({"q": 1})
    trace_id, span_id = span.trace_id, span.span_id
    mlflow.flush_trace_async_logging()

    assert sample("tag", trace_id, "reviewed", "yes")[0] == 0
    assert sample("tag", trace_id, "temporary", "x")[0] == 0
    assert sample("untag", trace_id, "temporary")[0] == 0
    code, lines, _ = sample("feedback", trace_id, "helpful", "0.75", "mostly right", span_id)
    assert code == 0
    feedback_id = lines[0]["id"]
    code, lines, _ = sample("expectation", trace_id, "expected_answer", '{"answer": 42}')
    assert code == 0
    expectation_id = lines[0]["id"]

    info = MlflowClient().get_trace(trace_id).info
    assert info.tags["reviewed"] == "yes" and "temporary" not in info.tags
    by_id = {a.assessment_id: a for a in info.assessments}
    feedback, expectation = by_id[feedback_id], by_id[expectation_id]
    assert (feedback.name, feedback.value, feedback.rationale) == ("helpful", 0.75, "mostly right")
    assert (feedback.source.source_type, feedback.source.source_id) == (
        "HUMAN", "reviewer@example.com")
    assert feedback.span_id == span_id and feedback.metadata == {"round": "1"}
    assert (expectation.name, expectation.value) == ("expected_answer", {"answer": 42})
    assert expectation.source.source_type == "CODE"

    code, lines, _ = sample("assessment", trace_id, feedback_id)
    assert code == 0
    assert (lines[0]["name"], lines[0]["value"], lines[0]["source_type"]) == (
        "helpful", 0.75, "HUMAN")

    code, lines, _ = sample("get", trace_id)
    ours = {a["assessment_id"]: a for a in lines[0]["info"]["assessments"]}
    assert ours[feedback_id]["value"] == 0.75 and not ours[feedback_id]["is_expectation"]
    assert ours[feedback_id]["span_id"] == span_id
    assert ours[expectation_id]["value"] == {"answer": 42} and ours[expectation_id]["is_expectation"]

    # override_feedback: a new feedback replaces the old, which the server marks invalid.
    code, lines, _ = sample("override", trace_id, feedback_id, "1.0")
    assert code == 0
    override_id = lines[0]["id"]
    by_id = {a.assessment_id: a for a in MlflowClient().get_trace(trace_id).info.assessments}
    assert by_id[override_id].overrides == feedback_id and by_id[override_id].value == 1.0
    assert by_id[feedback_id].valid is False
    code, lines, _ = sample("get", trace_id)
    ours = {a["assessment_id"]: a for a in lines[0]["info"]["assessments"]}
    assert ours[override_id]["overrides"] == feedback_id and ours[feedback_id]["valid"] is False

    assert sample("unassess", trace_id, expectation_id)[0] == 0
    remaining = [a.assessment_id for a in MlflowClient().get_trace(trace_id).info.assessments
                 if a.valid is not False]
    assert remaining == [override_id]
    code, lines, _ = sample("assessment", trace_id, expectation_id)
    assert code == 3 and lines[0]["error"]["http_status"] >= 400

    # A trace the server does not have: the error MLflow's own client gets.
    with pytest.raises(MlflowException) as raised:
        MlflowClient().set_trace_tag("tr-" + "0" * 32, "k", "v")
    code, lines, _ = sample("tag", "tr-" + "0" * 32, "k", "v")
    assert code == 3
    assert lines[0]["error"]["error_code"] == raised.value.error_code


def test_sample_update_assessment_and_issues(sample, server):
    """update_assessment changes a feedback and an expectation in place, as Python's
    mlflow.update_assessment does; create_issue / get_issue / log_issue link a trace to an issue,
    read back by MLflow's client as its IssueReference."""
    import mlflow
    from mlflow.entities import Expectation, Feedback
    from mlflow.entities.assessment import IssueReference
    mlflow.set_tracking_uri(server.url)
    experiment_id = mlflow.set_experiment(EXPERIMENT_FOR_ASSESSMENTS).experiment_id
    with mlflow.start_span("to_update"):
        pass
    trace_id = mlflow.get_last_active_trace_id()
    mlflow.flush_trace_async_logging()
    feedback_id = sample("feedback", trace_id, "helpful", "0.25", "unsure")[1][0]["id"]
    expectation_id = sample("expectation", trace_id, "expected_answer", '"42"')[1][0]["id"]

    code, lines, _ = sample("update", trace_id, feedback_id, "helpfulness", "0.5", "re-read")
    assert code == 0
    updated = lines[0]
    assert (updated["assessment_id"], updated["name"], updated["value"], updated["rationale"]) == (
        feedback_id, "helpfulness", 0.5, "re-read")
    code, lines, _ = sample("update", trace_id, expectation_id, "expected_answer", '{"answer": 43}')
    assert code == 0 and lines[0]["is_expectation"] and lines[0]["value"] == {"answer": 43}

    # The same edit by Python's update_assessment on a twin assessment gives the same fields.
    twin = mlflow.log_feedback(trace_id=trace_id, name="helpful", value=0.25, rationale="unsure",
                               source=mlflow.entities.AssessmentSource("HUMAN",
                                                                       "reviewer@example.com"),
                               metadata={"round": "1"})
    mlflow.update_assessment(trace_id, twin.assessment_id,
                             Feedback(name="helpfulness", value=0.5, rationale="re-read",
                                      metadata={"updated": "yes"}))
    by_id = {a.assessment_id: a for a in MlflowClient().get_trace(trace_id).info.assessments}
    ours, theirs = by_id[feedback_id], by_id[twin.assessment_id]
    for field in ("name", "value", "rationale", "metadata", "valid"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert isinstance(by_id[expectation_id], Expectation)
    assert by_id[expectation_id].value == {"answer": 43}

    # An assessment the server does not have: its error.
    code, lines, _ = sample("update", trace_id, "a-" + "0" * 32, "x", "1")
    assert code == 3 and lines[0]["error"]["http_status"] >= 400

    # Issues: created here, read back by both clients; the trace refers to it.
    code, lines, _ = sample("create-issue", experiment_id, "slow answers", "answers over 2 s")
    assert code == 0
    issue = lines[0]
    assert issue["name"] == "slow answers" and issue["status"] == "pending"
    stored = mlflow.tracing.client.TracingClient()._get_issue(issue["issue_id"])
    assert (stored.name, stored.description, stored.experiment_id) == (
        "slow answers", "answers over 2 s", experiment_id)
    code, lines, _ = sample("get-issue", issue["issue_id"])
    assert code == 0 and lines[0] == issue

    code, lines, _ = sample("issue", trace_id, issue["issue_id"])
    assert code == 0
    reference_id = lines[0]["id"]
    # Python's log_issue on the same trace, for comparison.
    python_ref = mlflow.log_issue(trace_id=trace_id, issue_id=issue["issue_id"],
                                  rationale="took too long", metadata={"detector": "latency"})
    by_id = {a.assessment_id: a for a in MlflowClient().get_trace(trace_id).info.assessments}
    ours, theirs = by_id[reference_id], by_id[python_ref.assessment_id]
    assert isinstance(ours, IssueReference)
    for field in ("issue_id", "issue_name", "rationale", "metadata"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.source.source_type == theirs.source.source_type == "LLM_JUDGE"
    code, lines, _ = sample("get", trace_id)
    read = {a["assessment_id"]: a for a in lines[0]["info"]["assessments"]}
    assert read[reference_id]["issue_name"] == "slow answers"
    assert read[reference_id]["name"] == issue["issue_id"]

    # A name that is not the issue's is refused before anything is logged, as Python refuses it.
    code, lines, _ = sample("issue", trace_id, issue["issue_id"], "fast answers")
    assert code == 3 and "does not match" in lines[0]["error"]["message"]
    with pytest.raises(MlflowException):
        mlflow.log_issue(trace_id=trace_id, issue_id=issue["issue_id"], issue_name="fast answers")
    code, lines, _ = sample("issue", trace_id, "iss-" + "0" * 32)
    assert code == 3 and lines[0]["error"]["http_status"] >= 400


def test_sample_sessions_match_python(sample, server):
    """search_sessions: the sessions of an experiment, each with its traces oldest first, as
    Python's mlflow.search_sessions gives them."""
    import mlflow
    mlflow.set_tracking_uri(server.url)
    experiment = mlflow.set_experiment("query-sessions")
    for session, turns in (("s-a", 2), ("s-b", 3), ("s-a", 1)):
        for turn in range(turns):
            with mlflow.start_span(f"{session}-turn-{turn}"):
                mlflow.update_current_trace(session_id=session)
            time.sleep(0.01)
    with mlflow.start_span("no-session"):
        pass
    mlflow.flush_trace_async_logging()
    reference = mlflow.search_sessions(locations=[experiment.experiment_id], include_spans=False)
    expected = [{"session_id": s.id if hasattr(s, "id") else
                 s[0].info.trace_metadata["mlflow.trace.session"],
                 "trace_ids": [t.info.trace_id for t in s]} for s in reference]
    code, lines, _ = sample("sessions", "--experiment", experiment.experiment_id)
    assert code == 0
    assert lines[0]["sessions"] == expected
    assert [len(s["trace_ids"]) for s in expected] == [3, 3]  # s-a has 2 + 1 turns
    code, lines, _ = sample("sessions", "--experiment", experiment.experiment_id, "--limit", "1")
    assert lines[0]["sessions"] == expected[:1]


def test_sample_errors(sample, populated, server):
    query = "trace.bogus = 'x'"
    with pytest.raises(MlflowException) as raised:
        python_search(populated["experiment_id"], filter_string=query)
    code, lines, _ = sample("search", "--filter", query)
    assert code == 3
    error = lines[0]["error"]
    assert (error["http_status"], error["error_code"]) == (400, "INVALID_PARAMETER_VALUE")
    assert f"{error['error_code']}: {error['message']}" == raised.value.message

    code, lines, _ = sample("get", "tr-" + "0" * 32)
    error = lines[0]["error"]
    assert (code, error["http_status"], error["error_code"]) == (3, 404, "RESOURCE_DOES_NOT_EXIST")

    code, lines, _ = sample("search", "--max-results", "501")
    error = lines[0]["error"]
    assert (code, error["http_status"], error["error_code"]) == (3, 0, "INVALID_PARAMETER_VALUE")

    started = time.monotonic()
    code, lines, _ = sample("search", env={"MLFLOW_TRACKING_URI": f"http://127.0.0.1:{free_port()}"})
    assert time.monotonic() - started < 5
    error = lines[0]["error"]
    assert (code, error["http_status"], error["error_code"]) == (3, 0, "")
    assert "cannot reach" in error["what"]

    code, lines, _ = sample("experiment", env={"MLFLOW_EXPERIMENT_NAME": "no-such-experiment"})
    assert (code, lines[0]["error"]["error_code"]) == (3, "RESOURCE_DOES_NOT_EXIST")
