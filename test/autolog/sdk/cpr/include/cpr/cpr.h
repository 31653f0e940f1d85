// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of libcpr/cpr (include/cpr/)
// at commit 42f0b21 (release 1.15.0), for mlflow-cpp's autolog tests. Written for this
// repository; nothing of cpr's source is in it. Kept: the header paths (cpr/cpr.h, api.h,
// session.h, body.h, body_view.h, bearer.h, callback.h, cprtypes.h, error.h, response.h), the
// variadic templates cpr::Get / cpr::Post(Ts&&...) over a Session with priv::set_option, and
// Session's URL, header, bearer, body, body view and write callback setters, GetContent,
// GetFullRequestUrl, Get() and Post(); Response {status_code, text, header, url, elapsed, error,
// raw_header, status_line, reason}; Error {code, message}; WriteCallback (std::string_view data,
// false stopping the transfer: ErrorCode::WRITE_ERROR). Left out: the async and callback forms,
// parameters, payloads, multipart, interceptors, SSL options, server-sent-event callbacks and
// the rest. Like cpr, a compiled library (src/cpr.cpp) over libcurl, built without the plugin.
#ifndef CPR_CPR_H
#define CPR_CPR_H

#include "cpr/api.h"
#include "cpr/body.h"
#include "cpr/body_view.h"
#include "cpr/bearer.h"
#include "cpr/callback.h"
#include "cpr/cprtypes.h"
#include "cpr/error.h"
#include "cpr/response.h"
#include "cpr/session.h"

#endif
