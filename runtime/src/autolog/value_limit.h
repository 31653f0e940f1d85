// value_limit.h: what an LLM call's recorded values may hold.
//
// Requests carry base64 images, responses long texts and embeddings; a trace is kept in memory
// until it is exported, and MLflow stores each span's attributes as one row. So, before a
// request, a response or a stream chunk is recorded (inputs, outputs, attributes, events):
//
//   * every string longer than the limit (MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES, default 65536
//     bytes; config/config.h) keeps its first bytes up to the limit, cut at a UTF-8 character
//     boundary, followed by kTruncationMarker with the original size:
//     "...[truncated, 1048576 bytes]";
//   * nesting deeper than kMaxDepth is replaced by the string "[nested too deeply]", so that no
//     recursive walk of the value (here, or the runtime's JSON writer) can exhaust the stack on a
//     hostile body.
//
// Strings are valid UTF-8 here already (json_body.h repairs bodies as they are parsed), so a cut
// at a character boundary keeps them valid.
#ifndef MLFLOW_RUNTIME_AUTOLOG_VALUE_LIMIT_H
#define MLFLOW_RUNTIME_AUTOLOG_VALUE_LIMIT_H

#include <mlflow/version.h>

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "support/json_limits.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

inline constexpr std::size_t kDefaultMaxValueBytes = 65536;
inline constexpr int kMaxDepth = 128;

// "...[truncated, N bytes]" and the cut at a UTF-8 boundary: the same functions as for the
// values traced functions capture (support/json_limits.h), one spelling of the marker.
using detail::truncate_in_place;
using detail::truncate_text;
using detail::truncation_marker;

// Truncates strings and bounds the depth of `value`, in place (see above). Secrets are masked
// later, for every span alike, before the trace leaves the process (support/secrets.h).
void make_recordable(nlohmann::json& value, std::size_t max_value_bytes);

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_VALUE_LIMIT_H
