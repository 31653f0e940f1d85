// base64.h: standard base64 (RFC 4648, with padding), as MLflow writes ids in Span.to_dict and
// as HTTP Basic authentication wants the credentials.
#ifndef MLFLOW_RUNTIME_BASE64_H
#define MLFLOW_RUNTIME_BASE64_H

#include <mlflow/version.h>

#include <optional>
#include <string>
#include <string_view>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

std::string base64_encode(std::string_view bytes);

// The bytes, or nothing when `text` is not padded standard base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_BASE64_H
