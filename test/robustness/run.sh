#!/usr/bin/env bash
# test/robustness/run.sh: compile a real C++ code base (fmtlib/fmt) with the mlflow-cpp plugin in
# trace-everything mode and run its own test suite, next to a baseline built without the plugin.
# See NOTES.md in this directory for what was seen.
#
#   test/robustness/run.sh <fmt-checkout> [work-dir]
#
# <fmt-checkout>  a source tree of github.com/fmtlib/fmt (e.g. `git archive HEAD | tar -x -C DIR`
#                 from a clone); it is only read.
# [work-dir]      where the builds, logs and traces go (default /tmp/mlflow-robustness).
#
# Environment (all optional):
#   MLFLOW_BUILD      an existing build of this repository (default: <work-dir>/mlflow-build,
#                     configured and built here when its plugin or runtime is missing)
#   MLFLOW_PLUGIN     the plugin to test (default: $MLFLOW_BUILD/lib/mlflow-plugin.so), e.g. a
#                     patched copy
#   EXTRA_INCLUDES    -I flags put before the runtime's headers (e.g. an overlay holding a patched
#                     mlflow/capture.h)
#   INCLUDE_RE        the plugin's include= regex (default ^fmt::)
#   CXX_STD           C++ standard for fmt (default 20: constexpr functions are traced from C++20)
#   JOBS              build parallelism (default 2)
#   TARGETS           restrict the builds to these ninja targets (e.g. "color-test format-test");
#                     default: everything. Tests not built show up as "Not Run".
#   SKIP_BASELINE=1   reuse an existing baseline build in the work dir
#
# Exit status: 0 when every test that passes without the plugin also passes with it.
set -u

if [[ $# -lt 1 || ! -f "$1/CMakeLists.txt" ]]; then
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
SRC=$(cd "$1" && pwd)
WORK=${2:-/tmp/mlflow-robustness}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MLFLOW_BUILD=${MLFLOW_BUILD:-$WORK/mlflow-build}
PLUGIN=${MLFLOW_PLUGIN:-$MLFLOW_BUILD/lib/mlflow-plugin.so}
RUNTIME_DIR=$MLFLOW_BUILD/runtime
CLI=$MLFLOW_BUILD/tools/mlflow-cpp/mlflow-cpp
INCLUDE_RE=${INCLUDE_RE:-^fmt::}
CXX_STD=${CXX_STD:-20}
JOBS=${JOBS:-2}
TARGETS=${TARGETS:-}
EXTRA_INCLUDES=${EXTRA_INCLUDES:-}
unset MLFLOW_PLUGIN_DEBUG
mkdir -p "$WORK"
LOG=$WORK/summary.txt
: >"$LOG"
say() { echo "$*" | tee -a "$LOG"; }

# --- mlflow-cpp itself ---------------------------------------------------------------------------
if [[ ! -f "$PLUGIN" || ! -f "$RUNTIME_DIR/libmlflow-cpp.so" ]]; then
  say "== building mlflow-cpp in $MLFLOW_BUILD"
  cmake -S "$REPO" -B "$MLFLOW_BUILD" -G Ninja >"$WORK/mlflow-config.log" 2>&1 &&
    cmake --build "$MLFLOW_BUILD" -j"$JOBS" >"$WORK/mlflow-build.log" 2>&1 ||
    { say "mlflow-cpp build failed: see $WORK/mlflow-build.log"; exit 2; }
fi

INC="$EXTRA_INCLUDES -I$REPO/runtime/include -I$REPO/attributes/include"
LNK="-L$RUNTIME_DIR -lmlflow-cpp -Wl,-rpath,$RUNTIME_DIR"
PLG="-fplugin=$PLUGIN -fplugin-arg-mlflow-include=$INCLUDE_RE"

say "fmt:      $SRC ($(git -C "$SRC" rev-parse HEAD 2>/dev/null || cat "$SRC/.commit" 2>/dev/null || echo 'commit unknown'))"
say "mlflow:   $REPO ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ', with local changes'))"
say "plugin:   $PLUGIN"
say "flags:    -std=c++$CXX_STD $PLG $INC"

# build NAME CXXFLAGS: configure and build fmt (Release, its tests on), keep going past errors.
build() {
  local name=$1 flags=$2 dir=$WORK/build-$1
  rm -rf "$dir"
  local start=$SECONDS
  CC=clang-19 CXX=clang++-19 cmake -S "$SRC" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_STANDARD="$CXX_STD" -DFMT_TEST=ON -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$LNK" -DCMAKE_SHARED_LINKER_FLAGS="$LNK" \
    >"$WORK/$name-config.log" 2>&1 || { say "[$name] configure failed: $WORK/$name-config.log"; return 1; }
  # shellcheck disable=SC2086
  cmake --build "$dir" -j"$JOBS" ${TARGETS:+--target $TARGETS} -- -k 0 >"$WORK/$name-build.log" 2>&1
  local rc=$?
  say "[$name] build exit $rc in $((SECONDS - start)) s; failed TUs: $(grep -c '^FAILED:' "$WORK/$name-build.log")," \
      "errors: $(grep -c 'error:' "$WORK/$name-build.log"), warnings: $(grep -c 'warning:' "$WORK/$name-build.log")"
  if grep -q 'error:' "$WORK/$name-build.log"; then
    say "[$name] distinct errors:"
    grep 'error:' "$WORK/$name-build.log" | sed 's/^[^ ]*: //' | sort | uniq -c | sort -rn | head -15 | tee -a "$LOG"
  fi
  if grep -qiE 'PLEASE submit a bug report|Stack dump|clang frontend command failed' "$WORK/$name-build.log"; then
    say "[$name] COMPILER CRASH: see $WORK/$name-build.log"
  fi
}

# run_tests NAME: ctest with the traces going to <work>/traces-NAME; writes <work>/NAME-results.
run_tests() {
  local name=$1 dir=$WORK/build-$1
  rm -rf "$WORK/traces-$name"
  (cd "$dir" && MLFLOW_CPP_TRACE_DIR="$WORK/traces-$name" timeout 1800 ctest -j"$JOBS" --timeout 600 \
     >"$WORK/$name-ctest.log" 2>&1)
  grep -E '^ *[0-9]+/[0-9]+ Test +#' "$WORK/$name-ctest.log" |
    sed -E 's/^.*Test +#[0-9]+: ([^ ]+) \.*[ *]*([A-Za-z].*[^ ]) +[0-9.]+ sec$/\1 \2/' |
    sed -E 's/ +/ /g' | sort >"$WORK/$name-results"
  say "[$name] $(grep -E 'tests passed' "$WORK/$name-ctest.log")"
}

if [[ "${SKIP_BASELINE:-0}" != 1 || ! -d "$WORK/build-baseline" ]]; then
  say "== baseline: without the plugin"
  build baseline "$INC"
  run_tests baseline
fi

say "== plugin: -fplugin-arg-mlflow-include=$INCLUDE_RE"
build plugin "$PLG $INC"

# How much the plugin instruments: one library TU and one test TU, with debug on.
for obj in CMakeFiles/fmt.dir/src/format.cc.o test/CMakeFiles/format-test.dir/format-test.cc.o; do
  cmd=$(cd "$WORK/build-plugin" && ninja -t commands "$obj" 2>/dev/null | tail -1)
  [[ -n "$cmd" ]] || continue
  cmd=${cmd// -o $obj / -o $WORK/debug-count.o }
  out=$(cd "$WORK/build-plugin" && eval "$cmd -fplugin-arg-mlflow-debug" 2>&1)
  n=$(grep -c 'mlflow plugin: traced' <<<"$out")
  # After the first error the plugin rewrites nothing more: then the count is only a lower bound.
  grep -q 'error:' <<<"$out" && n="$n (at least: the TU does not compile; nothing is rewritten after its first error)"
  say "[plugin] functions instrumented in $obj: $n"
done
rm -f "$WORK/debug-count.o"

run_tests plugin

# --- comparison ----------------------------------------------------------------------------------
say "== comparison (test: baseline -> plugin)"
regressions=0
while read -r test result; do
  with=$(awk -v t="$test" '$1 == t { $1 = ""; sub(/^ /, ""); print }' "$WORK/plugin-results")
  with=${with:-missing}
  mark=""
  if [[ "$result" == Passed && "$with" != Passed ]]; then mark="   <-- REGRESSION"; regressions=$((regressions + 1)); fi
  say "$(printf '  %-24s %-10s -> %s%s' "$test" "$result" "$with" "$mark")"
done <"$WORK/baseline-results"

traces=$WORK/traces-plugin/traces.jsonl
if [[ -f "$traces" ]]; then
  say "[plugin] traces written: $(wc -l <"$traces") lines, $(du -h "$traces" | cut -f1) in $traces"
  say "[plugin] last trace (mlflow-cpp show --limit 1, first lines):"
  timeout 300 "$CLI" show "$WORK/traces-plugin" --limit 1 --no-color 2>&1 | head -12 | cut -c1-160 | tee -a "$LOG"
else
  say "[plugin] NO traces were written"
fi

say "== $regressions regression(s); summary in $LOG"
[[ $regressions -eq 0 ]]
