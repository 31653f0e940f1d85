"""Tokens and passwords are never printed or written (issue 15, security).

A traced program (server_agent/), then `mlflow-cpp push` and `mlflow-cpp show --server`, run with
MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, against a
tracking server that refuses them (401), that fails (500), or that is not there at all
(connection refused). The answering server is the worst case rather than MLflow itself: it
quotes, in every error body, the Authorization header it was sent and the credential inside it
decoded (a debugging proxy or a careless server does; MLflow does not), so that any message
built from a reply would carry the secret. Neither the token nor the password, nor the Basic
credential that encodes it, may appear in the programs' stdout or stderr, in the local store
(traces.jsonl, undelivered.jsonl, the push journal) or anywhere else under the trace directory.
Each run must still say what went wrong (the status, or the refused connection), so the test
reads the messages that would leak, not silence.
"""

import base64
import http.server
import json
import secrets
import subprocess
import threading

import pytest

from mlflow_servers import free_port, nothing_listens
from programs import program_env

TOKEN = "tok-" + secrets.token_hex(12)
USER = "alice"
PASSWORD = "pw-" + secrets.token_hex(12)
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = (TOKEN, PASSWORD, BASIC)


class EchoingServer:
    """Answers every request with `status` and a JSON error quoting the credentials it got."""

    def __init__(self, status):
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(handler):
                self.requests += 1
                length = int(handler.headers.get("Content-Length") or 0)
                if length:
                    handler.rfile.read(length)
                authorization = handler.headers.get("Authorization", "")
                scheme, _, credential = authorization.partition(" ")
                decoded = credential
                if scheme == "Basic":
                    decoded = base64.b64decode(credential).decode(errors="replace")
                body = json.dumps({
                    "error_code": "UNAUTHENTICATED" if status == 401 else "INTERNAL_ERROR",
                    "message": f"refused Authorization: {authorization} ({decoded})"}).encode()
                handler.send_response(status)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

            def log_message(handler, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def credentials(kind):
    if kind == "token":
        return {"MLFLOW_TRACKING_TOKEN": TOKEN}
    return {"MLFLOW_TRACKING_USERNAME": USER, "MLFLOW_TRACKING_PASSWORD": PASSWORD}


def assert_no_secret(where, text):
    for secret in SECRETS:
        assert secret not in text, f"{secret} leaked in {where}:\n{text}"


@pytest.mark.parametrize("server", ["401", "500", "refused"])
@pytest.mark.parametrize("kind", ["token", "password"])
def test_credentials_are_never_printed_or_stored(server, kind, server_agent, cli, tmp_path):
    echo = None
    if server == "refused":
        port = free_port()
        assert nothing_listens(port)
        url = f"http://127.0.0.1:{port}"
    else:
        echo = EchoingServer(int(server))
        url = echo.url
    trace_dir = tmp_path / "store"
    # Retries end quickly: the test is about what is said, not how long it is retried.
    env = program_env(url, trace_dir, experiment_id="0", MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS=300,
                      MLFLOW_CPP_FLUSH_TIMEOUT_MS=3000, **credentials(kind))
    try:
        runs = {
            "the traced program": subprocess.run(
                [str(server_agent), "--traces", "2", "--prefix", "cred"], env=env,
                capture_output=True, text=True, timeout=120),
            "mlflow-cpp push": subprocess.run(
                [cli, "push", str(trace_dir)], env=env, capture_output=True, text=True,
                timeout=120),
            "mlflow-cpp show --server": subprocess.run(
                [cli, "show", "--server", url, "--experiment", "0"], env=env,
                capture_output=True, text=True, timeout=120),
            "mlflow-cpp show": subprocess.run(
                [cli, "show", "--no-color", str(trace_dir)], env=env, capture_output=True,
                text=True, timeout=120),
        }
    finally:
        if echo:
            echo.close()
    if echo:
        assert echo.requests > 0  # the credentials were sent, and quoted back

    said = ""
    for what, run in runs.items():
        assert_no_secret(f"{what}'s stdout", run.stdout)
        assert_no_secret(f"{what}'s stderr", run.stderr)
        said += run.stdout + run.stderr
    # The failures were reported, with the server's words masked, not left unsaid.
    if server == "refused":
        assert "refused" in said.lower() or "connect" in said.lower(), said
    else:
        assert f"HTTP {server}" in said, said
        assert "refused Authorization: " in said, said  # the server's message, quoted...
        assert "***" in said, said                      # ...with the credential masked
    assert runs["mlflow-cpp push"].returncode != 0  # nothing could be delivered
    assert runs["mlflow-cpp show --server"].returncode != 0

    # What the program kept for later holds no credential either.
    files = [p for p in trace_dir.rglob("*") if p.is_file()]
    assert any(p.name == "undelivered.jsonl" for p in files), files
    for path in files:
        assert_no_secret(str(path), path.read_text(errors="replace"))
