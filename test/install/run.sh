#!/usr/bin/env bash
# test/install/run.sh <build-dir> <work-dir>: uses an installed mlflow-cpp as a downstream
# project would.
#
#   1. cmake --install <build-dir> --prefix <work-dir>/prefix, and checks what is there;
#   2. <prefix>/bin/mlflow-cpp --version;
#   3. builds consumer.cpp with CMake (cmake-consumer/: find_package + mlflow_cpp_trace) using
#      clang 19, and again with g++ when there is one (mlflow_cpp_trace must warn and still link);
#   4. builds consumer.cpp with clang 19 and `pkg-config --cflags --libs mlflow-cpp`;
#   5. runs each program with MLFLOW_CPP_TRACE_DIR=<work-dir>/traces (the pkg-config one without
#      LD_LIBRARY_PATH: its rpath must do) and checks that each run adds a trace named
#      "consumer" (info.tags."mlflow.traceName") to <work-dir>/traces/traces.jsonl;
#   6. the library split (runtime/CMakeLists.txt): libmlflow-cpp.so needs no libcurl;
#      consumer.cpp built with `pkg-config mlflow-cpp-core` needs neither libcurl nor
#      libmlflow-cpp-server, writes its trace to the local store, and, with MLFLOW_TRACKING_URI
#      set, says once that the server library is missing and still writes the local store;
#      built with `pkg-config mlflow-cpp` and -Wl,--as-needed it still needs
#      libmlflow-cpp-server, whose exporter then tries the tracking server (and keeps the trace
#      for `mlflow-cpp push`); the CMake consumers (mlflow_cpp_trace; g++ links with
#      --as-needed by default) need it too.
#
# Environment: CMAKE (default cmake), MLFLOW_CPP_CLANGXX (default clang++-19),
# MLFLOW_CPP_EXPECT_PLUGIN (default 1; 0 for a build without the plugin).
set -euo pipefail

usage() { echo "usage: $0 <build-dir> <work-dir>" >&2; exit 2; }
(($# == 2)) || usage
[[ -f "$1/CMakeCache.txt" ]] || { echo "run.sh: $1 is not a CMake build directory" >&2; exit 2; }

BUILD_DIR="$(cd "$1" && pwd)"
mkdir -p "$2"
WORK_DIR="$(cd "$2" && pwd)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CMAKE="${CMAKE:-cmake}"
CLANGXX="${MLFLOW_CPP_CLANGXX:-clang++-19}"
EXPECT_PLUGIN="${MLFLOW_CPP_EXPECT_PLUGIN:-1}"
PREFIX="${WORK_DIR}/prefix"
TRACES="${WORK_DIR}/traces"
GENERATOR=()
command -v ninja >/dev/null 2>&1 && GENERATOR=(-G Ninja)

passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() {
  echo "FAILED: $*" >&2
  failed=$((failed + 1))
  echo "$passed passed, $failed failed"
  exit 1
}
# Runs a command with its output in <work-dir>/<log>, shown only when it fails.
logged() {
  local log="${WORK_DIR}/$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
}

# Prints how many traces named "consumer" the store holds.
count_consumer_traces() {
  python3 - "${TRACES}/traces.jsonl" <<'EOF'
import json, os, sys
path = sys.argv[1]
count = 0
if os.path.exists(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                trace = json.loads(line)
            except ValueError:
                continue
            tags = (trace.get("info") or {}).get("tags") or {}
            if tags.get("mlflow.traceName") == "consumer":
                count += 1
print(count)
EOF
}

# Runs a consumer program and checks that it added one "consumer" trace. Its output is in
# <work-dir>/run-<what>.log.
run_consumer() {
  local what="$1"
  shift
  local before after
  before="$(count_consumer_traces)"
  logged "run-${what}.log" env MLFLOW_CPP_TRACE_DIR="$TRACES" "$@" || fail "$what: running $*"
  after="$(count_consumer_traces)"
  ((after > before)) ||
    fail "$what: no trace named \"consumer\" added to ${TRACES}/traces.jsonl (had ${before}, now ${after})"
  ok "$what: ran, and its trace \"consumer\" is in ${TRACES}/traces.jsonl"
}

# The libraries a binary needs (its DT_NEEDED entries), one a line.
needed() {
  readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}
# Fails unless binary $2 needs (or, with $1 = "not", does not need) a library matching $3.
expect_needed() {
  local mode="$1" binary="$2" pattern="$3" list
  list="$(needed "$binary")" || fail "readelf -d $binary"
  if [[ "$mode" == "not" ]]; then
    if grep -q -- "$pattern" <<<"$list"; then
      fail "$binary needs $(grep -- "$pattern" <<<"$list" | tr '\n' ' ')(NEEDED: $(tr '\n' ' ' <<<"$list"))"
    fi
  elif ! grep -q -- "$pattern" <<<"$list"; then
    fail "$binary does not need $pattern (NEEDED: $(tr '\n' ' ' <<<"$list"))"
  fi
}

rm -rf "$PREFIX" "$TRACES" "${WORK_DIR}"/build-*

# --- 1. install -----------------------------------------------------------------------------------
logged install.log "$CMAKE" --install "$BUILD_DIR" --prefix "$PREFIX" || fail "cmake --install"
PC_FILE="$(find "$PREFIX" -path '*/pkgconfig/mlflow-cpp.pc' | head -n 1)"
[[ -n "$PC_FILE" ]] || fail "no pkgconfig/mlflow-cpp.pc under $PREFIX"
LIBDIR="$(dirname "$(dirname "$PC_FILE")")"
for f in "$LIBDIR/libmlflow-cpp.so" "$LIBDIR/libmlflow-cpp-server.so" \
         "$LIBDIR/libmlflow-cpp-client.so" "$LIBDIR/pkgconfig/mlflow-cpp-core.pc" \
         "$PREFIX/include/mlflow/trace.h" \
         "$LIBDIR/cmake/mlflow-cpp/mlflow-cppConfig.cmake" \
         "$LIBDIR/cmake/mlflow-cpp/mlflow-cppConfigVersion.cmake"; do
  [[ -e "$f" ]] || fail "not installed: $f"
done
# One plugin per clang major, clang-<major>/; mlflow-plugin.so links to the default (19).
CLANG_MAJOR="$("$CLANGXX" --version | sed -n 's/.*clang version \([0-9]*\)\..*/\1/p' | head -n 1)"
PLUGIN="$LIBDIR/mlflow-cpp/clang-${CLANG_MAJOR}/mlflow-plugin.so"
if [[ "$EXPECT_PLUGIN" == 1 ]]; then
  [[ -f "$PLUGIN" ]] || fail "not installed: $PLUGIN"
  [[ -f "$LIBDIR/mlflow-cpp/mlflow-plugin.so" ]] || fail "not installed: $LIBDIR/mlflow-cpp/mlflow-plugin.so"
fi
ok "installed into $PREFIX"

# --- 2. the command line tool ---------------------------------------------------------------------
[[ -x "$PREFIX/bin/mlflow-cpp" ]] || fail "not installed: $PREFIX/bin/mlflow-cpp"
version="$(env -u LD_LIBRARY_PATH "$PREFIX/bin/mlflow-cpp" --version 2>&1)" ||
  fail "$PREFIX/bin/mlflow-cpp --version: $version"
ok "mlflow-cpp --version: $version"

# --- 3. CMake consumers ---------------------------------------------------------------------------
build_cmake_consumer() {
  local name="$1" cxx="$2"
  local dir="${WORK_DIR}/build-${name}"
  logged "configure-${name}.log" "$CMAKE" -S "$HERE/cmake-consumer" -B "$dir" "${GENERATOR[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ||
    fail "$name: configuring cmake-consumer with $cxx"
  grep -qx "mlflow-cpp_DIR:PATH=$LIBDIR/cmake/mlflow-cpp" "$dir/CMakeCache.txt" ||
    fail "$name: find_package found $(grep '^mlflow-cpp_DIR' "$dir/CMakeCache.txt"), not the package in $PREFIX"
  logged "build-${name}.log" "$CMAKE" --build "$dir" || fail "$name: building cmake-consumer with $cxx"
}

build_cmake_consumer cmake-clang "$CLANGXX"
if [[ "$EXPECT_PLUGIN" == 1 ]]; then
  grep -qF -- "-fplugin=$PLUGIN" "${WORK_DIR}/build-cmake-clang/compile_commands.json" ||
    fail "cmake-clang: consumer.cpp is not compiled with -fplugin=$PLUGIN"
  if grep -q "needs clang" "${WORK_DIR}/configure-cmake-clang.log"; then
    fail "cmake-clang: mlflow_cpp_trace warned with clang 19: $(cat "${WORK_DIR}/configure-cmake-clang.log")"
  fi
fi
expect_needed yes "${WORK_DIR}/build-cmake-clang/consumer" libmlflow-cpp-server
ok "cmake-clang: find_package(mlflow-cpp) + mlflow_cpp_trace built consumer with $CLANGXX"
run_consumer cmake-clang "${WORK_DIR}/build-cmake-clang/consumer"

if command -v g++ >/dev/null 2>&1; then
  build_cmake_consumer cmake-gcc g++
  if [[ "$EXPECT_PLUGIN" == 1 ]]; then
    grep -q "needs clang" "${WORK_DIR}/configure-cmake-gcc.log" ||
      fail "cmake-gcc: mlflow_cpp_trace did not warn that the plugin needs clang"
    if grep -qF -- "-fplugin" "${WORK_DIR}/build-cmake-gcc/compile_commands.json"; then
      fail "cmake-gcc: consumer.cpp is compiled with -fplugin by g++"
    fi
  fi
  # Debian's and Ubuntu's g++ link with --as-needed: mlflow-cpp::server must keep its library.
  expect_needed yes "${WORK_DIR}/build-cmake-gcc/consumer" libmlflow-cpp-server
  ok "cmake-gcc: mlflow_cpp_trace warned and built consumer with g++, without the plugin"
  run_consumer cmake-gcc "${WORK_DIR}/build-cmake-gcc/consumer"
fi

# --- 4. pkg-config consumer -----------------------------------------------------------------------
PKG_CONFIG_PATH="$(dirname "$PC_FILE")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
flags="$(pkg-config --cflags --libs mlflow-cpp)" || fail "pkg-config --cflags --libs mlflow-cpp"
expected=("-I$PREFIX/include" "-L$LIBDIR" "-Wl,-rpath,$LIBDIR" "-lmlflow-cpp" "-pthread"
          "-lmlflow-cpp-server" "-lmlflow-cpp-client")
[[ "$EXPECT_PLUGIN" == 1 ]] && expected+=("-fplugin=$PLUGIN")
for flag in "${expected[@]}"; do
  [[ " $flags " == *" $flag "* ]] || fail "pkg-config: no $flag in: $flags"
done
ok "pkg-config --cflags --libs mlflow-cpp: $flags"
mkdir -p "${WORK_DIR}/build-pkg-config"
# shellcheck disable=SC2086  # the flags are words
logged build-pkg-config.log "$CLANGXX" -std=c++17 "$HERE/consumer.cpp" $flags \
  -o "${WORK_DIR}/build-pkg-config/consumer" || fail "pkg-config: building consumer with $CLANGXX"
ok "pkg-config: built consumer with $CLANGXX"
run_consumer pkg-config env -u LD_LIBRARY_PATH "${WORK_DIR}/build-pkg-config/consumer"

# --- 6. the library split -------------------------------------------------------------------------
expect_needed not "$LIBDIR/libmlflow-cpp.so" libcurl
expect_needed yes "$LIBDIR/libmlflow-cpp-server.so" libcurl
ok "libmlflow-cpp.so does not need libcurl; libmlflow-cpp-server.so does"

# A program linked with the core alone (pkg-config mlflow-cpp-core).
core_flags="$(pkg-config --cflags --libs mlflow-cpp-core)" || fail "pkg-config --cflags --libs mlflow-cpp-core"
for flag in "-lmlflow-cpp-server" "-lmlflow-cpp-client" "-lcurl"; do
  [[ " $core_flags " != *" $flag "* ]] || fail "pkg-config mlflow-cpp-core: $flag in: $core_flags"
done
core="${WORK_DIR}/build-pkg-config/consumer-core"
# shellcheck disable=SC2086  # the flags are words
logged build-pkg-config-core.log "$CLANGXX" -std=c++17 "$HERE/consumer.cpp" $core_flags -o "$core" ||
  fail "pkg-config mlflow-cpp-core: building consumer with $CLANGXX"
expect_needed yes "$core" libmlflow-cpp.so
expect_needed not "$core" libmlflow-cpp-server
expect_needed not "$core" libcurl
ok "pkg-config mlflow-cpp-core: built consumer without libcurl or libmlflow-cpp-server: $core_flags"
run_consumer core env -u LD_LIBRARY_PATH -u MLFLOW_TRACKING_URI -u OTEL_EXPORTER_OTLP_ENDPOINT \
  -u OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "$core"
grep -q "libmlflow-cpp-server" "${WORK_DIR}/run-core.log" &&
  fail "core: a diagnostic about the server library without a server configured: $(cat "${WORK_DIR}/run-core.log")"

# The same program asked for a tracking server: one diagnostic, and the local store all the same.
# (Port 9 on localhost: nothing should answer; the core must not even try.)
run_consumer core-with-server env -u LD_LIBRARY_PATH MLFLOW_TRACKING_URI=http://127.0.0.1:9 "$core"
diagnostics="$(grep -c "is not linked with libmlflow-cpp-server" "${WORK_DIR}/run-core-with-server.log" || true)"
[[ "$diagnostics" == 1 ]] ||
  fail "core-with-server: expected one diagnostic naming libmlflow-cpp-server, got: $(cat "${WORK_DIR}/run-core-with-server.log")"
grep -q "MLFLOW_TRACKING_URI (http://127.0.0.1:9)" "${WORK_DIR}/run-core-with-server.log" ||
  fail "core-with-server: the diagnostic does not name MLFLOW_TRACKING_URI: $(cat "${WORK_DIR}/run-core-with-server.log")"
ok "core-with-server: $(head -n 1 "${WORK_DIR}/run-core-with-server.log")"

# The whole pkg-config line under -Wl,--as-needed: the server library must stay, and register.
full="${WORK_DIR}/build-pkg-config/consumer-as-needed"
# shellcheck disable=SC2086  # the flags are words
logged build-pkg-config-as-needed.log "$CLANGXX" -std=c++17 "$HERE/consumer.cpp" -Wl,--as-needed $flags \
  -o "$full" || fail "pkg-config mlflow-cpp: building consumer with -Wl,--as-needed"
expect_needed yes "$full" libmlflow-cpp-server
ok "pkg-config mlflow-cpp with -Wl,--as-needed: libmlflow-cpp-server.so is still needed"
# Its exporter, not the core's fallback, handles a tracking server: the trace it cannot deliver
# is kept for `mlflow-cpp push`, and nothing says the library is missing.
undelivered_before="$({ cat "${TRACES}/undelivered.jsonl" 2>/dev/null || true; } | wc -l)"
logged run-as-needed-server.log env -u LD_LIBRARY_PATH MLFLOW_CPP_TRACE_DIR="$TRACES" \
  MLFLOW_TRACKING_URI=http://127.0.0.1:9 MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS=200 \
  MLFLOW_HTTP_REQUEST_TIMEOUT=2 "$full" || fail "as-needed: running $full"
if grep -q "is not linked with libmlflow-cpp-server" "${WORK_DIR}/run-as-needed-server.log"; then
  fail "as-needed: the server library did not register: $(cat "${WORK_DIR}/run-as-needed-server.log")"
fi
undelivered_after="$({ cat "${TRACES}/undelivered.jsonl" 2>/dev/null || true; } | wc -l)"
((undelivered_after > undelivered_before)) ||
  fail "as-needed: the MLflow server exporter kept nothing in ${TRACES}/undelivered.jsonl: $(cat "${WORK_DIR}/run-as-needed-server.log")"
ok "as-needed: the MLflow server exporter handled MLFLOW_TRACKING_URI (trace kept for push)"

echo "$passed passed, $failed failed"
