// mlflow/detail/autolog/libcurl.h: the libcurl adapter (plugin/autolog/Libcurl.h).
//
// curl_easy_setopt: made first; when it succeeded, the URL, body, body size and response
//   writer it set are remembered for the handle (<mlflow/detail/autolog_handles.h>).
// curl_easy_perform: when the handle's URL is an LLM route (and libcurl autolog is on), the
//   span starts, the response goes through a writer that hands each piece to the runtime and
//   then to the program's own writer (or to libcurl's default, fwrite to CURLOPT_WRITEDATA or
//   stdout) with the same bytes, in time, and returns what that writer returned; afterwards the
//   program's writer is set back, and the span ends with the HTTP status or libcurl's error.
//   Every other request is made as written.
// curl_easy_reset / curl_easy_cleanup / curl_easy_duphandle: the handle's memory follows.
#ifndef MLFLOW_DETAIL_AUTOLOG_LIBCURL_H
#define MLFLOW_DETAIL_AUTOLOG_LIBCURL_H

// The client's header is not included here: the plugin's tail includes this header only after
// the user's file included the client's (under whatever path it did).
#include <cstdio>
#include <string_view>
#include <type_traits>

#include <mlflow/detail/autolog/redirect.h>
#include <mlflow/detail/autolog_handles.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace libcurl {

// The value of a curl_easy_setopt call the adapter remembers.
template <class V>
inline void remember(CURL* handle, CURLoption option, V value) noexcept {
  if constexpr (std::is_pointer_v<V> &&
                std::is_function_v<std::remove_pointer_t<V>>) {
    if (option == CURLOPT_WRITEFUNCTION)
      handle_set_writer(handle, reinterpret_cast<void*>(value));
  } else if constexpr (std::is_pointer_v<V>) {
    // Object pointers, whatever their type (char*, std::FILE*, the user's struct*).
    const void* pointer = static_cast<const void*>(value);
    switch (option) {
      case CURLOPT_URL:
        handle_set_url(handle, static_cast<const char*>(pointer));
        break;
      case CURLOPT_POSTFIELDS:
        handle_set_body(handle, static_cast<const char*>(pointer), -1, false);
        break;
      case CURLOPT_COPYPOSTFIELDS:
        handle_set_body(handle, static_cast<const char*>(pointer), -1, true);
        break;
      case CURLOPT_WRITEDATA:
        handle_set_writer_data(handle, const_cast<void*>(pointer));
        break;
      default:
        break;
    }
  } else if constexpr (std::is_integral_v<V>) {
    if (option == CURLOPT_POSTFIELDSIZE || option == CURLOPT_POSTFIELDSIZE_LARGE)
      handle_set_body_size(handle, static_cast<long long>(value));
  } else if constexpr (std::is_null_pointer_v<V>) {
    if (option == CURLOPT_URL) handle_set_url(handle, nullptr);
    if (option == CURLOPT_POSTFIELDS || option == CURLOPT_COPYPOSTFIELDS)
      handle_set_body(handle, nullptr, -1, false);
    if (option == CURLOPT_WRITEFUNCTION) handle_set_writer(handle, nullptr);
    if (option == CURLOPT_WRITEDATA) handle_set_writer_data(handle, nullptr);
  }
}

// The writer installed for one traced request.
struct Tee {
  curl_write_callback writer;  // the program's, or null for libcurl's default
  void* data;
  bool data_set;
  LlmCall* call;
  bool cancelled = false;

  // libcurl calls a writer through curl_write_callback whatever its declared type (a common
  // one takes a std::string* for the void*); this call does the same, which Clang's
  // -fsanitize=function would report although libcurl's own call is not checked.
#if defined(__clang__)
  __attribute__((no_sanitize("function")))
#endif
  static size_t write(char* bytes, size_t size, size_t count, void* self_pointer) {
    Tee& self = *static_cast<Tee*>(self_pointer);
    size_t taken;
    if (self.writer != nullptr) {
      taken = self.writer(bytes, size, count, self.data_set ? self.data : nullptr);
    } else {
      // libcurl's default writer: fwrite to CURLOPT_WRITEDATA, stdout when it was not set.
      std::FILE* out = self.data_set ? static_cast<std::FILE*>(self.data) : stdout;
      taken = std::fwrite(bytes, size, count, out);
    }
    if (taken == size * count)
      response_bytes(self.call, std::string_view(bytes, taken));
    else if (taken != CURL_WRITEFUNC_PAUSE)
      self.cancelled = true;  // the program stopped the transfer
    return taken;
  }
};

}  // namespace libcurl

template <>
struct Adapter<tags::libcurl_setopt> {
  template <class R, class Fn, Fn F, class... V>
  static R call(CURL* handle, CURLoption option, V... value) {
    R result = plain_call<R, Fn, F>(handle, option, value...);
    if (result == CURLE_OK) (libcurl::remember(handle, option, value), ...);
    return result;
  }
};

template <>
struct Adapter<tags::libcurl_perform> {
  template <class R, class Fn, Fn F>
  static R call(CURL* handle) {
    HandleRequest request;
    if (!enabled(Integration::kLibcurl) || !handle_request(handle, request))
      return plain_call<R, Fn, F>(handle);
    LlmCallGuard call(begin(Integration::kLibcurl, request.api, request.url, request.body));
    if (call.get() == nullptr) return plain_call<R, Fn, F>(handle);
    libcurl::Tee tee{reinterpret_cast<curl_write_callback>(request.writer), request.writer_data,
                     request.writer_data_set, call.get()};
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &libcurl::Tee::write);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, static_cast<void*>(&tee));
    struct Restore {
      CURL* handle;
      const HandleRequest& request;
      ~Restore() {
        curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION,
                         reinterpret_cast<curl_write_callback>(request.writer));
        curl_easy_setopt(handle, CURLOPT_WRITEDATA,
                         request.writer_data_set ? request.writer_data
                                                 : static_cast<void*>(stdout));
      }
    } restore{handle, request};
    R result = call_recording_exceptions(call, [&] { return plain_call<R, Fn, F>(handle); });
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    if (tee.cancelled)
      end_cancelled(call.release(), static_cast<int>(status));
    else
      end(call.release(), static_cast<int>(status),
          result == CURLE_OK ? std::string_view() : std::string_view(curl_easy_strerror(result)));
    return result;
  }
};

template <>
struct Adapter<tags::libcurl_reset> {
  template <class R, class Fn, Fn F>
  static R call(CURL* handle) {
    plain_call<R, Fn, F>(handle);
    handle_forget(handle);
  }
};

template <>
struct Adapter<tags::libcurl_cleanup> {
  template <class R, class Fn, Fn F>
  static R call(CURL* handle) {
    handle_forget(handle);
    plain_call<R, Fn, F>(handle);
  }
};

template <>
struct Adapter<tags::libcurl_duphandle> {
  template <class R, class Fn, Fn F>
  static R call(CURL* handle) {
    R copy = plain_call<R, Fn, F>(handle);
    if (copy != nullptr) handle_duplicate(handle, copy);
    return copy;
  }
};

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_DETAIL_AUTOLOG_LIBCURL_H
