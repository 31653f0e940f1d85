// secrets.cpp: see secrets.h. The JSON walk that applies is_secret_name is value_limit.cpp's
// (one pass over a recorded value masks, truncates and bounds its depth).
#include "autolog/secrets.h"

#include <cstddef>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_secret_parameter(std::string_view name) noexcept {
  for (std::string_view secret : {"key", "api_key", "apikey", "api-key", "access_token", "token"})
    if (equals_ignoring_case(name, secret)) return true;
  return false;
}

}  // namespace

bool is_secret_name(std::string_view name) noexcept {
  for (std::string_view secret : {"api_key", "apikey", "api-key", "key", "authorization",
                                  "x-api-key", "password", "secret", "token"})
    if (equals_ignoring_case(name, secret)) return true;
  return false;
}

std::string mask_url(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  // user:password@ in the authority ("scheme://user:password@host/...").
  std::size_t authority = url.find("://");
  if (authority != std::string_view::npos && url.substr(0, authority).find_first_of("/?#") ==
                                                 std::string_view::npos) {
    authority += 3;
    const std::size_t end = url.find_first_of("/?#", authority);
    const std::string_view host_part = url.substr(authority, end == std::string_view::npos
                                                                 ? std::string_view::npos
                                                                 : end - authority);
    const std::size_t at = host_part.rfind('@');
    const std::size_t colon = host_part.find(':');
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      out.append(url.substr(0, authority + colon + 1));
      out.append(kMask);
      url.remove_prefix(authority + at);  // from the '@' on
    }
  }
  const std::size_t query = url.find('?');
  if (query == std::string_view::npos) {
    out.append(url);
    return out;
  }
  const std::size_t fragment = url.find('#', query);
  out.append(url.substr(0, query + 1));
  std::string_view params = url.substr(query + 1, fragment == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : fragment - query - 1);
  bool first = true;
  while (true) {
    const std::size_t amp = params.find('&');
    std::string_view param = params.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && is_secret_parameter(param.substr(0, eq))) {
      out.append(param.substr(0, eq + 1));
      out.append(kMask);
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    params.remove_prefix(amp + 1);
  }
  if (fragment != std::string_view::npos) out.append(url.substr(fragment));
  return out;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
