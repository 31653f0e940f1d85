// server_exporters.h: how the core learns about the exporters that live in libmlflow-cpp-server
// (the OTLP collector exporter and the MLflow tracking server exporter), without including them.
//
// libmlflow-cpp (this library) must not link libcurl, so the exporters that talk HTTP are in
// another library, which the core never names. That library announces them from a static
// initializer (server/server_exporters.cpp) by calling mlflow_cpp_register_server_exporters
// with a table of factories; the runtime reads the table when it builds its exporters from the
// configuration (runtime.cpp). A program linked without libmlflow-cpp-server has no table: a
// configuration that asks for a server then gets one diagnostic and the local store instead.
//
// Shared libraries run their static initializers before the program's (libmlflow-cpp first, as
// libmlflow-cpp-server depends on it), and the runtime is built at the first span, so the table
// is there for every span started from main() or from the program's own static initializers.
// (A span started from the static initializer of another shared library that is initialized
// before libmlflow-cpp-server would build the runtime without it.)
//
// The two libraries are built from the same sources: `version` and `size` only guard against
// a pair from different builds, which is refused (with a diagnostic) rather than trusted.
#ifndef MLFLOW_RUNTIME_SERVER_EXPORTERS_H
#define MLFLOW_RUNTIME_SERVER_EXPORTERS_H

#include <mlflow/version.h>

#include <cstddef>
#include <memory>

#include "config/config.h"
#include "export/exporter.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// Bump when ServerExporters or what its factories are given changes.
inline constexpr int kServerExportersVersion = 1;

struct ServerExporters {
  int version = kServerExportersVersion;
  std::size_t size = sizeof(ServerExporters);
  // The OTLP collector exporter for config.otlp (config.otlp.enabled()).
  std::unique_ptr<TraceExporter> (*otlp_collector)(const Config& config) = nullptr;
  // The MLflow tracking server exporter for config.tracking (config.tracking.is_http()).
  std::unique_ptr<TraceExporter> (*mlflow_server)(const Config& config) = nullptr;
};

// The table libmlflow-cpp-server registered, or nullptr when it is not loaded.
const ServerExporters* registered_server_exporters() noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

// Called by libmlflow-cpp-server's static initializer; exported from libmlflow-cpp (an unmangled
// name: the only symbol the two libraries share besides the public API). `exporters` must stay
// valid for the life of the process. A table from another build is refused with a diagnostic.
extern "C" MLFLOW_API void mlflow_cpp_register_server_exporters(
    const mlflow::detail::ServerExporters* exporters) noexcept;

#endif  // MLFLOW_RUNTIME_SERVER_EXPORTERS_H
