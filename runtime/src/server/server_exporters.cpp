// server_exporters.cpp: libmlflow-cpp-server announces its exporters to the core.
//
// The one file of this library the core depends on, without knowing it: a static initializer
// hands the runtime (export/server_exporters.h) the factories of the OTLP collector exporter and
// the MLflow tracking server exporter. mlflow_cpp_server_anchor is a symbol to refer to when
// nothing else of this library is: `-Wl,-u,mlflow_cpp_server_anchor` pulls this object out of a
// static archive (the in-tree mlflow_runtime_internal). (For the shared library under
// -Wl,--as-needed, -u is not enough; mlflow-cpp::server and pkg-config wrap it in
// --push-state,--no-as-needed instead: runtime/CMakeLists.txt.)
#include <memory>

#include "export/mlflow_server/mlflow_server_exporter.h"
#include "export/otlp/otlp_collector_exporter.h"
#include "export/server_exporters.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

std::unique_ptr<TraceExporter> make_otlp_collector_exporter(const Config& config) {
  return std::make_unique<OtlpCollectorExporter>(config.otlp, config.tracking.retry_timeout);
}

std::unique_ptr<TraceExporter> make_mlflow_server_exporter(const Config& config) {
  return std::make_unique<MlflowServerExporter>(config.tracking, config.trace_dir, config.otlp);
}

ServerExporters make_table() {
  ServerExporters table;
  table.otlp_collector = &make_otlp_collector_exporter;
  table.mlflow_server = &make_mlflow_server_exporter;
  return table;
}

const ServerExporters g_table = make_table();

const bool g_registered = [] {
  mlflow_cpp_register_server_exporters(&g_table);
  return true;
}();

}  // namespace
}  // namespace detail
MLFLOW_END_NAMESPACE

extern "C" MLFLOW_API int mlflow_cpp_server_anchor() noexcept {
  return mlflow::detail::g_registered ? mlflow::detail::kServerExportersVersion : 0;
}
