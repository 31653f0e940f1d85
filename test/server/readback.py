"""Reading traces back from a tracking server: MLflow's official Python client, and raw REST."""

import json
import urllib.error
import urllib.request

import mlflow
from mlflow import MlflowClient


def experiment_id(server_url, name):
    experiment = MlflowClient(tracking_uri=server_url).get_experiment_by_name(name)
    assert experiment is not None, f"no experiment {name!r} on {server_url}"
    return experiment.experiment_id


def search_traces(server_url, exp_id):
    """Every trace of the experiment, with spans (mlflow.search_traces, all pages)."""
    mlflow.set_tracking_uri(server_url)
    return mlflow.search_traces(locations=[exp_id], return_type="list", max_results=1000)


def get_trace(server_url, trace_id):
    mlflow.set_tracking_uri(server_url)
    return mlflow.get_trace(trace_id)


def _request(req):
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        url = req if isinstance(req, str) else req.full_url
        raise AssertionError(f"{url} -> HTTP {e.code}: {e.read().decode(errors='replace')[:2000]}")


def rest_get(server_url, path):
    return _request(server_url + path)


def rest_trace_info(server_url, trace_id):
    """GetTraceInfoV3: GET /api/3.0/mlflow/traces/{trace_id} -> trace_info (JSON)."""
    return rest_get(server_url, f"/api/3.0/mlflow/traces/{trace_id}")["trace"]["trace_info"]


def rest_post(server_url, path, body):
    req = urllib.request.Request(server_url + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return _request(req)


def rest_get_trace(server_url, trace_id):
    """GetTrace (OSS): GET /api/3.0/mlflow/traces/get -> {"trace_info", "spans" (OTLP JSON)}.
    allow_partial=false: the server fails when fewer spans than promised are stored."""
    return rest_get(server_url, f"/api/3.0/mlflow/traces/get?trace_id={trace_id}"
                                "&allow_partial=false")["trace"]


def rest_search_trace_infos(server_url, exp_id):
    """SearchTracesV3 over REST, every page: the experiment's trace infos as the server has them."""
    infos, token = [], None
    while True:
        body = {"locations": [{"type": "MLFLOW_EXPERIMENT",
                               "mlflow_experiment": {"experiment_id": str(exp_id)}}],
                "max_results": 500}
        if token:
            body["page_token"] = token
        page = rest_post(server_url, "/api/3.0/mlflow/traces/search", body)
        infos += page.get("traces", [])
        token = page.get("next_page_token")
        if not token:
            return infos


def all_experiment_ids(server_url):
    client = MlflowClient(tracking_uri=server_url)
    return [e.experiment_id for e in client.search_experiments(max_results=1000)]
