"""The autolog suite: C++ programs that call LLM clients, compiled with the plugin and nothing
else (no include of ours, no annotation), run against the real local LLM server
(test/llm_server, the `llm_server` fixture of test/conftest.py); their traces are read back from
the local trace store with MLflow's own Trace.from_json."""

import pytest

from harness import Toolchain


def pytest_addoption(parser):
    parser.addoption("--clangxx", required=True)
    parser.addoption("--plugin", required=True)
    parser.addoption("--runtime-lib", required=True, help="path of libmlflow-cpp.so")
    parser.addoption("--include", action="append", required=True)
    parser.addoption("--cxxflags", default="",
                     help="more flags for every compile and link, e.g. a sanitizer build's -fsanitize=...")


@pytest.fixture(scope="session")
def toolchain(request):
    get = request.config.getoption
    return Toolchain(clangxx=get("--clangxx"), plugin=get("--plugin"),
                     runtime_lib=get("--runtime-lib"), include=get("--include"),
                     cxxflags=get("--cxxflags").split())
