// Stands in for a client header that calls itself (as ollama-hpp's bundled httplib.h, or its
// ollama.hpp, do): a header named like cpp-httplib's, wrapping the real one, with an inline
// helper that posts through Client::Post.
#include_next <httplib.h>

namespace vendored {
inline httplib::Result chat(httplib::Client& client, const std::string& body) {
  // The client's own call of itself: never redirected (it is the client's code).
  return client.Post("/v1/chat/completions", body, "application/json");
}
}  // namespace vendored
