"""The MLflow tracking server the query tests read from, and the environment they run tools in.

`mlflow server` from the venv's pinned mlflow (this suite runs under that venv's Python) on a
free loopback port, with a throw-away SQLite store, artifacts served from its work directory;
it is stopped by killing its process group.
"""

import os
import pathlib

from mlflow_servers import MlflowServer, free_port  # noqa: F401 (free_port: for the tests)

EXPERIMENT = "cpp-query"
AGENT_RUNS = 3


def clean_env(**extra):
    """The environment without any MLFLOW_ variable of the caller's, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Server(MlflowServer):
    """The shared server fixture (test/mlflow_servers.py) on a SQLite store in `workdir`."""

    def __init__(self, workdir):
        super().__init__(workdir, f"sqlite:///{pathlib.Path(workdir) / 'mlflow.db'}")
