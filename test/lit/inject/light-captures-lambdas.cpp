// Traced lambdas and the captures the plugin's tail brings (inject/light-captures.cpp): a
// lambda in a template and a generic lambda are instrumented at the end of the file, after the
// tail, so they bring the captures of any type; a plain lambda of numbers does not.
// REQUIRES: scoped-plugin-attributes, std-c++23
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fsyntax-only -fplugin=%plugin %rtinc -H %s 2>&1 | FileCheck %s --check-prefix=LIGHT
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fsyntax-only -fplugin=%plugin %rtinc -DLAMBDA_IN_TEMPLATE -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fsyntax-only -fplugin=%plugin %rtinc -DGENERIC_LAMBDA -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc -DLAMBDA_IN_TEMPLATE -DGENERIC_LAMBDA %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --json %t.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" | FileCheck %s --check-prefix=VALUES

// LIGHT-NOT: function_span.h
// LIGHT: . {{.*}}mlflow/detail/library_capture.h
// LIGHT-NOT: function_span.h
// ANY: . {{.*}}mlflow/detail/function_span.h

#include <mlflow/trace.h>

#include <vector>

#ifdef LAMBDA_IN_TEMPLATE
template <class T>
int lambda_in(T v) {
  auto size = [] MLFLOW_TRACE(TOOL) (T x) { return static_cast<int>(x.size()); };
  return size(v);
}
#endif

int main() {
  auto add = [] MLFLOW_TRACE(TOOL) (int a, int b) { return a + b; };
  int sum = add(1, 2);
#ifdef LAMBDA_IN_TEMPLATE
  sum += lambda_in(std::vector<int>{1, 2});
#endif
#ifdef GENERIC_LAMBDA
  auto first = [] MLFLOW_TRACE(TOOL) (auto v) { return v.front(); };
  sum += first(std::vector<int>{9});
#endif
  return sum > 0 ? 0 : 1;
}

// VALUES-DAG: lambda@{{.*}} {"a": 1, "b": 2} 3
// VALUES-DAG: lambda@{{.*}} {"x": [1, 2]} 2
// VALUES-DAG: lambda@{{.*}} {"v": [9]} 9
