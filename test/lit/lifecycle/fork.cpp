// fork() with and without exec: the parent and both children trace, every trace reaches the
// store once, and no two share an id. (Before the fix the child of a fork drew the parent's next
// ids: the per-thread id generator was copied with the process and never reseeded.)
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.traces && env MLFLOW_CPP_TRACE_DIR=%t.traces %t | FileCheck %s --check-prefix=OUT
// RUN: %mlflow_cpp show --no-color %t.traces > %t.shown
// RUN: FileCheck %s --input-file=%t.shown
// RUN: grep -o 'tr-[0-9a-f]*' %t.shown | sort -u | count 4
// RUN: grep -o 'tr-[0-9a-f]*' %t.shown | sort | uniq -d | count 0
#include <mlflow/trace.h>

#include <cstdio>
#include <cstdlib>

#include <sys/wait.h>
#include <unistd.h>

MLFLOW_TRACE(TASK) int work(int who) { return who * 10; }

int main(int argc, char** argv) {
  if (argc > 1) return work(3) == 30 ? 0 : 1;  // the child that exec'd
  work(0);
  pid_t child = fork();
  if (child == 0) {
    work(1);
    std::exit(0);  // a child without exec flushes at its own exit
  }
  int status = 0;
  waitpid(child, &status, 0);
  pid_t execed = fork();
  if (execed == 0) {
    execl(argv[0], argv[0], "child", static_cast<char*>(nullptr));
    _exit(127);
  }
  int exec_status = 0;
  waitpid(execed, &exec_status, 0);
  work(2);
  std::printf("children %d %d\n", WEXITSTATUS(status), WEXITSTATUS(exec_status));
  // OUT: children 0 0
}
// CHECK-DAG: work [TASK] OK {{.*}} in: {"who":0}  out: 0
// CHECK-DAG: work [TASK] OK {{.*}} in: {"who":1}  out: 10
// CHECK-DAG: work [TASK] OK {{.*}} in: {"who":2}  out: 20
// CHECK-DAG: work [TASK] OK {{.*}} in: {"who":3}  out: 30
