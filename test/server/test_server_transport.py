"""The exporter against real MLflow servers set up the ways teams run them, beyond plain http
on a SQL backend: https (uvicorn's TLS, a self-signed certificate), a file-store backend that has
no OTLP ingestion (answers 501), and two processes continuing one trace through traceparent."""

import os
import json
import re
import subprocess

import mlflow
import pytest
from mlflow import MlflowClient

import readback
from programs import compile_program, program_env
from mlflow_servers import MlflowServer, started

HERE = __import__("pathlib").Path(__file__).resolve().parent


def run(program, *args, env, timeout=120):
    result = subprocess.run([str(program), *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{program.name} {args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def trace_id_of(result):
    return re.search(r"trace (tr-[0-9a-f]{32})", result.stdout).group(1)


@pytest.fixture(scope="module")
def service(toolchain, tmp_path_factory):
    return compile_program(toolchain, [HERE / "distributed_service.cpp"],
                           tmp_path_factory.mktemp("service") / "distributed_service")


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("mlflow-https")
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    server = started(MlflowServer(workdir, f"sqlite:///{workdir}/mlflow.db", name="https",
                                  tls=(cert, key)))
    yield server, cert
    server.stop()


def test_https_verifies_the_server_certificate(service, https_server, tmp_path, monkeypatch):
    server, cert = https_server
    assert server.url.startswith("https://")
    # Verification is on by default: a self-signed certificate is refused, the trace kept.
    refused = run(service, "caller", env=program_env(server.url, tmp_path / "refused",
                                                      experiment_id="0"))
    assert "certificate" in refused.stderr, refused.stderr
    kept = (tmp_path / "refused" / "undelivered.jsonl").read_text().splitlines()
    assert len(kept) == 2  # the caller's part and the callee's, both kept

    # Trusted through MLFLOW_TRACKING_SERVER_CERT_PATH, or with verification turned off.
    trusted = run(service, "caller", env=program_env(
        server.url, tmp_path / "trusted", experiment_id="0",
        MLFLOW_TRACKING_SERVER_CERT_PATH=cert))
    insecure = run(service, "caller", env=program_env(
        server.url, tmp_path / "insecure", experiment_id="0", MLFLOW_TRACKING_INSECURE_TLS="true"))
    for result in (trusted, insecure):
        assert result.stderr == "", result.stderr
    monkeypatch.setenv("MLFLOW_TRACKING_INSECURE_TLS", "true")
    mlflow.set_tracking_uri(server.url)
    for result in (trusted, insecure):
        trace = mlflow.get_trace(trace_id_of(result))
        assert trace is not None
        assert sorted(s.name for s in trace.data.spans) == [
            "call_search_service", "handle_request", "lookup", "rank"]
    assert not (tmp_path / "trusted").exists() and not (tmp_path / "insecure").exists()


def test_the_cli_verifies_the_server_certificate(cli, https_server, tmp_path):
    """`mlflow-cpp show --server` refuses a server whose certificate it cannot verify (self-signed
    here), also with MLFLOW_TRACKING_INSECURE_TLS=false, and reads it only when told to trust it
    (MLFLOW_TRACKING_INSECURE_TLS=true, or the certificate as MLFLOW_TRACKING_SERVER_CERT_PATH)."""
    server, cert = https_server
    base = program_env(server.url, tmp_path / "unused", experiment_id="0")

    def show(**extra):
        return subprocess.run([cli, "show", "--server", server.url, "--experiment", "0"],
                              env={**base, **extra}, capture_output=True, text=True, timeout=120)

    for refused in (show(), show(MLFLOW_TRACKING_INSECURE_TLS="false")):
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "certificate" in refused.stderr, refused.stderr
    for accepted in (show(MLFLOW_TRACKING_INSECURE_TLS="true"),
                     show(MLFLOW_TRACKING_SERVER_CERT_PATH=str(cert))):
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        assert "certificate" not in accepted.stderr, accepted.stderr


def test_a_file_store_server_gets_traces_json(service, tmp_path_factory, tmp_path):
    workdir = tmp_path_factory.mktemp("mlflow-filestore")
    server = started(MlflowServer(workdir, str(workdir / "mlruns"), name="file-store",
                                  extra_env={"MLFLOW_ALLOW_FILE_STORE": "true"}))
    try:
        result = run(service, "caller", env=program_env(server.url, tmp_path / "store",
                                                         experiment_name="file-store"))
        # The caller's part arrives through StartTraceV3 + traces.json. The callee's part (a
        # trace continued from another service) can only join through OTLP, which this backend
        # lacks: it is kept, and the program says why.
        assert "does not take spans by OTLP" in result.stdout + result.stderr
        mlflow.set_tracking_uri(server.url)
        experiment = MlflowClient().get_experiment_by_name("file-store")
        traces = mlflow.search_traces(locations=[experiment.experiment_id], return_type="list")
        assert [t.info.trace_id for t in traces] == [trace_id_of(result)]
        trace = mlflow.get_trace(trace_id_of(result))
        assert "mlflow.trace.spansLocation" not in trace.info.tags  # spans from traces.json
        assert [s.name for s in trace.data.spans] == ["handle_request", "call_search_service"]
        assert trace.info.tags["mlflow.traceName"] == "handle_request"
    finally:
        server.stop()


def test_two_processes_continue_one_trace(service, start_server, tmp_path):
    server = start_server("sqlite")
    result = run(service, "caller", env=program_env(server.url, tmp_path / "store",
                                                     experiment_name="distributed"))
    assert result.stderr == "", result.stderr
    trace_id = trace_id_of(result)
    traceparent = re.search(r"traceparent (\S+)", result.stdout).group(1)
    assert traceparent.startswith(f"00-{trace_id[3:]}-") and traceparent.endswith("-01")

    mlflow.set_tracking_uri(server.url)
    experiment = MlflowClient().get_experiment_by_name("distributed")
    traces = mlflow.search_traces(locations=[experiment.experiment_id], return_type="list")
    assert [t.info.trace_id for t in traces] == [trace_id]  # one trace, not two
    trace = mlflow.get_trace(trace_id)
    spans = {s.name: s for s in trace.data.spans}
    assert sorted(spans) == ["call_search_service", "handle_request", "lookup", "rank"]
    # The callee's first span hangs under the caller's span that made the request.
    assert spans["lookup"].parent_id == spans["call_search_service"].span_id
    assert spans["call_search_service"].span_id == traceparent.split("-")[2]
    assert spans["rank"].parent_id == spans["lookup"].span_id
    assert spans["lookup"].span_type == "RETRIEVER"
    # The trace info is the caller's: its name, its tags, its root's inputs.
    assert trace.info.tags["mlflow.traceName"] == "handle_request"
    assert trace.info.tags["service"] == "caller"
    assert trace.info.request_preview == '{"query": "eiffel tower"}'
    assert not (tmp_path / "store").exists()  # everything delivered


def _python_service_trace():
    """A trace as a Python service traced with MLflow returns it: search > rank, to_json()."""
    with mlflow.start_span("search", span_type="RETRIEVER") as search:
        search.set_inputs({"query": "eiffel tower"})
        mlflow.update_current_trace(tags={"service": "python"})
        with mlflow.start_span("rank", span_type="RERANKER") as rank:
            rank.set_inputs({"hits": 3})
            rank.set_outputs(["a", "b"])
        search.set_outputs("found")
    mlflow.flush_trace_async_logging()
    return mlflow.get_trace(search.trace_id)


def _tree(trace):
    """A trace's spans as (name, parent name, type, inputs, outputs), and the remote ids."""
    by_id = {s.span_id: s for s in trace.data.spans}
    return sorted((s.name, by_id[s.parent_id].name if s.parent_id else None, s.span_type,
                   json.dumps(s.inputs, sort_keys=True), json.dumps(s.outputs, sort_keys=True))
                  for s in trace.data.spans)


def test_a_python_services_trace_is_merged(service, start_server, tmp_path):
    """mlflow::add_trace merges the trace a Python service returned into the caller's trace, as
    Python's mlflow.add_trace merges it: the same tree, the remote span ids kept, one trace."""
    server = start_server("sqlite")
    mlflow.set_tracking_uri(server.url)
    mlflow.set_experiment("python-service")
    remote = _python_service_trace()
    answer = tmp_path / "answer.json"
    answer.write_text(remote.to_json())

    result = run(service, "merge", str(answer),
                 env=program_env(server.url, tmp_path / "store", experiment_name="merged"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    ours = readback.get_trace(server.url, trace_id_of(result))

    # Python's own add_trace of the same answer, under the same two spans.
    mlflow.set_experiment("merged-by-python")
    with mlflow.start_span("handle_merged_request", span_type="AGENT") as root:
        root.set_inputs({"answer_file": str(answer)})
        with mlflow.start_span("call_python_service", span_type="TOOL") as call:
            call.set_inputs({"answer_file": str(answer)})
            mlflow.add_trace(remote.to_dict())
            call.set_outputs(True)
        root.set_outputs(True)
    mlflow.flush_trace_async_logging()
    theirs = mlflow.get_trace(root.trace_id)

    assert _tree(ours) == _tree(theirs)
    remote_ids = {s.name: s.span_id for s in remote.data.spans}
    for trace in (ours, theirs):
        spans = {s.name: s for s in trace.data.spans}
        assert {n: spans[n].span_id for n in remote_ids} == remote_ids
        assert {s.trace_id for s in trace.data.spans} == {trace.info.trace_id}
        assert spans["search"].start_time_ns == remote.data.spans[0].start_time_ns
    assert ours.info.trace_id != remote.info.trace_id
    # The remote trace's tags join ours; MLflow's own are ours. (Python's merged trace should say
    # the same, but MLflow 3.17.2's exporter loses its tags: "Failed to send trace ... no longer
    # exists" in the log.)
    assert ours.info.tags["service"] == "python"
    assert ours.info.tags["mlflow.traceName"] == "handle_merged_request"

    # With no span active, both put it under a new root "Remote Trace <search>".
    result = run(service, "merge-alone", str(answer),
                 env=program_env(server.url, tmp_path / "store", experiment_name="merged"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    ours = readback.get_trace(server.url, trace_id_of(result))
    mlflow.add_trace(remote)
    mlflow.flush_trace_async_logging()
    theirs = mlflow.get_trace(mlflow.get_last_active_trace_id())
    assert _tree(ours) == _tree(theirs)
    assert ours.data.spans[0].name == "Remote Trace <search>"
    assert ours.data.spans[0].start_time_ns == remote.data.spans[0].start_time_ns - 1
    assert ours.info.state == theirs.info.state == "OK"
    assert not (tmp_path / "store").exists()  # everything delivered


def test_basic_auth_server(service, cli, tmp_path_factory, tmp_path):
    """MLflow's basic-auth app: MLFLOW_TRACKING_USERNAME/PASSWORD are sent as Basic credentials;
    wrong ones get 401 and the traces are kept, then pushed with the right ones."""
    workdir = tmp_path_factory.mktemp("mlflow-auth")
    password = "s3cret-Passw0rd"
    server = started(MlflowServer(
        workdir, f"sqlite:///{workdir}/mlflow.db", name="basic-auth",
        extra_args=["--app-name", "basic-auth"],
        extra_env={"MLFLOW_AUTH_ADMIN_PASSWORD": password,
                   "MLFLOW_FLASK_SERVER_SECRET_KEY": "mlflow-cpp-test"}))
    try:
        good = program_env(server.url, tmp_path / "good", experiment_name="auth",
                           MLFLOW_TRACKING_USERNAME="admin", MLFLOW_TRACKING_PASSWORD=password)
        bad = program_env(server.url, tmp_path / "bad", experiment_name="auth",
                          MLFLOW_TRACKING_USERNAME="admin", MLFLOW_TRACKING_PASSWORD="wrong")
        delivered = run(service, "caller", env=good)
        assert delivered.stderr == "", delivered.stderr
        refused = run(service, "caller", env=bad)
        assert "HTTP 401" in refused.stderr, refused.stderr
        assert len((tmp_path / "bad" / "undelivered.jsonl").read_text().splitlines()) == 2

        push = subprocess.run([cli, "push", str(tmp_path / "bad")], env=good, capture_output=True,
                              text=True, timeout=120)
        assert push.returncode == 0, push.stdout + push.stderr

        os.environ["MLFLOW_TRACKING_USERNAME"], os.environ["MLFLOW_TRACKING_PASSWORD"] = "admin", password
        try:
            mlflow.set_tracking_uri(server.url)
            experiment = MlflowClient().get_experiment_by_name("auth")
            traces = mlflow.search_traces(locations=[experiment.experiment_id], return_type="list")
            assert sorted(t.info.trace_id for t in traces) == sorted(
                [trace_id_of(delivered), trace_id_of(refused)])
            pushed = mlflow.get_trace(trace_id_of(refused))
            assert sorted(s.name for s in pushed.data.spans) == [
                "call_search_service", "handle_request", "lookup", "rank"]
        finally:
            del os.environ["MLFLOW_TRACKING_USERNAME"], os.environ["MLFLOW_TRACKING_PASSWORD"]
    finally:
        server.stop()
