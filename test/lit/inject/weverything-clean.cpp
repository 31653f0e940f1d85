// The runtime headers the plugin adds for a name filter (prelude.h ahead of the file,
// function_span.h after it) are compiled with warnings off: a file built with -Weverything
// -Werror (GSL's and doctest's own test builds) gets no warning from headers it never included
// (test/robustness/NOTES.md, problem E: -Wpadded, -Wunsafe-buffer-usage,
// -Wreserved-identifier). The file's own code keeps every warning it asked for.
// RUN: %clangxx -std=c++20 -Weverything -Wno-c++98-compat -Wno-c++98-compat-pedantic -Werror -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc -c %s -o %t.o
// RUN: not %clangxx -std=c++20 -Weverything -Wno-c++98-compat -Wno-c++98-compat-pedantic -Werror -DUNUSED -fplugin=%plugin -fplugin-arg-mlflow-include='^app::' %rtinc -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s
// CHECK: weverything-clean.cpp:[[@LINE+9]]:7: error: unused variable 'unused' [-Werror,-Wunused-variable]
// CHECK-NOT: mlflow/
namespace app {
struct Config {
  int width;
  int scale;
};
static int area(const Config& c, int height) {
#ifdef UNUSED
  int unused = 0;
#endif
  return c.width * c.scale * height;
}
}  // namespace app

int main() { return app::area(app::Config{2, 3}, 3) == 18 ? 0 : 1; }
