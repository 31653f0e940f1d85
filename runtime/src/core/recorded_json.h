// recorded_json.h: a span's inputs or outputs as recorded, a JSON tree or JSON text.
//
// Values set by hand (SpanRef::set_inputs) arrive as nlohmann::json trees and are kept as they
// are. Values captured by the plugin's hooks are written as JSON text on the calling thread
// instead: a tree costs an allocation per string, array and object member, and freeing them
// later, on another thread's cold cache lines, cost more than writing them; the text of small
// inputs fits in a string's own buffer. A function's inputs are built member by member, in call
// order, and left open (no closing brace) until read.
//
// The exporters read either form through text() / append_text() (MLflow's JSON spelling,
// json_text.h) and, where they need structure (previews, gen_ai.* attributes), tree(), which
// parses text on first use. Reading happens on the export thread only.
#ifndef MLFLOW_RUNTIME_RECORDED_JSON_H
#define MLFLOW_RUNTIME_RECORDED_JSON_H

#include <mlflow/version.h>

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

class RecordedJson {
 public:
  RecordedJson() = default;
  explicit RecordedJson(nlohmann::json tree) : tree_(std::move(tree)) {}
  RecordedJson& operator=(nlohmann::json tree) {
    tree_ = std::move(tree);
    text_.clear();
    form_ = Form::kTree;
    open_list_ = nullptr;
    parsed_ = false;
    return *this;
  }

  // Null: nothing recorded, or a null recorded.
  bool is_null() const noexcept { return type() == nlohmann::json::value_t::null; }

  // --- Writing text (the span's own thread) ---------------------------------------------------
  // Starts the member `name` of the object being built (a literal: the caller keeps it alive
  // until the span ends) and returns the text to append its JSON value to.
  std::string& object_member(const char* name);
  // Starts one element of the list under `name` (a parameter pack): consecutive calls with the
  // same name build one list.
  std::string& list_element(const char* name);
  // Replaces the value with text of JSON type `type`, returned empty for the value's text.
  std::string& value_text(nlohmann::json::value_t type);

  // --- Reading (the export thread) ------------------------------------------------------------
  void append_text(std::string& out) const;
  std::string text() const {
    std::string out;
    append_text(out);
    return out;
  }
  // The value as a tree (parsed from the text on first use, then kept).
  const nlohmann::json& tree() const;
  // The JSON type of the value, without parsing it.
  nlohmann::json::value_t type() const noexcept;
  // Heap bytes held, roughly (trace_size.h).
  std::size_t approximate_bytes() const noexcept;

 private:
  enum class Form : unsigned char { kTree, kObjectText, kValueText };
  // Empties the value for text of the given form.
  void start_text(Form form);
  // The one-byte fields together (64 bytes in all, not 72: two per span record).
  Form form_ = Form::kTree;
  nlohmann::json::value_t text_type_ = nlohmann::json::value_t::null;  // kValueText
  mutable bool parsed_ = false;      // tree_ holds the text parsed
  const char* open_list_ = nullptr;  // kObjectText: the member whose list is still open
  std::string text_;                 // kObjectText: "{...", without closing ']' or '}'
  mutable nlohmann::json tree_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_RECORDED_JSON_H
