// A user's own header named api.h (like cpr's cpr/api.h, but not in a cpr/ directory): its
// calls are the user's, and redirected.
#include <curl/curl.h>

inline CURLcode perform_in_users_api_header(CURL* handle) { return curl_easy_perform(handle); }
