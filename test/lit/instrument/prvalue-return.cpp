// `return T(...);` (a prvalue of the class type the function returns) is recorded without an
// extra move: the plugin builds the value in a variable that is the function's named return
// value, `{ T __mlflow_result = T(...); record_return(span, __mlflow_result); return
// __mlflow_result; }`, so it is constructed in the caller's return slot as before. The output is
// recorded, and the caller sees exactly the copies and moves it saw without the plugin: none.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -ast-print %s \
// RUN:   | FileCheck %s --check-prefix=AST
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

#include <cstdio>
#include <string>
#include <utility>

static int copies = 0, moves = 0;

struct Note {
  std::string text;
  explicit Note(std::string t) : text(std::move(t)) {}
  Note(const Note& other) : text(other.text) { ++copies; }
  Note(Note&& other) noexcept : text(std::move(other.text)) { ++moves; }
};
void to_json(nlohmann::json& j, const Note& n) { j = {{"text", n.text}}; }

Note make_note(int n) { return Note("made " + std::to_string(n)); }

MLFLOW_TRACE(TOOL) Note write(int n) {
  if (n < 0)
    return Note("negative");
  return make_note(n);
}
// AST-LABEL: Note write(int n) {
// AST:          try {
// AST-NEXT:         if (n < 0) {
// AST-NEXT:             Note __mlflow_result = Note("negative");
// AST-NEXT:             record_return(__mlflow_span, __mlflow_result);
// AST-NEXT:             return __mlflow_result;
// AST-NEXT:         }
// AST-NEXT:         {
// AST-NEXT:             Note __mlflow_result = make_note(n);
// AST-NEXT:             record_return(__mlflow_span, __mlflow_result);
// AST-NEXT:             return __mlflow_result;
// AST-NEXT:         }
// AST-NEXT:     } catch (...) {

int main() {
  Note a = write(-1);
  Note b = write(2);
  std::printf("%s / %s: copies=%d moves=%d\n", a.text.c_str(), b.text.c_str(), copies, moves);
  // OUT: negative / made 2: copies=0 moves=0{{$}}
  // CHECK: tr-{{[0-9a-f]+}}  write  OK
  // CHECK-NEXT: write [TOOL] OK {{[0-9.]+}} ms  in: {"n":-1}  out: {"text":"negative"}
  // CHECK: tr-{{[0-9a-f]+}}  write  OK
  // CHECK-NEXT: write [TOOL] OK {{[0-9.]+}} ms  in: {"n":2}  out: {"text":"made 2"}
  // CHECK-NOT: tr-
}
