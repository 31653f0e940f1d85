import pytest


def pytest_addoption(parser):
    parser.addoption("--sample", required=True, help="path of the built otlp_encode_sample")


@pytest.fixture(scope="session")
def sample(request):
    return request.config.getoption("--sample")
