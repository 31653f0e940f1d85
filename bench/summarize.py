#!/usr/bin/env python3
"""Sets the benchmark results against the performance targets.

Overheads are "traced minus plain" of twin benchmarks from the same run (medians of the
repetitions), so machine drift between runs cancels out. Usage:

    summarize.py span_bench.json export_bench.json [--stability stability.json]
                 [--autolog autolog_bench.json] [--out summary.json]
"""
import argparse
import json
import sys

# (what, traced benchmark, plain twin, target ns of overhead per call)
CALL_TARGETS = [
    ("disabled at run time", "BM_Empty_TracedDisabled", "BM_Empty_Plain", 1.0),
    ("enabled, no capture (start + end, current)", "BM_Empty_TracedEnabled", "BM_Empty_Plain", 50.0),
    ("enabled, typical capture (int, string, vector<string> -> string)", "BM_Typical_TracedEnabled",
     "BM_Typical_Plain", 300.0),
    ("unsampled (MLFLOW_TRACE_SAMPLING_RATIO=0)", "BM_Empty_TracedUnsampled", "BM_Empty_Plain", 5.0),
]

# Autolog: what a rewritten call site adds to a request that is not an LLM call
# (bench/autolog/autolog_bench.cpp). The adapters on their own, with stand-in callees:
# (what, adapter benchmark, direct twin, target ns per call).
AUTOLOG_TARGETS = [
    ("autolog, non-LLM request: libcurl perform adapter, no handle at an LLM route",
     "BM_CurlPerform_Adapter", "BM_CurlPerform_Direct", 50.0),
    ("autolog, non-LLM request: libcurl perform adapter, another handle at an LLM route",
     "BM_CurlPerform_AdapterOtherLlmHandle", "BM_CurlPerform_Direct", 50.0),
    ("autolog, non-LLM request: libcurl perform adapter, libcurl autolog switched off",
     "BM_CurlPerform_AdapterDisabled", "BM_CurlPerform_Direct", 50.0),
    ("autolog, non-LLM request: cpp-httplib Post adapter",
     "BM_HttplibPost_Adapter", "BM_HttplibPost_Direct", 50.0),
    ("autolog, non-LLM request: cpp-httplib Post adapter, cpp-httplib autolog switched off",
     "BM_HttplibPost_AdapterDisabled", "BM_HttplibPost_Direct", 50.0),
]
# Through the real plugin, on the real curl_easy_perform: the benchmark compares the two in
# alternating blocks itself (its extra_ns counter). (what, benchmark, target ns per call).
AUTOLOG_PAIRED_TARGETS = [
    ("autolog, non-LLM request: real curl_easy_perform rewritten by the plugin",
     "BM_RealCurlPerform_Paired", 50.0),
    ("autolog, non-LLM request: real curl_easy_perform rewritten, another handle at an LLM route",
     "BM_RealCurlPerform_PairedOtherLlmHandle", 50.0),
    ("autolog, non-LLM request: real curl_easy_perform rewritten, libcurl autolog switched off",
     "BM_RealCurlPerform_PairedDisabled", 50.0),
]


def medians(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        out[name] = b
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("span_bench")
    parser.add_argument("export_bench")
    parser.add_argument("--stability", help="long runs of the same benchmarks (stable under load)")
    parser.add_argument("--autolog", help="autolog_bench's results (rewritten call sites)")
    parser.add_argument("--out")
    args = parser.parse_args()
    spans = medians(args.span_bench)
    export = medians(args.export_bench)

    rows = []
    for threads in (1, 2):
        for what, traced, plain, target in CALL_TARGETS:
            t, p = spans.get(f"{traced}/threads:{threads}"), spans.get(f"{plain}/threads:{threads}")
            if not t or not p:
                continue
            overhead = t["cpu_time"] - p["cpu_time"]
            rows.append({"what": f"{what}, {threads} thread(s)", "overhead_ns": round(overhead, 2),
                         "target_ns": target, "met": overhead <= target})
    if args.stability:
        long_runs = medians(args.stability)
        for threads in (1, 2):
            for what, traced, plain, target in CALL_TARGETS[1:3]:
                t = long_runs.get(f"{traced}/threads:{threads}")
                p = long_runs.get(f"{plain}/threads:{threads}")
                if not t or not p:
                    continue
                overhead = t["cpu_time"] - p["cpu_time"]
                rows.append({"what": f"{what}, {threads} thread(s), long run",
                             "overhead_ns": round(overhead, 2), "target_ns": target,
                             "met": overhead <= target})
    # Nested 10 deep, per span: with an int argument and result captured, and with nothing to
    # capture; both held to the no-capture target.
    for bench, what in (("BM_Nested10", "nested 10 deep, per span (int argument and result)"),
                        ("BM_Nested10Empty", "nested 10 deep, per span (no capture)")):
        nested_t = spans.get(f"{bench}_TracedEnabled/threads:1")
        nested_p = spans.get(f"{bench}_Plain/threads:1")
        if nested_t and nested_p:
            per_span = (nested_t["cpu_time"] - nested_p["cpu_time"]) / 10
            rows.append({"what": what, "overhead_ns": round(per_span, 2),
                         "target_ns": 50.0, "met": per_span <= 50.0})
    if args.autolog:
        autolog = medians(args.autolog)
        for what, adapter, direct, target in AUTOLOG_TARGETS:
            a, d = autolog.get(adapter), autolog.get(direct)
            if not a or not d:
                continue
            overhead = a["cpu_time"] - d["cpu_time"]
            rows.append({"what": what, "overhead_ns": round(overhead, 2), "target_ns": target,
                         "met": overhead <= target})
        for what, bench, target in AUTOLOG_PAIRED_TARGETS:
            b = autolog.get(bench)
            if not b or "extra_ns" not in b:
                continue
            overhead = b["extra_ns"]
            rows.append({"what": what, "overhead_ns": round(overhead, 2), "target_ns": target,
                         "met": overhead <= target})
    for name, b in sorted(export.items()):
        if "spans_per_second" in b:
            rate = b["spans_per_second"]
            target = 1e6 if name.startswith("BM_EncodeOtlp") else None
            rows.append({"what": f"{name}: spans/s on one core", "value": round(rate),
                         "target": target, "met": None if target is None else rate >= target})
        if "bytes_per_span" in b:
            rows.append({"what": f"{name}: heap bytes per queued span", "value": round(b["bytes_per_span"])})

    width = max(len(r["what"]) for r in rows)
    for r in rows:
        if "overhead_ns" in r:
            figure = f"{r['overhead_ns']:>10.1f} ns   target <= {r['target_ns']:g} ns"
        else:
            figure = f"{r['value']:>12,}" + (f"   target >= {r['target']:,.0f}" if r.get("target") else "")
        met = {True: "met", False: "NOT MET", None: ""}[r.get("met")]
        print(f"{r['what']:<{width}}  {figure}  {met}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
