#!/usr/bin/env python3
"""The real local LLM server of the tests (server.mjs: llama.cpp through node-llama-cpp, the
tiny model make_model.py writes), started on a loopback port and stopped again.

From Python (test/conftest.py's `llm_server` fixture does this):

    with running_llm_server() as server:      # or LlmServer(workdir).start() ... .stop()
        urllib.request.urlopen(server.url + "/v1/chat/completions", ...)

From a shell or CMake:

    python3 test/llm_server/llm_server.py serve [--port N]
        foreground: prints the base URL (http://127.0.0.1:PORT) once it answers, runs until
        SIGTERM/SIGINT (or until its standard input closes, with --stdin-eof)
    python3 test/llm_server/llm_server.py start [--port N] [--url-file F] [--pid-file F]
        background: prints "URL PID" once it answers and exits; the server runs on
    python3 test/llm_server/llm_server.py stop PID | --pid-file F
        stops a server `start` started (PID is its process group)
    python3 test/llm_server/llm_server.py model
        writes the model if it is not there yet and prints its path

Needs node (PATH, or $MLFLOW_CPP_NODE) and node-llama-cpp installed by tools/setup.sh
($MLFLOW_CPP_NODE_LLAMA_CPP overrides where). Anything missing raises LlmServerError (the CLI
exits 1): it is never silently skipped. Only the Python standard library is used.
"""

import argparse
import contextlib
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SERVER_JS = HERE / "server.mjs"

sys.path.insert(0, str(HERE))
import make_model  # noqa: E402  (beside this file)


class LlmServerError(RuntimeError):
    pass


def find_node():
    node = os.environ.get("MLFLOW_CPP_NODE") or shutil.which("node")
    if not node or not os.access(node, os.X_OK):
        raise LlmServerError("node not found (tools/setup.sh installs Debian's nodejs; or set "
                             "MLFLOW_CPP_NODE)")
    return node


def node_llama_cpp_dir():
    """Where tools/setup.sh installed node-llama-cpp (checked: both packages are there)."""
    path = os.environ.get("MLFLOW_CPP_NODE_LLAMA_CPP")
    if not path:
        result = subprocess.run(["bash", str(ROOT / "tools" / "setup.sh"), "--print-node-llama-cpp"],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise LlmServerError(f"tools/setup.sh --print-node-llama-cpp failed: {result.stderr}")
        path = result.stdout.strip()
    path = pathlib.Path(path)
    for package in ("node-llama-cpp", "@node-llama-cpp/linux-x64"):
        if not (path / "node_modules" / package / "package.json").is_file():
            raise LlmServerError(f"npm package {package} is not installed in {path} "
                                 "(run tools/setup.sh)")
    return path


def tail(path, lines=60):
    try:
        text = pathlib.Path(path).read_text(errors="replace")
    except OSError as e:
        return f"(no log: {e})"
    return "\n".join(text.splitlines()[-lines:])


class LlmServer:
    """server.mjs on 127.0.0.1: `port` None or 0 lets the server pick a free one.

    .url is the base URL (no trailing slash), .port the port, .log_path its log (one line per
    request; the server's own errors), .model_path the GGUF it serves."""

    def __init__(self, workdir=None, port=None, model_path=None, context_size=4096, watch_pid=None):
        """`watch_pid`: the server stops by itself when that process is gone (default: this
        Python process, unless start(detach=True))."""
        self.workdir = pathlib.Path(workdir or tempfile.mkdtemp(prefix="mlflow-cpp-llm-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.requested_port = port or 0
        self.model_path = pathlib.Path(model_path) if model_path else None
        self.context_size = context_size
        self.watch_pid = watch_pid
        self.log_path = self.workdir / "llm-server.log"
        self.port = None
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self, watch_pid=None):
        cmd = [find_node(), str(SERVER_JS), "--model", str(self.model_path),
               "--node-llama-cpp", str(node_llama_cpp_dir()),
               "--host", "127.0.0.1", "--port", str(self.requested_port),
               "--context-size", str(self.context_size)]
        if watch_pid:
            cmd += ["--watch-pid", str(watch_pid)]
        return cmd

    def start(self, timeout=60, detach=False):
        """Starts the server and returns once GET /health answers 200. `detach`: the server is
        not tied to this Python process (its own session, no pipe kept open)."""
        self.model_path = make_model.ensure_model(self.model_path)
        cmd = self.command(self.watch_pid or (None if detach else os.getpid()))
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.workdir, stdout=subprocess.PIPE, stderr=log,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self.port = self._read_port(timeout)
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        if detach:
            self.proc.stdout.close()
        return self

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise LlmServerError(f"the LLM server did not say which port it listens on within "
                                     f"{timeout} s; its log:\n{tail(self.log_path)}")
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.5))
            if ready:
                byte = os.read(self.proc.stdout.fileno(), 1)
                if not byte:
                    self.proc.wait(timeout=10)
                    raise LlmServerError(f"the LLM server exited with {self.proc.returncode} before "
                                         f"it listened; its log:\n{tail(self.log_path)}")
                line += byte
        words = line.decode().split()
        if len(words) != 2 or words[0] != "listening" or not words[1].isdigit():
            raise LlmServerError(f"unexpected first line from the LLM server: {line!r}")
        return int(words[1])

    def _wait_healthy(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise LlmServerError(f"the LLM server exited with {self.proc.returncode}; its log:\n"
                                     f"{tail(self.log_path)}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise LlmServerError(f"the LLM server on {self.url} was not healthy within "
                                     f"{timeout} s; its log:\n{tail(self.log_path)}")
            time.sleep(0.1)

    def stop(self, timeout=20):
        """SIGTERM to the server's process group, SIGKILL if it has not exited in time."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdout and not proc.stdout.closed:
            proc.stdout.close()
        if proc.poll() is None:
            stop_process_group(proc.pid, timeout, wait=proc.wait)

    def log(self):
        return tail(self.log_path, 200)

    def __enter__(self):
        return self if self.proc else self.start()

    def __exit__(self, *exc):
        self.stop()


def stop_process_group(pgid, timeout=20, wait=None):
    """Signals the process group `pgid` (a server `start` detached leads its own group)."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    if wait is not None:
        try:
            wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            pass
    else:
        while time.monotonic() < deadline and _group_alive(pgid):
            time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    if wait is not None:
        wait(timeout=10)


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # A zombie leader whose parent is gone is reaped by init; until then it still "exists".
    try:
        state = pathlib.Path(f"/proc/{pgid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True


@contextlib.contextmanager
def running_llm_server(workdir=None, port=None, timeout=60):
    server = LlmServer(workdir, port).start(timeout=timeout)
    try:
        yield server
    finally:
        server.stop()


def post_json(url, body, timeout=60, headers=None):
    """(status, parsed JSON body) of a POST; HTTP errors are returned, not raised."""
    data = json.dumps(body).encode() if not isinstance(body, (bytes, str)) else (
        body.encode() if isinstance(body, str) else body)
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw.decode(errors="replace")


# --- command line ---------------------------------------------------------------------------------
def _serve(args):
    server = LlmServer(args.workdir, args.port).start(timeout=args.timeout)
    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(server.url, flush=True)
    try:
        while not stop["now"] and server.proc.poll() is None:
            if args.stdin_eof:
                ready, _, _ = select.select([sys.stdin], [], [], 0.5)
                if ready and not sys.stdin.buffer.read1(4096):
                    break
            else:
                time.sleep(0.5)
        if server.proc is not None and server.proc.poll() is not None:
            print(f"llm_server.py: the server exited with {server.proc.returncode}; its log:\n"
                  f"{server.log()}", file=sys.stderr)
            return 1
    finally:
        server.stop()
    return 0


def _start(args):
    server = LlmServer(args.workdir, args.port).start(timeout=args.timeout, detach=True)
    pid = server.proc.pid
    server.proc = None  # runs on after we exit
    if args.url_file:
        pathlib.Path(args.url_file).write_text(server.url + "\n")
    if args.pid_file:
        pathlib.Path(args.pid_file).write_text(f"{pid}\n")
    print(server.url, pid, flush=True)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="The test LLM server (see README.md beside this file).")
    sub = parser.add_subparsers(dest="mode", required=True)
    for name in ("serve", "start"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, default=0, help="0 (default): a free port")
        p.add_argument("--workdir", help="where its log goes (default: a new temporary directory)")
        p.add_argument("--timeout", type=float, default=60)
        if name == "serve":
            p.add_argument("--stdin-eof", action="store_true",
                           help="also stop when standard input reaches its end")
        else:
            p.add_argument("--url-file", help="write the base URL to this file")
            p.add_argument("--pid-file", help="write the server's pid (its process group) here")
    stop = sub.add_parser("stop")
    stop.add_argument("pid", type=int, nargs="?")
    stop.add_argument("--pid-file", help="the file `start --pid-file` wrote")
    sub.add_parser("model")
    args = parser.parse_args(argv)
    try:
        if args.mode == "serve":
            return _serve(args)
        if args.mode == "start":
            return _start(args)
        if args.mode == "stop":
            if (args.pid is None) == (args.pid_file is None):
                parser.error("stop needs a PID or --pid-file")
            pid = args.pid or int(pathlib.Path(args.pid_file).read_text().split()[0])
            stop_process_group(pid)
            return 0
        print(make_model.ensure_model())
        return 0
    except LlmServerError as e:
        print(f"llm_server.py: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
