"""Fixtures for the suite against a real MLflow tracking server.

  mlflow_server      a running server, parametrized over its backend store: "sqlite" (a file in
                     a temporary dir) and "postgresql" (a throw-away PostgreSQL 15 cluster)
  start_server       a factory: start_server(backend, port=None) starts another server, e.g.
                     later, on a port reserved before (the server-down test)
  server_agent       the C++ test program (server_agent/), compiled with clang++-19 and the plugin
  ui_check           runs ui_check.mjs (playwright-core driving Debian's chromium)

A missing tool fails the test that needs it; nothing is skipped (test/conftest.py turns skips
into failures anyway).
"""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

from programs import compile_agent
from mlflow_servers import MlflowServer, PostgresCluster, ServerError, free_port

HERE = pathlib.Path(__file__).resolve().parent
BACKENDS = ["sqlite", "postgresql"]


def pytest_addoption(parser):
    add = parser.addoption
    add("--clangxx", help="clang++-19, the compiler the plugin is built for")
    add("--plugin", help="mlflow-plugin.so")
    add("--runtime-lib", help="path of libmlflow-cpp.so")
    add("--include", action="append", default=[], help="include directories (repeatable)")
    add("--cxxflags", default="",
        help="more flags for every compile and link, e.g. a sanitizer build's -fsanitize=...")
    add("--cli", help="the mlflow-cpp command line tool")
    add("--node", default=shutil.which("node"), help="node, to run ui_check.mjs")
    add("--chromium", default=shutil.which("chromium"), help="Chromium (Debian: /usr/bin/chromium)")
    add("--playwright-core", help="directory of the playwright-core npm package")
    add("--artifacts-dir", help="where screenshots go (default: a temporary directory)")


def option(request, name, what):
    value = request.config.getoption(name)
    if not value:
        pytest.fail(f"{name} not given: {what}", pytrace=False)
    return value


# --- servers --------------------------------------------------------------------------------------

class ServerPool:
    """Starts servers on request and stops every one at the end."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory
        self.running = []

    def start(self, backend="sqlite", port=None, timeout=60):
        workdir = self.tmp.mktemp(f"mlflow-{backend}")
        if backend == "sqlite":
            server = MlflowServer(workdir, f"sqlite:///{workdir}/mlflow.db", port, name=backend)
        elif backend == "postgresql":
            cluster = PostgresCluster()
            self.running.append(cluster)
            try:
                cluster.start()
            except ServerError as e:
                pytest.fail(str(e), pytrace=False)
            server = MlflowServer(workdir, cluster.uri, port, name=backend)
        else:
            raise ValueError(backend)
        self.running.append(server)
        try:
            server.start(timeout=timeout)
        except ServerError as e:
            pytest.fail(str(e), pytrace=False)
        return server

    def stop_all(self):
        # Servers before the databases they use: reversed start order.
        for thing in reversed(self.running):
            thing.stop()
        self.running.clear()


@pytest.fixture(scope="session")
def start_server(tmp_path_factory):
    pool = ServerPool(tmp_path_factory)
    yield pool.start
    pool.stop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def mlflow_server(request, tmp_path_factory):
    pool = ServerPool(tmp_path_factory)
    try:
        yield pool.start(request.param)
    finally:
        pool.stop_all()


@pytest.fixture
def reserved_port():
    """A loopback port nothing listens on (yet)."""
    return free_port()


# --- the C++ program ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def toolchain(request):
    what = "the test needs the C++ toolchain (test/server/CMakeLists.txt passes it)"
    return {"clangxx": option(request, "--clangxx", what),
            "plugin": option(request, "--plugin", what),
            "runtime_lib": option(request, "--runtime-lib", what),
            "include": option(request, "--include", what),
            "cxxflags": request.config.getoption("--cxxflags").split()}


@pytest.fixture(scope="session")
def server_agent(toolchain, tmp_path_factory):
    return compile_agent(toolchain, tmp_path_factory.mktemp("agent") / "server_agent")


@pytest.fixture(scope="session")
def cli(request):
    path = option(request, "--cli", "the mlflow-cpp command line tool (target mlflow_cpp_cli)")
    assert os.access(path, os.X_OK), f"{path} is not an executable"
    return path


# --- the UI check ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def artifacts_dir(request, tmp_path_factory):
    given = request.config.getoption("--artifacts-dir")
    path = pathlib.Path(given) if given else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def ui_check(request, artifacts_dir):
    """ui_check(spec) runs ui_check.mjs with the JSON spec; returns its parsed JSON report."""
    node = option(request, "--node", "node is needed for the UI check (Debian's nodejs)")
    chromium = option(request, "--chromium", "Chromium is needed for the UI check")
    playwright = option(request, "--playwright-core",
                        "playwright-core is needed for the UI check (tools/setup.sh installs it; "
                        "`tools/setup.sh --print-playwright` prints its path)")
    for what, path in (("node", node), ("chromium", chromium)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            pytest.fail(f"no {what} at {path} (tools/setup.sh installs Debian's {what})",
                        pytrace=False)
    if not (pathlib.Path(playwright) / "package.json").exists():
        pytest.fail(f"no playwright-core package at {playwright} (run tools/setup.sh)",
                    pytrace=False)

    def run(spec, timeout=300):
        spec = dict(spec, chromium=chromium, playwrightCore=str(playwright),
                    screenshotDir=str(artifacts_dir))
        result = subprocess.run([node, str(HERE / "ui_check.mjs"), json.dumps(spec)],
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (
            f"UI check failed (exit {result.returncode}); screenshots in {artifacts_dir}:\n"
            f"{result.stderr[-6000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"UI check of {report['traceUrl']} passed; screenshots:")
        for path in report["screenshots"]:
            print(f"  {path}")
        return report

    return run
