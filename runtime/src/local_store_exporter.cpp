// local_store_exporter.cpp: see local_store_exporter.h.
#include "local_store_exporter.h"

#include <string>
#include <vector>

#include "diagnostics.h"
#include "trace_json.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

void LocalStoreExporter::export_traces(const std::vector<std::unique_ptr<CompletedTrace>>& batch,
                                       const ExportDeadline&) noexcept {  // a local write: no wait
  try {
    std::vector<std::string> lines;
    lines.reserve(batch.size());
    for (const auto& trace : batch) lines.push_back(trace_to_json_line(*trace));
    std::string error;
    if (!store_.append(lines, &error))
      warn("could not write traces to the local trace store: " + error);
  } catch (const std::exception& e) {
    warn(std::string("could not write traces to the local trace store: ") + e.what());
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE
