import pytest


def pytest_addoption(parser):
    parser.addoption("--example", required=True, help="path of the built manual_agent example")


@pytest.fixture(scope="session")
def example(request):
    return request.config.getoption("--example")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test fails: a check that could not run has not passed."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped, which fails this suite: {report.longrepr}"
