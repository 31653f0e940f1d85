// A file whose traced functions capture only booleans, numbers and strings gets the captures of
// those types after its last line (<mlflow/detail/library_capture.h>, the standard library
// only), not nlohmann/json: parsing nlohmann/json is most of what tracing adds to the compile
// time of such a file. Any other captured type, a traced template (its instantiations come after
// the tail), a name filter, or nlohmann/json included by the file itself brings the captures of
// any type (<mlflow/detail/function_span.h>). The values are recorded the same either way.
// Traced lambdas: light-captures-lambdas.cpp.
//
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -H %s 2>&1 | FileCheck %s --check-prefix=LIGHT
// The last function of the file captures an enum: it is instrumented before the tail is read.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DENUM_LAST -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DSTRUCT -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DVECTOR -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DTEMPLATE -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DMEMBER_OF_TEMPLATE -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DWITH_JSON -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^plain$ %rtinc -H %s 2>&1 | FileCheck %s --check-prefix=ANY
// A `const char*` in a function a name filter selects is an address, captured as any type.
//
// Built and run, light and with every other kind: the values as recorded.
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t.light
// RUN: rm -rf %t.light.traces && env MLFLOW_CPP_TRACE_DIR=%t.light.traces %t.light
// RUN: %mlflow_cpp show --json %t.light.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" | FileCheck %s --check-prefix=VALUES
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc -DENUM_LAST -DSTRUCT -DVECTOR -DTEMPLATE -DMEMBER_OF_TEMPLATE %s %rtlib -o %t.any
// RUN: rm -rf %t.any.traces && env MLFLOW_CPP_TRACE_DIR=%t.any.traces %t.any
// RUN: %mlflow_cpp show --json %t.any.traces | python3 -c "import json, sys; \
// RUN:   [print(s['name'], s['attributes']['mlflow.spanInputs'], s['attributes']['mlflow.spanOutputs']) \
// RUN:    for line in sys.stdin for s in json.loads(line)['data']['spans']]" | FileCheck %s --check-prefixes=VALUES,ANYVALUES

// LIGHT-NOT: nlohmann/json.hpp
// LIGHT-NOT: function_span.h
// LIGHT: . {{.*}}mlflow/detail/library_capture.h
// LIGHT-NOT: nlohmann/json.hpp
// LIGHT-NOT: function_span.h

// ANY: . {{.*}}mlflow/detail/function_span.h

#ifdef WITH_JSON
#include <nlohmann/json.hpp>
#endif
#include <mlflow/trace.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

int plain(const char* text) { return text != nullptr; }

MLFLOW_TRACE(TOOL) long numbers(int i, unsigned u, long long l, double d, float f, bool b) {
  return i + static_cast<long>(u) + l + static_cast<long>(d) + static_cast<long>(f) + b;
}
MLFLOW_TRACE(CHAIN) std::string strings(const std::string& s, std::string_view v, const char* c) {
  return s + std::string(v) + c;
}
// The library's own containers, exactly (std::vector of strings and numbers, std::map from
// strings): light too. Others (std::vector<long>, a std::pmr::vector) are any type.
MLFLOW_TRACE(RETRIEVER)
std::map<std::string, int> containers(const std::vector<std::string>& names,
                                      const std::vector<double>& scores) {
  return {{names.at(0), static_cast<int>(scores.at(0))}};
}

#ifdef STRUCT
struct Point {
  int x, y;
};
MLFLOW_TRACE(TOOL) int point(Point p) { return p.x + p.y; }
#endif
#ifdef VECTOR
MLFLOW_TRACE(TOOL) std::vector<long> twice(std::vector<long> v) { return {v[0] * 2}; }
#endif
#ifdef TEMPLATE
template <class T>
MLFLOW_TRACE(TOOL) T same(T value) { return value; }
#endif
#ifdef MEMBER_OF_TEMPLATE
template <class T>
struct Box {
  MLFLOW_TRACE(TOOL) T get(T value) { return value; }
};
#endif

int main() {
  int sum = plain("x") + static_cast<int>(numbers(1, 2, 3, 4.5, 5.5f, true)) +
            static_cast<int>(strings("a", "b", "c").size()) +
            containers({"k", "j"}, {2.5}).at("k");
#ifdef STRUCT
  sum += point({1, 2});
#endif
#ifdef VECTOR
  sum += twice({21})[0];
#endif
#ifdef TEMPLATE
  sum += same(std::vector<int>{7}).front();
#endif
#ifdef MEMBER_OF_TEMPLATE
  sum += Box<std::vector<int>>{}.get({8}).front();
#endif
  return sum > 0 ? 0 : 1;
}

#ifdef ENUM_LAST
enum class Color { kRed, kBlue };
MLFLOW_TRACE(TOOL) int color(Color c) { return static_cast<int>(c); }
#endif

// VALUES-DAG: numbers {"i": 1, "u": 2, "l": 3, "d": 4.5, "f": 5.5, "b": true} 16
// VALUES-DAG: strings {"s": "a", "v": "b", "c": "c"} "abc"
// VALUES-DAG: containers {"names": ["k", "j"], "scores": [2.5]} {"k": 2}
// ANYVALUES-DAG: point {"p": "<Point>"} 3
// ANYVALUES-DAG: twice {"v": [21]} [42]
// ANYVALUES-DAG: same<std::vector<int>> {"value": [7]} [7]
// ANYVALUES-DAG: get {"value": [8]} [8]
