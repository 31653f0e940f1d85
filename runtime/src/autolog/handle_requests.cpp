// autolog/handle_requests.cpp: the table behind <mlflow/detail/autolog_handles.h>.
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include <mlflow/detail/autolog_handles.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {
namespace {

struct HandleState {
  std::string url;
  Api api = Api::kNone;
  const char* body = nullptr;  // the client's buffer, or copied_body's
  long long body_size = -1;
  std::string copied_body;
  bool body_copied = false;
  void* writer = nullptr;
  void* writer_data = nullptr;
  bool writer_data_set = false;
};

struct HandleTable {
  std::mutex mutex;
  std::unordered_map<const void*, HandleState> states;
  // How many handles point at an LLM route: perform's fast path while it is 0.
  std::atomic<long> llm_handles{0};
};

// Never destroyed: adapters may run during static destruction.
HandleTable& table() {
  static HandleTable* t = new HandleTable();
  return *t;
}

void count(HandleTable& t, Api before, Api after) {
  if ((before == Api::kNone) != (after == Api::kNone))
    t.llm_handles.fetch_add(after == Api::kNone ? -1 : 1, std::memory_order_relaxed);
}

template <class Change>
void change(const void* handle, Change&& f) noexcept {
  try {
    HandleTable& t = table();
    std::lock_guard<std::mutex> lock(t.mutex);
    HandleState& state = t.states[handle];
    Api before = state.api;
    f(state);
    count(t, before, state.api);
  } catch (...) {
    // Out of memory: this handle's request is not traced; the client's call is unaffected.
  }
}

}  // namespace

void handle_set_url(const void* handle, const char* url) noexcept {
  change(handle, [&](HandleState& s) {
    s.url = url != nullptr ? url : "";
    s.api = route_of(s.url);
  });
}

void handle_set_body(const void* handle, const char* body, long long size, bool copy) noexcept {
  change(handle, [&](HandleState& s) {
    s.body_copied = copy && body != nullptr;
    if (s.body_copied) {
      s.copied_body.assign(body, size >= 0 ? static_cast<std::size_t>(size) : std::strlen(body));
      s.body = s.copied_body.data();
      s.body_size = static_cast<long long>(s.copied_body.size());
    } else {
      s.copied_body.clear();
      s.body = body;
      if (size >= 0) s.body_size = size;
    }
  });
}

void handle_set_body_size(const void* handle, long long size) noexcept {
  change(handle, [&](HandleState& s) { s.body_size = size; });
}

void handle_set_writer(const void* handle, void* function) noexcept {
  change(handle, [&](HandleState& s) { s.writer = function; });
}

void handle_set_writer_data(const void* handle, void* data) noexcept {
  change(handle, [&](HandleState& s) {
    s.writer_data = data;
    s.writer_data_set = true;
  });
}

void handle_forget(const void* handle) noexcept {
  HandleTable& t = table();
  std::lock_guard<std::mutex> lock(t.mutex);
  auto found = t.states.find(handle);
  if (found == t.states.end()) return;
  count(t, found->second.api, Api::kNone);
  t.states.erase(found);
}

void handle_duplicate(const void* from, const void* to) noexcept {
  try {
    HandleTable& t = table();
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.states.find(from);
    if (found == t.states.end()) return;
    HandleState copy = found->second;
    if (copy.body_copied) copy.body = nullptr;  // re-pointed below, at the copy's own string
    HandleState& target = t.states[to];
    count(t, target.api, copy.api);
    target = std::move(copy);
    if (target.body_copied) target.body = target.copied_body.data();
  } catch (...) {
  }
}

bool handle_request(const void* handle, HandleRequest& request) noexcept {
  HandleTable& t = table();
  if (t.llm_handles.load(std::memory_order_relaxed) == 0) return false;
  try {
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.states.find(handle);
    if (found == t.states.end() || found->second.api == Api::kNone) return false;
    const HandleState& s = found->second;
    request.api = s.api;
    request.url = s.url;
    if (s.body != nullptr)
      request.body.assign(s.body, s.body_size >= 0 ? static_cast<std::size_t>(s.body_size)
                                                   : std::strlen(s.body));
    else
      request.body.clear();
    request.writer = s.writer;
    request.writer_data = s.writer_data;
    request.writer_data_set = s.writer_data_set;
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
