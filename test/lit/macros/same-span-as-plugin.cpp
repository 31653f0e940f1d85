// The macros record the span the plugin records: the same functions, traced once with
// MLFLOW_TRACE and the plugin and once with MLFLOW_TRACE_BODY / MLFLOW_TRACE_FUNCTION and no
// plugin, give the same spans (names, types, inputs, outputs, status, events, log level and code
// attributes; everything but ids, times, stack traces and line numbers).
// RUN: %clangxx -std=c++17 -fplugin=%plugin -DWITH_PLUGIN %rtinc %s %rtlib -o %t.plugin
// RUN: %clangxx -std=c++17 %rtinc %s %rtlib -o %t.macros
// RUN: rm -rf %t.plugin.traces %t.macros.traces
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.plugin.traces %t.plugin
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.macros.traces %t.macros
// RUN: python3 %S/Inputs/span_shape.py %t.plugin.traces > %t.plugin.shape
// RUN: python3 %S/Inputs/span_shape.py %t.macros.traces > %t.macros.shape
// RUN: diff %t.plugin.shape %t.macros.shape
// RUN: FileCheck %s < %t.macros.shape
#include <mlflow/trace.h>
#include <mlflow/trace_function.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef WITH_PLUGIN
#define ANNOTATION(...) MLFLOW_TRACE(__VA_ARGS__)
#define BODY(...)
#define NAMED_BODY(...)
#else
#define ANNOTATION(...)
#define BODY(...) MLFLOW_TRACE_BODY(__VA_ARGS__)
#define NAMED_BODY(...) MLFLOW_TRACE_NAMED_BODY(__VA_ARGS__)
#endif

namespace app {

ANNOTATION(TOOL) long to_feet(double metres) {
  BODY(TOOL, metres) {
    if (metres < 0) throw std::domain_error("negative length");
    return std::lround(metres * 3.28084);
  };
}

struct Index {
  ANNOTATION(RETRIEVER, "lookup_docs")
  std::map<std::string, double> lookup(const std::vector<std::string>& words, int k) const {
    NAMED_BODY("lookup_docs", RETRIEVER, words, k) {
      std::map<std::string, double> scores;
      for (const auto& w : words) scores[w] = k * 0.5;
      return scores;
    };
  }
};

ANNOTATION(CHAIN) void note(const std::string& text) {
  BODY(CHAIN, text) { (void)text; };
}

ANNOTATION(AGENT) std::string answer(const std::string& question) {
  BODY(AGENT, question) {
    long feet = to_feet(330.0);
    try {
      to_feet(-1.0);
    } catch (const std::domain_error&) {
    }
    Index().lookup({"tower", "height"}, 3);
    note("done");
    return question + ": " + std::to_string(feet) + " ft";
  };
}

}  // namespace app

int main() { return app::answer("How tall?").empty() ? 1 : 0; }
// CHECK: answer {"code.file.path": "\"{{.*}}same-span-as-plugin.cpp\"", "code.function.name": "\"app::answer\"", "mlflow.spanFunctionName": "\"answer\"", "mlflow.spanInputs": "{\"question\": \"How tall?\"}", "mlflow.spanLogLevel": "20", "mlflow.spanOutputs": "\"How tall?: 1083 ft\"", "mlflow.spanType": "\"AGENT\""} STATUS_CODE_OK  []
// CHECK-NEXT:   to_feet {{.*}} STATUS_CODE_OK  []
// CHECK-NEXT:   to_feet {{.*}} STATUS_CODE_ERROR std::domain_error: negative length {{\[\[}}"exception", {"exception.message": "negative length", "exception.type": "std::domain_error"}{{\]\]}}
// CHECK-NEXT:   lookup_docs {{.*}}"mlflow.spanFunctionName": "\"lookup\"", "mlflow.spanInputs": "{\"words\": [\"tower\", \"height\"], \"k\": 3}"{{.*}}
// CHECK-NEXT:   note {{.*}} STATUS_CODE_OK  []
