// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr at commit
// 42f0b21 (1.15.0), for mlflow-cpp's autolog tests (see cpr.h for what is kept). Written for
// this repository; nothing of cpr's source is in it.
#ifndef CPR_API_H
#define CPR_API_H

#include <type_traits>
#include <utility>

#include "cpr/response.h"
#include "cpr/session.h"

namespace cpr {
namespace priv {

template <bool processed_header, typename CurrentType>
void set_option_internal(Session& session, CurrentType&& current_option) {
  session.SetOption(std::forward<CurrentType>(current_option));
}

template <>
inline void set_option_internal<true, Header>(Session& session, Header&& current_option) {
  // A second Header updates the first, as cpr's.
  session.UpdateHeader(std::forward<Header>(current_option));
}

template <bool processed_header, typename CurrentType, typename... Ts>
void set_option_internal(Session& session, CurrentType&& current_option, Ts&&... ts) {
  set_option_internal<processed_header, CurrentType>(session, std::forward<CurrentType>(current_option));
  if constexpr (std::is_same_v<CurrentType, Header>) {
    set_option_internal<true, Ts...>(session, std::forward<Ts>(ts)...);
  } else {
    set_option_internal<processed_header, Ts...>(session, std::forward<Ts>(ts)...);
  }
}

template <typename... Ts>
void set_option(Session& session, Ts&&... ts) {
  set_option_internal<false, Ts...>(session, std::forward<Ts>(ts)...);
}

}  // namespace priv

// Get methods
template <typename... Ts>
Response Get(Ts&&... ts) {
  Session session;
  priv::set_option(session, std::forward<Ts>(ts)...);
  return session.Get();
}

// Post methods
template <typename... Ts>
Response Post(Ts&&... ts) {
  Session session;
  priv::set_option(session, std::forward<Ts>(ts)...);
  return session.Post();
}

}  // namespace cpr

#endif
