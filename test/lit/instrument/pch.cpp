// A precompiled header built with the plugin already holds the instrumented inline functions; a
// translation unit using it (also built with the plugin) does not instrument them a second time:
// one span per call, one __mlflow_span per body. Templates from the PCH are instrumented when the
// TU instantiates them, once. (%sanflags: a PCH and its users must agree on -fsanitize, which
// %rtlib adds in a sanitizer build.)
// RUN: %clangxx -std=c++17 %sanflags -fplugin=%plugin %rtinc -x c++-header %S/Inputs/pch-lib.h -o %t.pch
// RUN: %clangxx -std=c++17 %sanflags -fsyntax-only -fplugin=%plugin %rtinc -include-pch %t.pch -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc -include-pch %t.pch %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s

// AST-LABEL: inline std::string label(int n) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"label", "TOOL", "label", "label", "{{.*}}pch-lib.h", 6U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "n", n);
// AST-NEXT:     }
// AST-NEXT:     try {
// AST-NEXT:         {
// AST-NEXT:             std::string __mlflow_result = "#" + std::to_string(n);
// AST-NEXT:             record_return(__mlflow_span, __mlflow_result);
// AST-NEXT:             return __mlflow_result;
// AST-NEXT:         }
// AST-NOT:      __mlflow_span(
// AST-LABEL: int get(int k) const {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"get", "MEMORY", "get", "Store::get", "{{.*}}pch-lib.h", 10U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "k", k);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         return record_return(__mlflow_span, this->base + k);
// AST-NOT:      __mlflow_span(
// AST-LABEL: template<> int scaled<int>(int x) {
// AST-NEXT:     static constexpr mlflow::detail::FunctionSite __mlflow_site = {"scaled<int>", "TOOL", "scaled<int>", "scaled<int>", "{{.*}}pch-lib.h", 14U, true, nullptr};
// AST-NEXT:     mlflow::detail::FunctionSpan __mlflow_span(__mlflow_site);
// AST-NEXT:     if (recording(__mlflow_span)) {
// AST-NEXT:         record_arg(__mlflow_span, "x", x);
// AST-NEXT:     }
// AST-NEXT:     {
// AST-NEXT:         return record_return(__mlflow_span, x * 3);

int main() {
  label(3);
  // CHECK: tr-{{[0-9a-f]+}}  label  OK
  // CHECK-NEXT: label [TOOL] OK {{[0-9.]+}} ms  in: {"n":3}  out: "#3"{{$}}
  // CHECK-EMPTY:
  Store().get(1);
  // CHECK-NEXT: tr-{{[0-9a-f]+}}  get  OK
  // CHECK-NEXT: get [MEMORY] OK {{[0-9.]+}} ms  in: {"k":1}  out: 101{{$}}
  // CHECK-EMPTY:
  scaled(2);
  // CHECK-NEXT: tr-{{[0-9a-f]+}}  scaled<int>  OK
  // CHECK-NEXT: scaled<int> [TOOL] OK {{[0-9.]+}} ms  in: {"x":2}  out: 6{{$}}
  // CHECK-EMPTY:
  // CHECK-NOT: {{.}}
}
// REQUIRES: ast-print-attributes-as-written
