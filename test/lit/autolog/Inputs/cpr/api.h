// Stands in for libcpr/cpr's cpr/api.h in the lit tests: cpr::Post and cpr::Get, whose bodies
// call Session::Post and Session::Get (cpr calling itself: never redirected).
#ifndef CPR_API_H
#define CPR_API_H

#include "cpr/session.h"

#include <utility>

namespace cpr {
template <typename... Ts>
Response Post(Ts&&... ts) {
  Session session;
  (session.SetOption(std::forward<Ts>(ts)), ...);
  return session.Post();
}
template <typename... Ts>
Response Get(Ts&&... ts) {
  Session session;
  (session.SetOption(std::forward<Ts>(ts)), ...);
  return session.Get();
}
}  // namespace cpr

#endif
