// The runtime's headers need C++17. A name filter (or an autolog rules file) in a C++11 or C++14
// file used to bring them in anyway, and the file stopped compiling (doctest's C++11 suite: all
// 70 test files; test/robustness/NOTES.md, problem G). Now, as autolog does, the plugin adds
// nothing below C++17 and says so in one remark: the file compiles as without the plugin (no new
// warning, nothing of mlflow-cpp in the object) and computes the same.
// RUN: %clangxx -std=c++11 -Wall -Wextra -Werror -pedantic -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc -c %s -o %t11.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -std=c++14 -Wall -Wextra -Werror -pedantic -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc -c %s -o %t14.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: llvm-nm -C %t11.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: llvm-nm -C %t14.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: %clangxx %t14.o -o %t && %t | FileCheck %s --check-prefix=OUT
// REMARK: remark: mlflow plugin: nothing in this file is traced by name (include=, autolog-rules=): that needs C++17 or later
// REMARK-NOT: warning
// SYMBOLS-NOT: mlflow
// SYMBOLS: app::twice
// SYMBOLS-NOT: mlflow
// OUT: twice(21) = 42
#include <cstdio>

namespace app {
int twice(int x) { return 2 * x; }
}  // namespace app

int main() { std::printf("twice(21) = %d\n", app::twice(21)); }
