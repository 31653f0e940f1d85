// A function whose named local is returned (named return value optimization) still returns that
// value, and records it as the output. `return local;` is recorded just before the unchanged
// return, so NRVO and the implicit move stay as the compiler chose them (docs/annotating.md): no
// copy, and no move where NRVO elides it, one where it does not (two candidates).
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <utility>
#include <vector>

static int copies = 0, moves = 0;

struct Batch {
  std::vector<int> items;
  Batch() = default;
  Batch(const Batch& other) : items(other.items) { ++copies; }
  Batch(Batch&& other) noexcept : items(std::move(other.items)) { ++moves; }
};
void to_json(nlohmann::json& j, const Batch& b) { j = {{"items", b.items}}; }

MLFLOW_TRACE(TOOL) Batch build(int n) {
  Batch result;
  for (int i = 0; i < n; ++i)
    result.items.push_back(i * i);
  return result;
}

// Two named candidates: no NRVO even without the plugin.
MLFLOW_TRACE(TOOL) Batch pick(bool first) {
  Batch a, b;
  a.items = {1};
  b.items = {2, 2};
  if (first)
    return a;
  return b;
}

int main() {
  Batch built = build(4);
  std::printf("build: items=%zu last=%d copies=%d moves=%d\n", built.items.size(),
              built.items.back(), copies, moves);
  // OUT: build: items=4 last=9 copies=0 moves=0{{$}}
  // CHECK: tr-{{[0-9a-f]+}}  build  OK
  // CHECK-NEXT: build [TOOL] OK {{[0-9.]+}} ms  in: {"n":4}  out: {"items":[0,1,4,9]}
  copies = moves = 0;
  Batch picked = pick(false);
  std::printf("pick: items=%zu copies=%d moves=%d\n", picked.items.size(), copies, moves);
  // OUT: pick: items=2 copies=0 moves=1{{$}}
  // CHECK: tr-{{[0-9a-f]+}}  pick  OK
  // CHECK-NEXT: pick [TOOL] OK {{[0-9.]+}} ms  in: {"first":false}  out: {"items":[2,2]}
  // CHECK-NOT: tr-
}
