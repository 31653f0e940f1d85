// A translation unit with a compile error in (or before) annotated functions gets only the
// compiler's own diagnostics: the plugin rewrites nothing after the first error, adds no
// diagnostic of its own, and does not crash.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -Xclang -verify %s
// RUN: not %clangxx -std=c++17 -c -fplugin=%plugin %rtinc %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning: \
// RUN:       --implicit-check-not=mlflow-trace --implicit-check-not="mlflow plugin" \
// RUN:       --implicit-check-not="PLEASE submit"
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(TOOL) int broken(int x) {
  return x + undeclared; // expected-error {{use of undeclared identifier 'undeclared'}}
  // CHECK: broken-code.cpp:[[@LINE-1]]:14: error: use of undeclared identifier 'undeclared'
}

MLFLOW_TRACE(TOOL) std::string after(int x) {
  std::string s = "x";
  return s + nothing; // expected-error {{use of undeclared identifier 'nothing'}}
  // CHECK: broken-code.cpp:[[@LINE-1]]:14: error: use of undeclared identifier 'nothing'
}

template <class T>
MLFLOW_TRACE(TOOL) T bad_template(T x) {
  return x.missing(); // expected-error {{member reference base type 'int' is not a structure or union}}
  // CHECK: broken-code.cpp:[[@LINE-1]]:11: error: member reference base type 'int' is not a structure or union
}

MLFLOW_TRACE(TOOL) int fine(int x) { return bad_template(x); } // expected-note {{in instantiation of function template specialization 'bad_template<int>' requested here}}
// CHECK: broken-code.cpp:[[@LINE-1]]:45: note: in instantiation of function template specialization 'bad_template<int>' requested here
// CHECK: 3 errors generated.
