// perform_call.cpp: one call of the real curl_easy_perform, as a user's file makes it.
//
// Compiled twice with the same flags and clang++ (bench/CMakeLists.txt): without the plugin as
// perform_plain, and with it as perform_rewritten, whose call the plugin redirects through the
// libcurl adapter (the build checks it with nm: bench/autolog/check_redirected.cmake). The
// benchmark (autolog_bench.cpp) calls both in the same run; the difference is what a rewritten
// call site adds to a real libcurl call. Nothing of mlflow-cpp is included: zero-code, as in a
// user's file.
#include <curl/curl.h>

#ifndef AUTOLOG_BENCH_PERFORM
#error "compile with -DAUTOLOG_BENCH_PERFORM=perform_plain or =perform_rewritten"
#endif

CURLcode AUTOLOG_BENCH_PERFORM(CURL* handle) { return curl_easy_perform(handle); }
