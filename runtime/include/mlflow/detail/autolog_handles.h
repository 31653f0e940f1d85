// mlflow/detail/autolog_handles.h: what a handle-based client set on a handle, until its request.
//
// libcurl's easy API spreads one request over calls: curl_easy_setopt(handle, CURLOPT_URL, ...),
// (..., CURLOPT_POSTFIELDS, ...), (..., CURLOPT_WRITEFUNCTION, ...), then curl_easy_perform(handle).
// libcurl has no getter for what was set, so the setopt adapter tells the runtime, and the
// perform adapter asks it. The table is keyed by the handle's address and lives in the runtime
// (one per process, whichever library set or performs). A request to a URL that is not an LLM
// route costs perform one relaxed load while no handle points at an LLM route, and one lookup
// under a lock while some do.
#ifndef MLFLOW_DETAIL_AUTOLOG_HANDLES_H
#define MLFLOW_DETAIL_AUTOLOG_HANDLES_H

#include <cstddef>
#include <string>

#include <mlflow/detail/autolog.h>
#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// The request's URL (copied, as libcurl copies it).
MLFLOW_API void handle_set_url(const void* handle, const char* url) noexcept;
// The request's body. `copy`: the client copied it (CURLOPT_COPYPOSTFIELDS), so it is copied
// now; otherwise only the pointer is kept, and read when the request is made, as the client
// reads it. `size` < 0: up to the NUL.
MLFLOW_API void handle_set_body(const void* handle, const char* body, long long size,
                                bool copy) noexcept;
// CURLOPT_POSTFIELDSIZE(_LARGE): the body's size, whichever way it was set.
MLFLOW_API void handle_set_body_size(const void* handle, long long size) noexcept;
// The client's response writer (CURLOPT_WRITEFUNCTION / CURLOPT_WRITEDATA), which the perform
// adapter passes the response through. Kept as untyped pointers.
MLFLOW_API void handle_set_writer(const void* handle, void* function) noexcept;
MLFLOW_API void handle_set_writer_data(const void* handle, void* data) noexcept;
// The handle is reset (everything set is forgotten), cleaned up, or duplicated (the copy has
// what the original had).
MLFLOW_API void handle_forget(const void* handle) noexcept;
MLFLOW_API void handle_duplicate(const void* from, const void* to) noexcept;

// What the perform adapter needs of a handle whose URL is an LLM route.
struct HandleRequest {
  Api api = Api::kNone;
  std::string url;
  std::string body;
  void* writer = nullptr;       // null: the client's default (fwrite to writer_data or stdout)
  void* writer_data = nullptr;
  bool writer_data_set = false;  // CURLOPT_WRITEDATA was set (to writer_data, maybe null)
};
// False, quickly, when the handle's URL is not an LLM route (or none was set).
MLFLOW_API bool handle_request(const void* handle, HandleRequest& request) noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_HANDLES_H
