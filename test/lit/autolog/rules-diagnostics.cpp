// A malformed rules file is an error at its line and column, one per mistake, and the
// compilation fails; a missing file is an error too.
// RUN: not %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-autolog-rules=%S/Inputs/malformed-rules.txt %rtinc -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: not %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-autolog-rules=%S/Inputs/no-such-file.txt %rtinc -fsyntax-only %s 2>&1 | FileCheck --check-prefix=MISSING %s
int main() {}
// CHECK: malformed-rules.txt:2:19: error: mlflow plugin: unknown span type 'EMBEDING' (known: LLM, CHAIN, AGENT, TOOL, CHAT_MODEL,
// CHECK: malformed-rules.txt:3:30: error: mlflow plugin: output= is 'return' or 'none', not 'maybe'
// CHECK: malformed-rules.txt:4:23: error: mlflow plugin: unknown setting 'colour' (known: type, name, inputs, output, usage)
// CHECK: malformed-rules.txt:5:30: error: mlflow plugin: usage= is one of auto, openai, anthropic, ollama, gemini, none, not 'foo'
// CHECK: malformed-rules.txt:6:1: error: mlflow plugin: the rule for 'myapp::fifth' has no type= (the span type)
// CHECK: malformed-rules.txt:7:1: error: mlflow plugin: a second rule for 'myapp::embed' (one rule per function)
// CHECK: malformed-rules.txt:8:1: error: mlflow plugin: 'not::a-name' is not a function's qualified name (as ns::Class::member)
// CHECK: 7 errors generated.
// MISSING: error: mlflow plugin: cannot read the autolog rules file '{{.*}}no-such-file.txt'
