// Corpus (issue 14): functions in inline namespaces (a library's versioned ABI namespace), called
// through the enclosing namespace or with the version spelled out. Annotated, they build without
// a new diagnostic, compute the same with and without the plugin, and are traced. Selected by
// the name filter instead (the macros off), a function in an inline namespace matches either
// spelling of its name: without the inline namespace, as Clang prints it where it is not needed
// (`^lib::parse$` selects `lib::v2::parse`), and with it (`^lib::v2::detail::` selects
// `lib::v2::detail::helper`); `::v1::` still selects the non-inline `lib::v1::parse`.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pedantic -fplugin=%plugin -DMLFLOW_CPP_DISABLE -fplugin-arg-mlflow-include='^lib::parse$' -fplugin-arg-mlflow-include='::v1::' -fplugin-arg-mlflow-include='^lib::v2::detail::' %rtinc %s %rtlib -o %t.filtered
// RUN: %t.plain > %t.plain.out
// RUN: rm -rf %t.traces %t.filtered-traces
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.filtered-traces %t.filtered > %t.filtered.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: diff %t.plain.out %t.filtered.out
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.plain.out
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
// RUN: %mlflow_cpp show --no-color %t.filtered-traces | FileCheck %s --check-prefix=FILTER
#include <mlflow/trace.h>

#include <cstdio>
#include <string>

namespace lib {
inline namespace v2 {
MLFLOW_TRACE(PARSER) int parse(const std::string& text) { return static_cast<int>(text.size()) * 2; }
namespace detail {
MLFLOW_TRACE(TOOL) int helper(int x) { return x + 1; }
}  // namespace detail
}  // namespace v2
namespace v1 {
MLFLOW_TRACE(PARSER) int parse(const std::string& text) { return static_cast<int>(text.size()); }
}  // namespace v1
inline namespace v2 {
// A class in the inline namespace, reopened: its members are traced too.
struct Reader {
  MLFLOW_TRACE(RETRIEVER) int read(int key) const { return detail::helper(key) * 10; }
};
}  // namespace v2
}  // namespace lib

int main() {
  std::printf("lib::parse %d\n", lib::parse("abc"));
  // OUT: lib::parse 6
  // CHECK: tr-{{[0-9a-f]+}}  parse  OK
  // CHECK-NEXT: parse [PARSER] OK {{[0-9.]+}} ms  in: {"text":"abc"}  out: 6
  // FILTER: tr-{{[0-9a-f]+}}  parse  OK
  // FILTER-NEXT: parse [UNKNOWN] OK {{[0-9.]+}} ms  in: {"text":"abc"}  out: 6
  std::printf("lib::v2::parse %d\n", lib::v2::parse("abcd"));
  // OUT-NEXT: lib::v2::parse 8
  // CHECK: tr-{{[0-9a-f]+}}  parse  OK
  // CHECK-NEXT: parse [PARSER] OK {{[0-9.]+}} ms  in: {"text":"abcd"}  out: 8
  // FILTER: tr-{{[0-9a-f]+}}  parse  OK
  // FILTER-NEXT: parse [UNKNOWN] OK {{[0-9.]+}} ms  in: {"text":"abcd"}  out: 8
  std::printf("lib::v1::parse %d\n", lib::v1::parse("abcd"));
  // OUT-NEXT: lib::v1::parse 4
  // CHECK: tr-{{[0-9a-f]+}}  parse  OK
  // CHECK-NEXT: parse [PARSER] OK {{[0-9.]+}} ms  in: {"text":"abcd"}  out: 4
  // FILTER: tr-{{[0-9a-f]+}}  parse  OK
  // FILTER-NEXT: parse [UNKNOWN] OK {{[0-9.]+}} ms  in: {"text":"abcd"}  out: 4
  std::printf("Reader::read %d\n", lib::Reader().read(4));
  // OUT-NEXT: Reader::read 50
  // CHECK: tr-{{[0-9a-f]+}}  read  OK
  // CHECK-NEXT: read [RETRIEVER] OK {{[0-9.]+}} ms  in: {"key":4}  out: 50
  // CHECK-NEXT: └─ helper [TOOL] OK {{[0-9.]+}} ms  in: {"x":4}  out: 5
  // CHECK-NOT: tr-
  // FILTER: tr-{{[0-9a-f]+}}  helper  OK
  // FILTER-NEXT: helper [UNKNOWN] OK {{[0-9.]+}} ms  in: {"x":4}  out: 5
  // FILTER-NOT: tr-
}
