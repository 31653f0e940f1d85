// consumer.cpp: a program that uses an installed mlflow-cpp the way a downstream project does
// (test/install/run.sh builds it through find_package and through pkg-config). One trace, named
// "consumer", goes to the local trace store ($MLFLOW_CPP_TRACE_DIR/traces.jsonl) at exit.
#include <mlflow/trace.h>
#include <mlflow/capture.h>  // JSON values for spans (nlohmann/json)

int main() {
  auto s = mlflow::start_span("consumer", mlflow::SpanType::CHAIN);
  s.set_inputs({{"x", 1}});
  return 0;
}
