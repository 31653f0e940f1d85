// A file in which the plugin traces nothing gets nothing from it: no runtime header, no
// nlohmann/json (the tail after the last line is switched on only by an annotation or a name
// filter). A file with an annotation gets the captures' definitions after its last line: of
// an int, those of booleans, numbers and strings (no nlohmann/json, inject/light-captures.cpp);
// with a name filter, those of any type.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -H %s 2>&1 | FileCheck %s --allow-empty --check-prefix=NOTHING
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %rtinc -DANNOTATED -H %s 2>&1 | FileCheck %s --check-prefix=ANNOTATED
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^f$ %rtinc -H %s 2>&1 | FileCheck %s --check-prefix=FILTER
// The preprocessed file is the same with and without the plugin (-E parses nothing: the plugin
// adds nothing there).
// RUN: %clangxx -std=c++17 -E %rtinc %s -o %t.plain.ii
// RUN: %clangxx -std=c++17 -E -fplugin=%plugin -fplugin-arg-mlflow-include=^f$ %rtinc %s -o %t.plugin.ii
// RUN: diff %t.plain.ii %t.plugin.ii
#ifdef ANNOTATED
#include <mlflow/trace.h>
MLFLOW_TRACE(TOOL)
#endif
int f(int x) { return x + 1; }
// NOTHING-NOT: mlflow
// NOTHING-NOT: nlohmann
// ANNOTATED: . {{.*}}mlflow/trace.h
// ANNOTATED-NOT: nlohmann/json.hpp
// ANNOTATED: . {{.*}}mlflow/detail/library_capture.h
// ANNOTATED-NOT: nlohmann/json.hpp
// (-H does not list the prelude, which comes through the predefines.)
// FILTER-NOT: nlohmann/json.hpp
// FILTER: . {{.*}}mlflow/detail/function_span.h
// FILTER: nlohmann/json.hpp
