// The plugin loads with -fplugin alone, and -fplugin-arg-mlflow-help prints its usage on stderr
// while the compilation goes on.
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-help %s 2>&1 \
// RUN:   | FileCheck %s
// CHECK: mlflow-cpp Clang plugin
// CHECK: Usage: clang++ -fplugin=<path>/mlflow-plugin.so [-fplugin-arg-mlflow-<arg>]...
// CHECK: help
// CHECK-NOT: error:

[[mlflow::trace(CHAIN)]] int compiled_as_usual();
// REQUIRES: scoped-plugin-attributes
