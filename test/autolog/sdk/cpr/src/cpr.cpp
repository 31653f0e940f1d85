// TEST DOUBLE, NOT THE SDK: the implementation behind test/autolog/sdk/cpr/include (part of the
// public interface of libcpr/cpr at commit 42f0b21, see cpr/cpr.h). Written for this repository;
// nothing of cpr's source is in it. Compiled without the plugin, as the real library is.
#include "cpr/cpr.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace cpr {

bool CaseInsensitiveCompare::operator()(const std::string& a, const std::string& b) const noexcept {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) < std::tolower(y);
  });
}

ErrorCode Error::getErrorCodeForCurlError(std::int32_t curl_code) {
  switch (curl_code) {
    case CURLE_OK: return ErrorCode::OK;
    case CURLE_UNSUPPORTED_PROTOCOL: return ErrorCode::UNSUPPORTED_PROTOCOL;
    case CURLE_URL_MALFORMAT: return ErrorCode::URL_MALFORMAT;
    case CURLE_COULDNT_RESOLVE_HOST: return ErrorCode::COULDNT_RESOLVE_HOST;
    case CURLE_COULDNT_CONNECT: return ErrorCode::COULDNT_CONNECT;
    case CURLE_WRITE_ERROR: return ErrorCode::WRITE_ERROR;
    case CURLE_OPERATION_TIMEDOUT: return ErrorCode::OPERATION_TIMEDOUT;
    case CURLE_ABORTED_BY_CALLBACK: return ErrorCode::ABORTED_BY_CALLBACK;
    case CURLE_GOT_NOTHING: return ErrorCode::GOT_NOTHING;
    case CURLE_SEND_ERROR: return ErrorCode::SEND_ERROR;
    case CURLE_RECV_ERROR: return ErrorCode::RECV_ERROR;
    default: return ErrorCode::UNKNOWN_ERROR;
  }
}

Session::Session() = default;
Session::~Session() = default;

void Session::SetUrl(const Url& url) { url_ = url; }
void Session::SetHeader(const Header& header) { header_ = header; }
void Session::UpdateHeader(const Header& header) {
  for (const auto& [name, value] : header) header_[name] = value;
}
Header& Session::GetHeader() { return header_; }
const Header& Session::GetHeader() const { return header_; }
void Session::SetBearer(const Bearer& token) { bearer_ = token.GetToken(); }
void Session::SetBody(Body&& body) { content_ = std::move(body); }
void Session::SetBody(const Body& body) { content_ = body; }
void Session::SetBodyView(BodyView body) { content_ = body; }
void Session::SetWriteCallback(const WriteCallback& write) { writecb_ = write; }
const Content& Session::GetContent() const { return content_; }
void Session::RemoveContent() { content_ = std::monostate{}; }

void Session::SetOption(const Url& url) { SetUrl(url); }
void Session::SetOption(const Header& header) { SetHeader(header); }
void Session::SetOption(const Bearer& auth) { SetBearer(auth); }
void Session::SetOption(Body&& body) { SetBody(std::move(body)); }
void Session::SetOption(const Body& body) { SetBody(body); }
void Session::SetOption(BodyView body) { SetBodyView(body); }
void Session::SetOption(const WriteCallback& write) { SetWriteCallback(write); }

std::string Session::GetFullRequestUrl() { return url_.str(); }

Response Session::Get() { return makeRequest(false); }
Response Session::Post() { return makeRequest(true); }

namespace {

size_t append_to(char* data, size_t size, size_t count, void* into) {
  static_cast<std::string*>(into)->append(data, size * count);
  return size * count;
}

size_t to_callback(char* data, size_t size, size_t count, void* write) {
  const auto& callback = *static_cast<const WriteCallback*>(write);
  return callback(std::string_view(data, size * count)) ? size * count : 0;
}

}  // namespace

Response Session::makeRequest(bool post) {
  CURL* curl = curl_easy_init();
  Response response;
  if (curl == nullptr) {
    response.error = Error(CURLE_FAILED_INIT, "curl_easy_init() failed");
    return response;
  }
  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : header_) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  if (!bearer_.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + bearer_).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  std::string body;
  if (const Body* held = std::get_if<Body>(&content_)) body = held->str();
  if (const BodyView* view = std::get_if<BodyView>(&content_)) body = std::string(view->str());
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append_to);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.raw_header);
  if (writecb_.callback) {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, to_callback);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &writecb_);
  } else {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.text);
  }
  CURLcode result = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status_code);
  curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &response.elapsed);
  char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  response.url = Url(effective != nullptr ? effective : "");
  response.status_line = response.raw_header.substr(0, response.raw_header.find("\r\n"));
  if (size_t first = response.status_line.find(' '); first != std::string::npos)
    if (size_t second = response.status_line.find(' ', first + 1); second != std::string::npos)
      response.reason = response.status_line.substr(second + 1);
  response.error = Error(result, std::string(error_buffer));
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return response;
}

}  // namespace cpr
