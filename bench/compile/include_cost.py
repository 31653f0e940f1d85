#!/usr/bin/env python3
"""What including <mlflow/trace.h> costs a translation unit, at two revisions of the headers.

Compiles a file that includes only <mlflow/trace.h> (or the header given with --header) with
clang++ -fsyntax-only, against the public headers of a git revision (extracted with git archive)
and against the working tree, interleaved (A B, B A, ...) after one uncounted warm-up each.
Reports, for each: the median wall time and child CPU time (user + sys), the number of headers
included (-H) and the lines of preprocessed text (-E). Writes JSON (--out) and prints a table.
Nothing is asserted: the exit status is non-zero only on errors.

  python3 bench/compile/include_cost.py --base HEAD~1 --out /tmp/include_cost.json
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
HEADER_DIRS = ["runtime/include", "attributes/include"]


def extract(revision, into):
    """The public headers of `revision`, under `into`; returns the -I flags."""
    archive = subprocess.run(["git", "-C", REPO, "archive", revision, *HEADER_DIRS],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return ["-I" + os.path.join(into, d) for d in HEADER_DIRS]


def compile_once(cxx, flags, source):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([cxx, *flags, "-fsyntax-only", source], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def shape(cxx, flags, source):
    headers = subprocess.run([cxx, *flags, "-fsyntax-only", "-H", source], check=True,
                             capture_output=True, text=True).stderr
    header_count = sum(1 for line in headers.splitlines() if line.startswith("."))
    text = subprocess.run([cxx, *flags, "-E", source], check=True, capture_output=True,
                          text=True).stdout
    return {
        "headers": header_count,
        "preprocessed_lines": text.count("\n"),
        "includes_nlohmann_json": "nlohmann/json.hpp" in headers,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare against")
    parser.add_argument("--cxx", default="clang++-19")
    parser.add_argument("--std", default="c++17")
    parser.add_argument("--header", default="mlflow/trace.h")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "include_only.cpp")
        with open(source, "w") as f:
            f.write("#include <%s>\n" % args.header)
        base_dir = os.path.join(tmp, "base")
        os.mkdir(base_dir)
        variants = {
            "base": extract(args.base, base_dir),
            "tree": ["-I" + os.path.join(REPO, d) for d in HEADER_DIRS],
        }
        common = ["-std=" + args.std]
        results = {}
        for name, includes in variants.items():
            flags = common + includes
            compile_once(args.cxx, flags, source)  # warm-up
            results[name] = {"flags": includes, **shape(args.cxx, flags, source),
                             "wall_s": [], "cpu_s": []}
        order = list(variants)
        for run in range(args.runs):
            for name in (order if run % 2 == 0 else reversed(order)):
                wall, cpu = compile_once(args.cxx, common + variants[name], source)
                results[name]["wall_s"].append(wall)
                results[name]["cpu_s"].append(cpu)
        for result in results.values():
            result["median_wall_s"] = statistics.median(result["wall_s"])
            result["median_cpu_s"] = statistics.median(result["cpu_s"])

    report = {
        "what": "clang++ -fsyntax-only of a file that includes only <%s>" % args.header,
        "compiler": subprocess.run([args.cxx, "--version"], capture_output=True,
                                   text=True).stdout.splitlines()[0],
        "std": args.std,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "base_revision": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", args.base],
                                        capture_output=True, text=True).stdout.strip(),
        "runs": args.runs,
        "results": results,
        "ratio_tree_to_base_cpu": results["tree"]["median_cpu_s"] / results["base"]["median_cpu_s"],
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print("%-6s %10s %10s %8s %12s %9s" % ("", "wall (ms)", "cpu (ms)", "headers", "pp lines",
                                          "nlohmann"))
    for name, r in results.items():
        print("%-6s %10.1f %10.1f %8d %12d %9s" % (
            name + ":", 1000 * r["median_wall_s"], 1000 * r["median_cpu_s"], r["headers"],
            r["preprocessed_lines"], "yes" if r["includes_nlohmann_json"] else "no"))
    print("cpu ratio tree/base: %.2f" % report["ratio_tree_to_base_cpu"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
