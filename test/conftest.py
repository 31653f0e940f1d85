"""Shared by the Python suites: a skipped test fails the run; the `llm_server` fixture."""

import importlib.util
import pathlib
import sys

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test fails: a check that could not run has not passed."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped, which fails this suite: {report.longrepr}"


def _llm_server_module():
    """test/llm_server/llm_server.py, loaded by path (its folder need not be on sys.path)."""
    name = "mlflow_cpp_test_llm_server"
    if name not in sys.modules:
        path = pathlib.Path(__file__).resolve().parent / "llm_server" / "llm_server.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory):
    """A real LLM server on loopback (test/llm_server/README.md): llama.cpp through node-llama-cpp
    running a tiny generated model, speaking the OpenAI, Anthropic, Ollama and Gemini APIs.
    Yields an LlmServer: .url is the base URL (http://127.0.0.1:PORT), .log() its request log.
    Started once per session, on first use; a missing node or npm package fails the test."""
    module = _llm_server_module()
    server = module.LlmServer(tmp_path_factory.mktemp("llm-server"))
    try:
        server.start()
    except module.LlmServerError as e:
        pytest.fail(str(e), pytrace=False)
    yield server
    server.stop()
