// An include= or exclude= that is not a valid regular expression is an error of the plugin
// argument, naming it; the compilation fails.
// RUN: not %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include='app::(' %rtinc %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INCLUDE --implicit-check-not=error:
// RUN: not %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -fplugin-arg-mlflow-include=^app:: \
// RUN:   -fplugin-arg-mlflow-exclude='[z-a]' %rtinc %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXCLUDE --implicit-check-not=error:
// INCLUDE: error: mlflow plugin: invalid regular expression ({{.+}}) in 'include=app::('
// EXCLUDE: error: mlflow plugin: invalid regular expression ({{.+}}) in 'exclude=[z-a]'

namespace app {
int f() { return 0; }
}  // namespace app
