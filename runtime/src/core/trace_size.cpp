// trace_size.cpp: see trace_size.h.
#include "core/trace_size.h"

#include <vector>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::size_t kMallocOverhead = 16;  // glibc: a chunk header and alignment, about
constexpr std::size_t kMapNode = 32;         // std::map node links and colour
// The vector a span's attribute or event list allocates when first added to (lazy_vector.h).
constexpr std::size_t kListBlockBytes = sizeof(std::vector<int>) + kMallocOverhead;

std::size_t string_bytes(const std::string& s) noexcept {
  // Short strings live inside the object (SSO); longer ones in a heap block.
  return s.capacity() > 15 ? s.capacity() + 1 + kMallocOverhead : 0;
}

}  // namespace

std::size_t approximate_bytes(const nlohmann::json& value) noexcept {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      return sizeof(std::string) + kMallocOverhead + string_bytes(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::object: {
      std::size_t bytes = sizeof(nlohmann::json::object_t) + kMallocOverhead;
      for (auto it = value.begin(); it != value.end(); ++it)
        bytes += kMapNode + sizeof(std::string) + sizeof(nlohmann::json) + kMallocOverhead +
                 string_bytes(it.key()) + approximate_bytes(it.value());
      return bytes;
    }
    case nlohmann::json::value_t::array: {
      std::size_t bytes = sizeof(nlohmann::json::array_t) + 2 * kMallocOverhead;
      for (const auto& element : value) bytes += sizeof(nlohmann::json) + approximate_bytes(element);
      return bytes;
    }
    case nlohmann::json::value_t::binary:
      return value.get_binary().size() + 64;
    default:
      return 0;  // held inside the json object itself
  }
}

std::size_t approximate_payload_bytes(const SpanRecord& span) noexcept {
  std::size_t bytes = string_bytes(span.name.owned()) + string_bytes(span.span_type) +
                      string_bytes(span.status_message) + span.inputs.approximate_bytes() +
                      span.outputs.approximate_bytes() +
                      span.attributes.capacity() * sizeof(span.attributes[0]) +
                      (span.attributes.capacity() != 0 ? kListBlockBytes : 0) +
                      (span.events.capacity() != 0 ? kListBlockBytes : 0);
  for (const auto& [key, value] : span.attributes) bytes += string_bytes(key) + approximate_bytes(value);
  for (const auto& event : span.events)
    bytes += sizeof(event) + string_bytes(event.name) + approximate_bytes(event.attributes);
  if (span.links.capacity() != 0) bytes += kListBlockBytes;
  for (const auto& link : span.links) bytes += sizeof(link) + approximate_bytes(link.attributes);
  return bytes;
}

std::size_t approximate_trace_overhead_bytes(const CompletedTrace& trace) noexcept {
  std::size_t bytes = sizeof(CompletedTrace) + trace.spans.capacity() * sizeof(void*) + kMallocOverhead;
  if (!trace.annotations.any()) return bytes;
  const TraceAnnotations& a = trace.annotations.get();
  bytes += sizeof(TraceAnnotations) + kMallocOverhead;
  for (const auto* map : {&a.tags, &a.metadata})
    for (const auto& [key, value] : *map)
      bytes += kMapNode + 2 * sizeof(std::string) + kMallocOverhead + string_bytes(key) + string_bytes(value);
  for (const auto* text : {&a.client_request_id, &a.request_preview, &a.response_preview})
    if (*text) bytes += string_bytes(**text);
  return bytes;
}

std::size_t approximate_bytes(const CompletedTrace& trace) noexcept {
  std::size_t bytes = approximate_trace_overhead_bytes(trace);
  for (const auto& span : trace.spans) bytes += kSpanRecordBytes + approximate_payload_bytes(*span);
  return bytes;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
