// <mlflow/attributes.h> compiles cleanly with g++ (which has no plugin: the macros expand to
// nothing) in every standard from C++11 on, warnings as errors, and so does code using it.
// RUN: %gxx -std=c++11 -fsyntax-only -Wall -Wextra -Wpedantic -Werror %rtinc %s
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Wpedantic -Werror %rtinc %s
// RUN: %gxx -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror %rtinc %s
// RUN: %gxx -std=c++17 -E -P %rtinc %s | FileCheck %s
#include <mlflow/attributes.h>
#include <mlflow/attributes.h>  // the include guard holds

#ifdef MLFLOW_CPP_PLUGIN_ACTIVE
#error "g++ cannot load the plugin"
#endif

MLFLOW_TRACE() int no_arguments();
MLFLOW_TRACE(CHAIN) int type_only();
MLFLOW_TRACE(TOOL, "search_docs", no_output) int all_arguments();
MLFLOW_TRACE(TOOL) int login(const char* user, MLFLOW_NO_CAPTURE const char* password);

// CHECK-NOT: mlflow
// CHECK: {{^ *}}int no_arguments();
// CHECK-NEXT: {{^ *}}int type_only();
// CHECK-NEXT: {{^ *}}int all_arguments();
// CHECK-NEXT: {{^ *}}int login(const char* user, const char* password);
// CHECK-NOT: mlflow
