#!/usr/bin/env bash
# Runs side_by_side (built by build.sh) in interleaved rounds, one process per case, and writes
# the raw figures, a JSON file and a summary table outside the repository.
#
#   bench/opentelemetry/run.sh
#
# Environment (defaults): BIN=/work/otel-bench-build/side_by_side  ROUNDS=5  SPANS=1000000
#   OUT=/work/otel-bench-results/<UTC time>  TMPDIR=/tmp (each case writes its traces to a fresh
#   directory there, removed after the case)
#   SPAN_BENCH=<repo>/build-bench/bench/span_bench_instrumented: when it exists, each round also
#   runs its BM_Manual_StartEnd (mlflow-cpp's own benchmark: the same span, but an exporter that
#   discards, reachable only through the runtime's internals) as a same-run reference; SPAN_BENCH=
#   (empty) skips it
# Every round runs the eight cases (mlflow_local, mlflow_local_1m_queue, otel_counting,
# otel_ostream; 1 and 2 threads), in an order rotated by one each round; each case gets a clean environment (env -i: no MLFLOW_* or
# OTEL_* variable from the caller's shell).
set -euo pipefail
BIN="${BIN:-/work/otel-bench-build/side_by_side}"
ROUNDS="${ROUNDS:-5}"
SPANS="${SPANS:-1000000}"
OUT="${OUT:-/work/otel-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}"
TMP="${TMPDIR:-/tmp}"
SPAN_BENCH="${SPAN_BENCH-$(cd "$(dirname "$0")/../.." && pwd)/build-bench/bench/span_bench_instrumented}"
mkdir -p "$OUT/raw"
: > "$OUT/results.txt"
{ echo "start $(date -u +%FT%TZ)"; uptime; } > "$OUT/load.txt"

cases=("mlflow_local 1" "otel_counting 1" "mlflow_local_1m_queue 1" "otel_ostream 1"
       "mlflow_local 2" "otel_counting 2" "mlflow_local_1m_queue 2" "otel_ostream 2")
n=${#cases[@]}
for ((round = 1; round <= ROUNDS; ++round)); do
  for ((i = 0; i < n; ++i)); do
    read -r name threads <<< "${cases[$(((i + round - 1) % n))]}"
    dir="$(mktemp -d "$TMP/side-by-side.XXXXXX")"
    raw="$OUT/raw/r${round}-${name}-${threads}.txt"
    env -i PATH=/usr/bin:/bin HOME="$HOME" "$BIN" "$name" "$threads" "$SPANS" "$dir/out" > "$raw" 2> "${raw%.txt}.err"
    rm -rf "$dir"
    awk -v r="$round" -v c="$name" -v t="$threads" '$1 != "case" && $1 != "threads" {print r, c, t, $1, $2}' "$raw" >> "$OUT/results.txt"
    printf 'round %d %-21s %d thread(s): thread %s ns, process %s ns per span, kept %s of %s\n' "$round" "$name" "$threads" \
      "$(awk '$1=="thread_ns_per_span"{print $2}' "$raw")" "$(awk '$1=="process_ns_per_span"{print $2}' "$raw")" \
      "$(awk '$1=="spans_kept"{print $2}' "$raw")" "$(awk '$1=="spans_made"{print $2}' "$raw")"
  done
  if [ -n "$SPAN_BENCH" ] && [ -x "$SPAN_BENCH" ]; then
    raw="$OUT/raw/r${round}-span_bench.json"
    (cd "$TMP" && env -i PATH=/usr/bin:/bin HOME="$HOME" "$SPAN_BENCH" --benchmark_filter='^BM_Manual_StartEnd/' \
       --benchmark_format=json > "$raw" 2> /dev/null)
    python3 -c '
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    print(sys.argv[2], "span_bench_discarding", b["threads"], "thread_ns_per_span", b["cpu_time"])' "$raw" "$round" | tee -a "$OUT/results.txt"
  fi
  echo "after round $round: $(uptime)" >> "$OUT/load.txt"
done
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$OUT/load.txt"

python3 - "$OUT" "$SPANS" <<'EOF'
import json, statistics, sys
out, spans = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(f"{out}/results.txt"):
    r, c, t, k, v = line.split()
    rows.setdefault((c, int(t)), {}).setdefault(int(r), {})[k] = float(v)
def series(c, t, k):
    return [rows[(c, t)][r][k] for r in sorted(rows.get((c, t), {}))]
def med(xs): return statistics.median(xs) if xs else float("nan")
def rng(xs): return f"{min(xs):.0f}-{max(xs):.0f}" if xs else "-"
def ratios(a, b, t, k):  # per round: a / b
    ra, rb = rows.get((a, t), {}), rows.get((b, t), {})
    return [ra[r][k] / rb[r][k] for r in sorted(ra) if r in rb and k in ra[r] and k in rb[r]]
summary = {"spans_per_case": spans, "cases": {}, "ratios": {}}
for (c, t) in sorted(rows):
    d = summary["cases"][f"{c}/{t}"] = {}
    for k in ("thread_ns_per_span", "process_ns_per_span"):
        if c == "span_bench_discarding" and k == "process_ns_per_span": continue
        xs = series(c, t, k)
        d[k] = {"median": med(xs), "min": min(xs), "max": max(xs), "rounds": xs}
    if c == "span_bench_discarding": continue
    made, kept = series(c, t, "spans_made"), series(c, t, "spans_kept")
    d["kept_fraction_min"] = min(k / m for k, m in zip(kept, made))
    d["spans_dropped_max"] = max(series(c, t, "spans_dropped"))
    if c.startswith("mlflow"):
        d["traces_spilled"] = series(c, t, "traces_spilled")
        d["traces_dropped"] = series(c, t, "traces_dropped")
    d["output_bytes_per_span_median"] = med([b / m for b, m in zip(series(c, t, "output_bytes"), made)])
pairs = [(o, m) for o in ("otel_counting", "otel_ostream") for m in ("mlflow_local", "mlflow_local_1m_queue")]
if ("span_bench_discarding", 1) in rows: pairs.append(("otel_counting", "span_bench_discarding"))
for other, base in pairs:
    for t in (1, 2):
        for k in ("thread_ns_per_span", "process_ns_per_span"):
            xs = ratios(other, base, t, k)
            if xs:
                summary["ratios"][f"{other}/{base}/{t}/{k}"] = {
                    "of_medians": med(series(other, t, k)) / med(series(base, t, k)),
                    "per_round_median": med(xs), "per_round_min": min(xs), "per_round_max": max(xs)}
json.dump(summary, open(f"{out}/results.json", "w"), indent=1)

lines = [f"Spans per case: {spans:,} (split evenly over the threads). Medians of {len(series('mlflow_local', 1, 'thread_ns_per_span'))} rounds, range in brackets, ns per span.", ""]
def cell(c, t, k):
    xs = series(c, t, k)
    return f"{med(xs):.0f} ({rng(xs)})" if xs else "-"
def rcell(other, base, t, k):
    xs = ratios(other, base, t, k)
    return f"**{med(series(other, t, k)) / med(series(base, t, k)):.2f}x** ({min(xs):.2f}-{max(xs):.2f})" if xs else "-"
lines += ["(a) CPU of the calling threads per span (start + made current + end)", "",
          "| | 1 thread | 2 threads |", "|---|---:|---:|"]
label = {"mlflow_local": "mlflow-cpp `start_span` + end, local store (as shipped)",
         "mlflow_local_1m_queue": "mlflow-cpp `start_span` + end, local store, 1 M-trace queue",
         "span_bench_discarding": "reference: mlflow-cpp span_bench BM_Manual_StartEnd (discarding exporter, internal API; Google Benchmark CPU time)",
         "otel_counting": "opentelemetry-cpp StartSpan + Scope + End, batch, counting exporter",
         "otel_ostream": "opentelemetry-cpp StartSpan + Scope + End, batch, ostream exporter to a file"}
for c in ("mlflow_local", "mlflow_local_1m_queue", "otel_counting", "otel_ostream", "span_bench_discarding"):
    if (c, 1) in rows:
        lines.append(f"| {label[c]} | {cell(c, 1, 'thread_ns_per_span')} | {cell(c, 2, 'thread_ns_per_span')} |")
for other, base in pairs:
    lines.append(f"| ratio {other} / {base} (per-round range) | {rcell(other, base, 1, 'thread_ns_per_span')} | {rcell(other, base, 2, 'thread_ns_per_span')} |")
lines += ["", "(b) CPU of the whole process per span, loop + final flush/shutdown (export threads and file writing included)", "",
          "| | 1 thread | 2 threads |", "|---|---:|---:|"]
for c in ("mlflow_local", "mlflow_local_1m_queue", "otel_ostream", "otel_counting"):
    lines.append(f"| {label[c]} | {cell(c, 1, 'process_ns_per_span')} | {cell(c, 2, 'process_ns_per_span')} |")
for other, base in [("otel_ostream", "mlflow_local"), ("otel_ostream", "mlflow_local_1m_queue")]:
    lines.append(f"| ratio {other} / {base} (per-round range) | {rcell(other, base, 1, 'process_ns_per_span')} | {rcell(other, base, 2, 'process_ns_per_span')} |")
lines += ["", "The calling threads' time split (medians; getrusage RUSAGE_THREAD, 1 ms ticks at best, so a rough split): user / kernel ns per span, minor page faults per 1000 spans", "",
          "| | 1 thread | 2 threads |", "|---|---:|---:|"]
def split(c, t):
    try:
        return (f"{med(series(c, t, 'thread_user_ns_per_span')):.0f} / {med(series(c, t, 'thread_sys_ns_per_span')):.0f}, "
                f"{med(series(c, t, 'thread_minflt_per_span')) * 1000:.1f}")
    except KeyError:
        return "-"
for c in ("mlflow_local", "mlflow_local_1m_queue", "otel_counting", "otel_ostream"):
    lines.append(f"| {label[c]} | {split(c, 1)} | {split(c, 2)} |")
lines += ["", "Kept (lowest fraction over the rounds) and output per span:", ""]
for (c, t) in sorted(rows):
    if c == "span_bench_discarding": continue
    d = summary["cases"][f"{c}/{t}"]
    extra = ""
    if c.startswith("mlflow"):
        extra = f", spilled by the calling threads (kept) {min(d['traces_spilled']):.0f}-{max(d['traces_spilled']):.0f}, dropped {max(d['traces_dropped']):.0f} max"
    lines.append(f"- {c}/{t}: kept {d['kept_fraction_min'] * 100:.2f} %{extra}; {d['output_bytes_per_span_median']:.0f} bytes written per span")
text = "\n".join(lines) + "\n"
open(f"{out}/summary.md", "w").write(text)
print(text)
EOF
echo "results: $OUT (results.txt, results.json, summary.md, load.txt, raw/)"
