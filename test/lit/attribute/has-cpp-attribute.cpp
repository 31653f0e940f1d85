// Loading the plugin makes __has_cpp_attribute(mlflow::trace) (what <mlflow/attributes.h> tests)
// and the other spellings true; without it they are all false.
// RUN: %clangxx -std=c++17 -E -P -fplugin=%plugin %s | FileCheck %s --check-prefix=PLUGIN
// RUN: %clangxx -std=c++17 -E -P %s | FileCheck %s --check-prefix=NOPLUGIN

int trace = __has_cpp_attribute(mlflow::trace);
// PLUGIN: int trace = 1;
// NOPLUGIN: int trace = 0;
int no_capture = __has_cpp_attribute(mlflow::no_capture);
// PLUGIN-NEXT: int no_capture = 1;
// NOPLUGIN-NEXT: int no_capture = 0;
int gnu_trace = __has_attribute(mlflow_trace);
// PLUGIN-NEXT: int gnu_trace = 1;
// NOPLUGIN-NEXT: int gnu_trace = 0;
int gnu_no_capture = __has_attribute(mlflow_no_capture);
// PLUGIN-NEXT: int gnu_no_capture = 1;
// NOPLUGIN-NEXT: int gnu_no_capture = 0;
int bogus = __has_cpp_attribute(mlflow::bogus);
// PLUGIN-NEXT: int bogus = 0;
// NOPLUGIN-NEXT: int bogus = 0;

// The price of the unscoped "trace" spelling that makes Clang 19 parse the scoped one's
// arguments (see "Known limits" in plugin/MlflowTracePlugin.cpp): Clang asks plugins about the
// name alone, so any
// scope reports true.
int other_scope = __has_cpp_attribute(other::trace);
// PLUGIN-NEXT: int other_scope = 1;
// NOPLUGIN-NEXT: int other_scope = 0;
// REQUIRES: scoped-plugin-attributes
