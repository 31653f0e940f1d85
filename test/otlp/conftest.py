import pytest


def pytest_addoption(parser):
    parser.addoption("--sample", required=True, help="path of the built otlp_encode_sample")
    parser.addoption("--manual-agent", required=True, help="path of the built examples/manual_agent")


@pytest.fixture(scope="session")
def sample(request):
    return request.config.getoption("--sample")


@pytest.fixture(scope="session")
def manual_agent(request):
    return request.config.getoption("--manual-agent")
