#!/usr/bin/env python3
"""End-to-end load figures with a real MLflow server (the venv's pinned mlflow), written as JSON:

  sustained   load_generator writes traces for SECONDS against a live server (sqlite, one
              worker); reports spans/s produced, spans/s the server took (delivered by exit,
              counted with mlflow.search_traces), and the program's peak RSS
  server_down the same with nothing listening: peak RSS while every batch is kept in the
              local store, and how long exit took past the flush deadline

    server_load.py LOAD_GENERATOR --out results.json [--seconds 20] [--spans 10]
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

# The tests' server fixture: `mlflow server` on a free loopback port, stopped by process group.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "test"))
from mlflow_servers import MlflowServer, free_port  # noqa: E402


def run_generator(binary, env, args):
    start = time.monotonic()
    proc = subprocess.Popen([binary, *map(str, args)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=900)
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    fields = out.split()
    return {"traces": int(fields[1]), "spans": int(fields[3]), "generating_seconds": float(fields[5]),
            "wall_seconds_with_flush": round(wall, 3), "exit_code": proc.returncode,
            "peak_rss_mib_any_child_so_far": round(usage.ru_maxrss / 1024, 1),
            "stderr_first_line": err.splitlines()[0] if err else ""}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("load_generator")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--spans", type=int, default=10)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "OTEL_"))}

        # Server down first (so the RSS figure is this run's own: ru_maxrss is a running max).
        port = free_port()
        env = dict(base_env, MLFLOW_TRACKING_URI=f"http://127.0.0.1:{port}",
                   MLFLOW_EXPERIMENT_NAME="load", MLFLOW_CPP_TRACE_DIR=str(tmp / "down"),
                   MLFLOW_CPP_FLUSH_TIMEOUT_MS="5000")
        down = run_generator(args.load_generator, env, [0, args.spans, args.seconds])
        kept = sum(1 for _ in open(tmp / "down" / "undelivered.jsonl"))
        down.update({"kept_for_push": kept, "dropped_when_queue_full": down["traces"] - kept})
        results["server_down"] = down

        server = MlflowServer(tmp / "server", f"sqlite:///{tmp}/mlflow.db").start()
        port = server.port
        try:
            env = dict(base_env, MLFLOW_TRACKING_URI=f"http://127.0.0.1:{port}",
                       MLFLOW_EXPERIMENT_NAME="load", MLFLOW_CPP_TRACE_DIR=str(tmp / "up"),
                       MLFLOW_CPP_FLUSH_TIMEOUT_MS="600000")
            up = run_generator(args.load_generator, env, [0, args.spans, args.seconds])
            import mlflow
            mlflow.set_tracking_uri(f"http://127.0.0.1:{port}")
            experiment = mlflow.MlflowClient().get_experiment_by_name("load")
            delivered, token = 0, None
            while True:
                page = mlflow.MlflowClient().search_traces(
                    locations=[experiment.experiment_id], max_results=500, page_token=token)
                delivered += len(page)
                token = page.token
                if not token:
                    break
            kept = tmp / "up" / "undelivered.jsonl"
            up.update({
                "delivered_traces": delivered,
                "kept_for_push": sum(1 for _ in open(kept)) if kept.exists() else 0,
                "produced_spans_per_second": round(up["spans"] / up["generating_seconds"]),
                "delivered_spans_per_second": round(delivered * args.spans / up["wall_seconds_with_flush"]),
            })
            results["sustained"] = up
        finally:
            server.stop()
    results["spans_per_trace"] = args.spans
    results["seconds"] = args.seconds
    pathlib.Path(args.out).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
