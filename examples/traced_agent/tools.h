// tools.h: the tools the agent may call.
#pragma once

#include <string>

#include <mlflow/trace.h>

namespace agent {

// Throws std::domain_error for a negative length: the span records the error and the exception
// reaches the caller unchanged.
MLFLOW_TRACE(TOOL) long to_feet(double metres);

MLFLOW_TRACE(TOOL, "summarize_document") std::string summarize(const std::string& text, std::size_t words);

}  // namespace agent
