import pytest


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
    return {"clangxx": get("--clangxx"), "plugin": get("--plugin"),
            "runtime_lib": get("--runtime-lib"), "include": get("--include"),
            "cxxflags": get("--cxxflags").split()}
