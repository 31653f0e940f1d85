// A user's own header named curl.h, which is not libcurl's (no CURLINC_CURL_H).
typedef int CURLcode;
CURLcode curl_easy_perform(void* handle);
