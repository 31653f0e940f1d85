"""Fixtures of the fault tests (test_faults.py).

  mlflow_server   one real MLflow server for the session (SQLite; test/mlflow_servers.py)
  proxy           a FaultProxy (fault_proxy.py) in front of it, fresh for each test
  start_program   start_program(env) runs fault_program (built by CMake, --program) as a
                  Program that the test drives line by line
  cli             the mlflow-cpp command line tool (--cli), for `mlflow-cpp push`

The helpers of the server suite (test/server/: programs.program_env, readback, the push helpers
of test_server_down_push) are used as they are: test/server is put on sys.path.
"""

import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "server"))

from fault_proxy import FaultProxy  # noqa: E402
from mlflow_servers import MlflowServer, started  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--program", help="fault_program (test/faults/fault_program.cpp)")
    parser.addoption("--cli", help="the mlflow-cpp command line tool (target mlflow_cpp_cli)")


def _executable(request, name):
    path = request.config.getoption(name)
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"{name} must name an executable (test/faults/CMakeLists.txt passes it); "
                    f"got {path!r}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("mlflow-sqlite")
    server = started(MlflowServer(workdir, f"sqlite:///{workdir}/mlflow.db"))
    yield server
    server.stop()


@pytest.fixture
def proxy(mlflow_server):
    proxy = FaultProxy(mlflow_server.url).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def cli(request):
    return _executable(request, "--cli")


class Program:
    """fault_program, driven on stdin (its header comment lists the commands)."""

    def __init__(self, path, env, prefix, stderr_path):
        self.prefix = prefix
        self.stderr_path = stderr_path
        self.ids = []        # trace ids, in order: index i has client request id <prefix>-<i>
        self.call_ms = []    # how long each traced call took, as the program measured it
        self.exit_s = None   # from "exiting" (main returns) to the end of the process
        self.returncode = None
        self._lines = queue.Queue()
        with open(stderr_path, "wb") as err:
            self.proc = subprocess.Popen([path, "--prefix", prefix], env=env, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _line(self, timeout):
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"fault_program said nothing for {timeout} s; stderr:\n"
                                 f"{self.stderr()}") from None
        assert line is not None, f"fault_program ended early ({self.proc.wait()}):\n{self.stderr()}"
        return line

    def _send(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def traces(self, count, padding=0, timeout=30):
        """Records `count` traces (each with `padding` bytes more); returns their ids."""
        self._send(f"traces {count} {padding}")
        new = []
        while (line := self._line(timeout)) != "ok":
            _, trace_id, ms = line.split()
            new.append(trace_id)
            self.call_ms.append(float(ms))
        self.ids += new
        return new

    def stats(self, timeout=30):
        """mlflow::tracing::stats(): {"completed", "spilled", "dropped", "spans_left_out"}."""
        self._send("stats")
        return json.loads(self._line(timeout))

    def exit(self, timeout=60):
        """Lets main return and waits for the process; sets exit_s and returncode."""
        self._send("exit")
        longest = None
        while (line := self._line(timeout)) != "exiting":
            if line.startswith("longest_call_ms "):
                longest = float(line.split()[1])
        returned = time.monotonic()
        self.returncode = self.proc.wait(timeout=timeout)
        self.exit_s = time.monotonic() - returned
        assert longest == max(self.call_ms, default=0.0)
        return self

    def stderr(self):
        return pathlib.Path(self.stderr_path).read_text(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def start_program(request, tmp_path):
    path = _executable(request, "--program")
    started = []

    def start(env, prefix="fault"):
        program = Program(path, env, prefix, tmp_path / f"program-{len(started)}.stderr")
        started.append(program)
        return program

    yield start
    for program in started:
        program.kill()
