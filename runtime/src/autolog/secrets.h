// secrets.h: keys and passwords never leave the process.
//
// An LLM call's request may carry credentials: in the URL (Gemini's ?key=, proxies' ?api_key=
// or ?access_token=, user:password@host) and, less often, in the JSON body. Autolog records no
// HTTP header at all (the adapters do not even hand them over), and masks these before anything
// is recorded: the value is replaced by kMask, the name is kept, so the trace still shows that a
// key was sent and where.
#ifndef MLFLOW_RUNTIME_AUTOLOG_SECRETS_H
#define MLFLOW_RUNTIME_AUTOLOG_SECRETS_H

#include <mlflow/version.h>

#include <string>
#include <string_view>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// What a secret's value becomes, in URLs and in JSON.
inline constexpr std::string_view kMask = "***";

// The URL with the values of its key-carrying query parameters masked (names compared without
// regard to case: key, api_key, apikey, api-key, access_token, token), and the password of its
// user information ("https://user:***@host/..."). Everything else is kept as written.
std::string mask_url(std::string_view url);

// Whether a JSON member of this name holds a secret, by name alone, without regard to case:
// api_key, apiKey, api-key, key, authorization, x-api-key, password, secret, token. (Names that
// only contain one of these, such as max_tokens or key_id, are not secrets.)
bool is_secret_name(std::string_view name) noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_SECRETS_H
