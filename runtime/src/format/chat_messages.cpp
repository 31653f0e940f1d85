// chat_messages.cpp: see chat_messages.h.
#include "format/chat_messages.h"

#include <string_view>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

using nlohmann::json;

// object[key] when `object` is an object that has it (and it is not null), else nullptr.
const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// object[key] when it is a non-empty string.
const std::string* string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return nullptr;
  const auto& s = value->get_ref<const std::string&>();
  return s.empty() ? nullptr : &s;
}

bool is_message(const json& item) {
  return item.is_object() && item.contains("role") && item.contains("content");
}

std::vector<const json*> messages_in(const json& list) {
  std::vector<const json*> messages;
  for (const auto& item : list)
    if (is_message(item)) messages.push_back(&item);
  return messages;
}

}  // namespace

std::optional<std::vector<const json*>> find_chat_messages(const json& obj) {
  if (!obj.is_object()) return std::nullopt;
  auto non_empty_array = [&](const char* key) -> const json* {
    auto it = obj.find(key);
    return (it != obj.end() && it->is_array() && !it->empty()) ? &*it : nullptr;
  };
  if (const auto* messages = non_empty_array("messages")) return messages_in(*messages);
  if (const auto* choices = non_empty_array("choices")) {
    const auto& first = (*choices)[0];
    if (first.is_object()) {
      auto message = first.find("message");
      if (message != first.end() && is_message(*message))
        return std::vector<const json*>{&*message};
    }
  }
  if (const auto* input = non_empty_array("input")) return messages_in(*input);
  if (const auto* output = non_empty_array("output")) return messages_in(*output);
  if (auto request = obj.find("request"); request != obj.end()) return find_chat_messages(*request);
  return std::nullopt;
}

std::string chat_message_text(const json& message) {
  const auto& content = message["content"];
  if (content.is_string()) return content.get<std::string>();
  if (content.is_array()) {
    for (const auto& part : content) {
      if (part.is_string()) return part.get<std::string>();
      if (part.is_object()) {
        auto type = part.find("type");
        if (type != part.end() && (*type == "text" || *type == "output_text")) {
          auto text = part.find("text");
          return (text != part.end() && text->is_string()) ? text->get<std::string>() : "";
        }
      }
    }
  }
  return "";
}

const json* request_messages(const json& inputs) {
  const json* messages = member(inputs, "messages");
  if (messages != nullptr && messages->is_array()) return messages;
  if (!inputs.is_array() || inputs.empty()) return nullptr;
  for (const json& item : inputs)
    if (string_member(item, "role") == nullptr) return nullptr;
  return &inputs;
}

const json* response_choices(const json& outputs) {
  const json* choices = member(outputs, "choices");
  return choices != nullptr && choices->is_array() ? choices : nullptr;
}

ChatChoice read_choice(const json& choice) {
  ChatChoice out;
  out.message = member(choice, "message");
  if (out.message == nullptr) out.message = member(choice, "delta");
  if (const json* text = member(choice, "text"); text != nullptr && text->is_string())
    out.text = &text->get_ref<const std::string&>();
  out.finish_reason = string_member(choice, "finish_reason");
  return out;
}

std::vector<ChatContentPart> chat_content_parts(const json* content) {
  using Kind = ChatContentPart::Kind;
  std::vector<ChatContentPart> parts;
  if (content == nullptr) return parts;
  auto text_part = [](const json& text) {
    ChatContentPart part;
    part.kind = Kind::kText;
    part.text = &text.get_ref<const std::string&>();
    return part;
  };
  if (content->is_string()) {
    parts.push_back(text_part(*content));
    return parts;
  }
  if (!content->is_array()) {
    ChatContentPart part;
    part.value = content;
    parts.push_back(part);
    return parts;
  }
  for (const json& item : *content) {
    if (item.is_string()) {
      parts.push_back(text_part(item));
      continue;
    }
    const std::string* type = string_member(item, "type");
    const json* text = member(item, "text");
    const json* image = member(item, "image_url");
    const json* audio = member(item, "input_audio");
    ChatContentPart part;
    part.value = &item;
    if (type != nullptr && (*type == "text" || *type == "input_text" || *type == "output_text") &&
        text != nullptr && text->is_string()) {
      part = text_part(*text);
    } else if (type != nullptr && (*type == "image_url" || *type == "input_image") &&
               image != nullptr &&
               (image->is_string() || string_member(*image, "url") != nullptr)) {
      part.kind = Kind::kImage;
      part.url = image->is_string() ? &image->get_ref<const std::string&>() : string_member(*image, "url");
    } else if (type != nullptr && *type == "input_audio" && audio != nullptr &&
               string_member(*audio, "data") != nullptr) {
      part.kind = Kind::kAudio;
      part.data = string_member(*audio, "data");
      part.format = string_member(*audio, "format");
    }
    parts.push_back(part);
  }
  return parts;
}

std::vector<ChatToolCall> chat_tool_calls(const json& message) {
  std::vector<ChatToolCall> calls;
  auto add = [&](const json& call, const json* id) {
    const json* function = member(call, "function");
    const json& source = function != nullptr ? *function : call;  // legacy function_call is flat
    const std::string* name = string_member(source, "name");
    if (name == nullptr) return;
    calls.push_back(ChatToolCall{id, name, member(source, "arguments")});
  };
  if (const json* list = member(message, "tool_calls"); list != nullptr && list->is_array())
    for (const json& call : *list) add(call, member(call, "id"));
  if (const json* call = member(message, "function_call")) add(*call, nullptr);
  return calls;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
