// recorded_json.cpp: see recorded_json.h.
#include "core/recorded_json.h"

#include <cstring>

#include "core/trace_size.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::size_t kTypicalObjectBytes = 112;

// '"name": '. Member names are parameter names, identifiers: nothing in them needs escaping,
// and they are written with one append; anything else goes through the JSON string writer.
// (The bytes tested are the ones json_text.cpp escapes. A short-string path inside that writer
// instead was measured: about 90 instructions more per member, two appends and its layers.)
void append_member_name(std::string& out, const char* name) {
  const std::size_t length = std::strlen(name);
  char stage[64];
  bool plain = length + 4 <= sizeof stage;
  for (std::size_t i = 0; plain && i < length; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
  }
  if (!plain) {
    append_json_string(out, std::string_view(name, length));
    out.append(": ");
    return;
  }
  stage[0] = '"';
  std::memcpy(stage + 1, name, length);
  std::memcpy(stage + 1 + length, "\": ", 3);
  out.append(stage, length + 4);
}

}  // namespace

void RecordedJson::start_text(Form form) {
  if (!tree_.is_null()) tree_ = nullptr;  // a fresh record's tree is null: nothing to free
  text_.clear();
  form_ = form;
  open_list_ = nullptr;
  parsed_ = false;
}

std::string& RecordedJson::object_member(const char* name) {
  if (form_ != Form::kObjectText) {
    start_text(Form::kObjectText);
    text_.push_back('{');
  } else {
    // A second member: one allocation for most inputs, instead of a string growing
    // 15 -> 30 -> 60 -> 120 (a single small member stays in the string's own buffer).
    if (text_.capacity() < kTypicalObjectBytes) text_.reserve(kTypicalObjectBytes);
    if (open_list_ != nullptr) text_.push_back(']');
    text_.append(", ");
  }
  open_list_ = nullptr;
  append_member_name(text_, name);
  return text_;
}

std::string& RecordedJson::list_element(const char* name) {
  if (form_ == Form::kObjectText && open_list_ != nullptr && std::strcmp(open_list_, name) == 0) {
    text_.append(", ");
    return text_;
  }
  object_member(name);
  open_list_ = name;
  text_.push_back('[');
  return text_;
}

std::string& RecordedJson::value_text(nlohmann::json::value_t type) {
  start_text(Form::kValueText);
  text_type_ = type;
  return text_;
}

void RecordedJson::append_text(std::string& out) const {
  switch (form_) {
    case Form::kTree:
      append_json_text(out, tree_);
      return;
    case Form::kObjectText:
      out.append(text_);
      if (open_list_ != nullptr) out.push_back(']');
      out.push_back('}');
      return;
    case Form::kValueText:
      out.append(text_);
      return;
  }
}

const nlohmann::json& RecordedJson::tree() const {
  if (form_ == Form::kTree || parsed_) return tree_;
  // Our own text: valid JSON, unless something went wrong writing it (out of memory half-way);
  // then the text itself, as a string, is the most honest value left.
  std::string whole = text();
  tree_ = nlohmann::json::parse(whole, nullptr, /*allow_exceptions=*/false);
  if (tree_.is_discarded()) tree_ = std::move(whole);
  parsed_ = true;
  return tree_;
}

nlohmann::json::value_t RecordedJson::type() const noexcept {
  switch (form_) {
    case Form::kTree:
      return tree_.type();
    case Form::kObjectText:
      return nlohmann::json::value_t::object;
    case Form::kValueText:
      break;
  }
  return text_type_;
}

std::size_t RecordedJson::approximate_bytes() const noexcept {
  std::size_t bytes = text_.capacity() > 15 ? text_.capacity() + 16 : 0;
  if ((form_ == Form::kTree || parsed_) && !tree_.is_null()) bytes += detail::approximate_bytes(tree_);
  return bytes;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
