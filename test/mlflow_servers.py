"""A real MLflow tracking server (and, for one backend, a throw-away PostgreSQL) for the tests
of test/server/ and test/query/.

MlflowServer runs `mlflow server` from the venv's pinned mlflow on a loopback port, waits for
GET /health and stops it by killing its process group. PostgresCluster initdb's a cluster in a
temporary directory and runs it as the `postgres` system user (PostgreSQL refuses to run as
root) on 127.0.0.1 and a free port.
"""

import os
import pathlib
import pwd
import shutil
import signal
import ssl
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PG_BIN = pathlib.Path(os.environ.get("MLFLOW_CPP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    """A TCP port nothing listens on now (the kernel's choice; a later bind may still race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nothing_listens(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) != 0


def tail(path, lines=80):
    try:
        text = pathlib.Path(path).read_text(errors="replace")
    except OSError as e:
        return f"(no log: {e})"
    return "\n".join(text.splitlines()[-lines:])


def stop_process_group(proc, sig=signal.SIGTERM, timeout=20):
    """Signals the process group `proc` leads, then kills it if it has not exited in time."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


class ServerError(RuntimeError):
    pass


def started(server, **start_args):
    """`server` (an MlflowServer or a PostgresCluster) started, for a pytest fixture or test: one
    that cannot start fails the test with the server's own words (never an error, never a skip)."""
    import pytest
    try:
        return server.start(**start_args)
    except ServerError as e:
        pytest.fail(str(e), pytrace=False)


def wait_until_ready(server, ready, what, timeout, interval):
    """Polls ready() until it is true; stops `server` (which has .proc, .log_path, .stop()) and
    raises ServerError with the end of its log when its process exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if server.proc.poll() is not None:
            raise ServerError(f"{what} exited with {server.proc.returncode} before it was ready; "
                              f"its log:\n{tail(server.log_path)}")
        if ready():
            return
        if time.monotonic() > deadline:
            server.stop()
            raise ServerError(f"{what} not ready after {timeout} s; its log:\n"
                              f"{tail(server.log_path)}")
        time.sleep(interval)


class MlflowServer:
    """`mlflow server --workers 1` on 127.0.0.1:<port>, artifacts served from a temporary dir."""

    def __init__(self, workdir, backend_uri, port=None, name="sqlite", extra_args=(),
                 extra_env=None, tls=None):
        """`tls`: (certfile, keyfile) to serve https through uvicorn's TLS options."""
        self.extra_args = list(extra_args)
        self.extra_env = dict(extra_env or {})
        self.tls = tls
        self.workdir = pathlib.Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.backend_uri = backend_uri
        self.port = port or free_port()
        self.name = name
        self.log_path = self.workdir / "mlflow-server.log"
        self.proc = None

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        if not nothing_listens(self.port):
            raise ServerError(f"port {self.port} is already in use; cannot start mlflow server")
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
        env.update(self.extra_env)
        cmd = [sys.executable, "-m", "mlflow", "server",
               "--host", "127.0.0.1", "--port", str(self.port),
               "--backend-store-uri", self.backend_uri,
               "--serve-artifacts", "--artifacts-destination", str(self.workdir / "artifacts"),
               "--workers", "1", *self.extra_args]
        if self.tls:
            cmd += ["--uvicorn-opts", f"--ssl-certfile {self.tls[0]} --ssl-keyfile {self.tls[1]}"]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.workdir, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)

        def healthy():
            try:
                context = ssl._create_unverified_context() if self.tls else None
                with urllib.request.urlopen(self.url + "/health", timeout=2, context=context) as r:
                    return r.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_until_ready(self, healthy, f"mlflow server ({self.name}) on {self.url}", timeout, 0.5)
        return self

    def stop(self):
        stop_process_group(self.proc)

    def log(self):
        return tail(self.log_path, 200)


class PostgresCluster:
    """A throw-away PostgreSQL 15 cluster on 127.0.0.1:<port> with a database `mlflow`."""

    def __init__(self):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="mlflow-cpp-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.log_path = self.dir / "postgres.log"
        self.proc = None
        self.as_root = os.geteuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            self.uid, self.gid = pw.pw_uid, pw.pw_gid
            os.chown(self.dir, self.uid, self.gid)
        self.dir.chmod(0o700)

    @property
    def uri(self):
        # SQLAlchemy 2.1 (in the venv) maps a bare postgresql:// to psycopg 3; the venv has
        # psycopg2 (psycopg2-binary, tools/setup.sh), so the driver is named.
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/mlflow"

    def _as_postgres(self, cmd):
        if not self.as_root:
            return cmd
        # setpriv execs the command (no intermediate process), so Popen's pid is the postmaster.
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups", *cmd]

    def _run(self, cmd, timeout=120):
        result = subprocess.run(self._as_postgres(cmd), cwd=self.dir, capture_output=True,
                                text=True, timeout=timeout)
        if result.returncode != 0:
            raise ServerError(f"{' '.join(cmd)} failed ({result.returncode}):\n"
                              f"{result.stdout}\n{result.stderr}")
        return result

    def start(self, timeout=60):
        for tool in ("initdb", "postgres", "pg_isready", "createdb"):
            if not (PG_BIN / tool).exists():
                raise ServerError(f"{PG_BIN / tool} not found: PostgreSQL 15 is not installed "
                                  "(tools/setup.sh installs Debian's postgresql)")
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                   "--auth=trust", "-E", "UTF8", "--no-sync"])
        log = open(self.log_path, "ab")
        if self.as_root:
            os.chown(self.log_path, self.uid, self.gid)
        self.proc = subprocess.Popen(
            self._as_postgres([str(PG_BIN / "postgres"), "-D", str(self.data),
                               "-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.dir),
                               "-c", "fsync=off", "-c", "full_page_writes=off"]),
            cwd=self.dir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()

        def ready():
            return subprocess.run([str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1",
                                   "-p", str(self.port)], timeout=10).returncode == 0

        wait_until_ready(self, ready, "postgres", timeout, 0.3)
        self._run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                   "-U", "postgres", "mlflow"])
        return self

    def stop(self):
        # SIGINT is PostgreSQL's "fast" shutdown: no waiting for clients (the mlflow server's pool).
        stop_process_group(self.proc, signal.SIGINT, timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
