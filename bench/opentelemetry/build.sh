#!/usr/bin/env bash
# Builds opentelemetry-cpp (API + SDK + ostream exporter, Release) outside the repository, then
# the side-by-side benchmark against it and the existing mlflow-cpp Release benchmark build.
#
#   bench/opentelemetry/build.sh [OTEL_SRC]       (default /work/otel-src)
#
# Environment (defaults):
#   OTEL_BUILD=/work/otel-build  OTEL_INSTALL=/work/otel-install
#   BENCH_BUILD=/work/otel-bench-build  MLFLOW_BUILD=<repo>/build-bench  CXX=clang++-19 (the benchmark)
#   OTEL_CXX=c++ (opentelemetry-cpp)  JOBS=2
# opentelemetry-cpp is built once (skipped when $OTEL_INSTALL has its SDK library); delete
# $OTEL_INSTALL to rebuild. Nothing is written inside the repository. The mlflow-cpp static
# library is only read (copied into $BENCH_BUILD so the benchmark links a consistent snapshot).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
OTEL_SRC="${1:-/work/otel-src}"
OTEL_BUILD="${OTEL_BUILD:-/work/otel-build}"
OTEL_INSTALL="${OTEL_INSTALL:-/work/otel-install}"
BENCH_BUILD="${BENCH_BUILD:-/work/otel-bench-build}"
MLFLOW_BUILD="${MLFLOW_BUILD:-$repo/build-bench}"
CXX="${CXX:-clang++-19}"          # the benchmark file, as bench/CMakeLists.txt compiles span_bench
OTEL_CXX="${OTEL_CXX:-c++}"     # opentelemetry-cpp, with the compiler of the mlflow-cpp runtime library (the project default)
JOBS="${JOBS:-2}"

if [ ! -f "$OTEL_INSTALL/lib/libopentelemetry_trace.a" ] && [ ! -f "$OTEL_INSTALL/lib64/libopentelemetry_trace.a" ]; then
  echo "== opentelemetry-cpp: configuring $OTEL_SRC in $OTEL_BUILD"
  nice -n 10 cmake -S "$OTEL_SRC" -B "$OTEL_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_STANDARD=17 \
    -DCMAKE_CXX_COMPILER="$OTEL_CXX" \
    -DBUILD_TESTING=OFF -DWITH_BENCHMARK=OFF -DWITH_EXAMPLES=OFF -DWITH_FUNC_TESTS=OFF \
    -DWITH_OTLP_HTTP=OFF -DWITH_OTLP_GRPC=OFF -DWITH_OTLP_FILE=OFF -DWITH_ZIPKIN=OFF \
    -DWITH_PROMETHEUS=OFF -DWITH_ELASTICSEARCH=OFF -DWITH_OPENTRACING=OFF \
    -DOPENTELEMETRY_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$OTEL_INSTALL"
  echo "== opentelemetry-cpp: building (nice, -j$JOBS)"
  nice -n 10 cmake --build "$OTEL_BUILD" -j "$JOBS"
  nice -n 10 cmake --install "$OTEL_BUILD"
fi
otel_lib="$OTEL_INSTALL/lib"; [ -d "$otel_lib" ] || otel_lib="$OTEL_INSTALL/lib64"

mkdir -p "$BENCH_BUILD"
cp "$MLFLOW_BUILD/runtime/libmlflow_runtime_internal.a" "$BENCH_BUILD/libmlflow_runtime_internal.a"
mlflow_inc=(-I "$repo/runtime/include" -I "$repo/attributes/include")
[ -d "$MLFLOW_BUILD/runtime/include" ] && mlflow_inc+=(-I "$MLFLOW_BUILD/runtime/include")

# The opentelemetry-cpp libraries, in link order (static archives).
otel_libs=()
for l in exporter_ostream_span trace resources common version otlp_recordable; do
  [ -f "$otel_lib/libopentelemetry_$l.a" ] && otel_libs+=("$otel_lib/libopentelemetry_$l.a")
done

echo "== side_by_side: compiling with $CXX"
nice -n 10 "$CXX" -std=c++17 -O2 -DNDEBUG -Wall -Wextra \
  "${mlflow_inc[@]}" -I "$OTEL_INSTALL/include" \
  "$here/side_by_side.cpp" -o "$BENCH_BUILD/side_by_side" \
  "$BENCH_BUILD/libmlflow_runtime_internal.a" -Wl,--start-group "${otel_libs[@]}" -Wl,--end-group \
  -lbenchmark -lcurl -pthread -ldl
echo "built $BENCH_BUILD/side_by_side"
