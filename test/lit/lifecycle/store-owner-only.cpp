// Issue 15 (security): the local trace store is readable by its owner only. Traces hold the
// program's arguments and results; the store's file is created 0600 and a directory the store
// creates for it 0700, whatever the umask (other users of the machine cannot read them).
// RUN: %clangxx -std=c++17 -fplugin=%plugin %rtinc %s %rtlib -o %t
// RUN: rm -rf %t.dir && sh -c 'umask 022 && MLFLOW_CPP_TRACE_DIR=%t.dir/traces %t'
// RUN: stat -c '%%a %%n' %t.dir/traces %t.dir/traces/traces.jsonl | FileCheck %s
// CHECK: 700 {{.*}}/traces{{$}}
// CHECK-NEXT: 600 {{.*}}/traces/traces.jsonl
#include <mlflow/trace.h>

MLFLOW_TRACE(TOOL) int answer(int x) { return x + 41; }

int main() { return answer(1) == 42 ? 0 : 1; }
