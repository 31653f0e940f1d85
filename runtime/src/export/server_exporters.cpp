// server_exporters.cpp: see server_exporters.h.
#include "export/server_exporters.h"

#include <atomic>
#include <string>

#include "support/diagnostics.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Constant-initialized, so a registration from another library's static initializer can never
// run before it is ready.
std::atomic<const ServerExporters*> g_server_exporters{nullptr};

}  // namespace

const ServerExporters* registered_server_exporters() noexcept {
  return g_server_exporters.load(std::memory_order_acquire);
}

}  // namespace detail
MLFLOW_END_NAMESPACE

extern "C" void mlflow_cpp_register_server_exporters(
    const mlflow::detail::ServerExporters* exporters) noexcept {
  using namespace mlflow::detail;
  if (exporters != nullptr &&
      (exporters->version != kServerExportersVersion || exporters->size != sizeof(ServerExporters))) {
    try {
      warn("libmlflow-cpp-server comes from another build than libmlflow-cpp (exporter table "
           "version " + std::to_string(exporters->version) + ", expected " +
           std::to_string(kServerExportersVersion) + "): its exporters are not used; install "
           "both libraries from the same build");
    } catch (...) {
    }
    return;
  }
  g_server_exporters.store(exporters, std::memory_order_release);
}
