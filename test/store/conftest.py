import pytest


def pytest_addoption(parser):
    parser.addoption("--example", required=True, help="path of the built manual_agent example")


@pytest.fixture(scope="session")
def example(request):
    return request.config.getoption("--example")
