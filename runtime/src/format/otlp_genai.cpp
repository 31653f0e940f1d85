// otlp_genai.cpp: see otlp_genai.h.
//
// The message conversion follows the conventions' JSON schemas (gen-ai-input-messages.json,
// gen-ai-output-messages.json, gen-ai-tool-definitions.json) and MLflow's
// mlflow/openai/genai_semconv_converter.py, with two deliberate differences: system messages
// stay in gen_ai.input.messages (the conventions keep instructions that are part of the chat
// history there; gen_ai.system_instructions is for APIs that take them separately), and a
// choice without a role is the assistant's.
#include "format/otlp_genai.h"

#include <cstdint>
#include <limits>
#include <optional>

#include "format/chat_messages.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

using nlohmann::json;
using Attributes = std::vector<std::pair<std::string, json>>;

enum class Operation { kInference, kEmbeddings, kTool, kAgent };

std::optional<Operation> operation_of(std::string_view span_type) {
  if (span_type == "CHAT_MODEL" || span_type == "LLM") return Operation::kInference;
  if (span_type == "EMBEDDING") return Operation::kEmbeddings;
  if (span_type == "TOOL") return Operation::kTool;
  if (span_type == "AGENT") return Operation::kAgent;
  return std::nullopt;
}

// object[key] when `object` is an object that has it (and it is not null), else nullptr.
const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// The value when it is a non-empty string.
const std::string* nonempty_string(const json* value) {
  if (value == nullptr || !value->is_string()) return nullptr;
  const auto& s = value->get_ref<const std::string&>();
  return s.empty() ? nullptr : &s;
}

// object[key] when it is a non-empty string.
const std::string* string_member(const json& object, std::string_view key) {
  return nonempty_string(member(object, key));
}

std::optional<std::int64_t> integer(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer() && !value->is_number_unsigned()) return value->get<std::int64_t>();
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return static_cast<std::int64_t>(u);
  }
  return std::nullopt;
}

std::optional<double> number(const json* value) {
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

// The value of an attribute that holds JSON of any value: a string with JSON text in it (as a
// user may have set it) is parsed; anything unparsable stays as it is.
json structured(const json* value) {
  if (value == nullptr) return nullptr;
  if (value->is_string()) {
    json parsed = json::parse(value->get_ref<const std::string&>(), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return *value;
}

json text_part(std::string content) {
  return json{{"type", "text"}, {"content", std::move(content)}};
}

// A message of one text part.
json text_message(const char* role, std::string content) {
  return json{{"role", role}, {"parts", json::array({text_part(std::move(content))})}};
}

// An image given by URL: a data: URL is inline bytes (a blob part), anything else a uri part.
json image_part(const std::string& url) {
  constexpr std::string_view kData = "data:";
  if (url.compare(0, kData.size(), kData) == 0) {
    auto comma = url.find(',');
    std::string header = url.substr(
        kData.size(), comma == std::string::npos ? std::string::npos : comma - kData.size());
    constexpr std::string_view kBase64 = ";base64";
    if (header.size() >= kBase64.size() &&
        header.compare(header.size() - kBase64.size(), kBase64.size(), kBase64) == 0)
      header.resize(header.size() - kBase64.size());
    json part{{"type", "blob"},
              {"modality", "image"},
              {"content", comma == std::string::npos ? std::string() : url.substr(comma + 1)}};
    if (!header.empty()) part["mime_type"] = header;
    return part;
  }
  return json{{"type", "uri"}, {"modality", "image"}, {"uri", url}};
}

// The parts of an OpenAI message's content (chat_messages.h) in the conventions' part shapes.
json content_parts(const json* content) {
  json parts = json::array();
  for (const ChatContentPart& part : chat_content_parts(content)) {
    switch (part.kind) {
      case ChatContentPart::Kind::kText:
        parts.push_back(text_part(*part.text));
        break;
      case ChatContentPart::Kind::kImage:
        parts.push_back(image_part(*part.url));
        break;
      case ChatContentPart::Kind::kAudio: {
        json blob{{"type", "blob"}, {"modality", "audio"}, {"content", *part.data}};
        if (part.format != nullptr) blob["mime_type"] = "audio/" + *part.format;
        parts.push_back(std::move(blob));
        break;
      }
      case ChatContentPart::Kind::kOther:
        parts.push_back(text_part(to_json_text(*part.value)));  // as MLflow's converter does
        break;
    }
  }
  return parts;
}

// A tool call (chat_messages.h) as a tool_call part.
json tool_call_part(const ChatToolCall& call) {
  json part{{"type", "tool_call"}, {"name", *call.name}};
  if (call.id != nullptr && call.id->is_string()) part["id"] = *call.id;
  // OpenAI sends the arguments as JSON text; the conventions want the object.
  part["arguments"] = structured(call.arguments);
  return part;
}

// One OpenAI chat message in the conventions' ChatMessage shape.
std::optional<json> convert_message(const json& message, const char* default_role) {
  if (!message.is_object()) return std::nullopt;
  const std::string* role = string_member(message, "role");
  std::string role_name = role != nullptr ? *role : default_role;
  const json* content = member(message, "content");

  if (const std::string* tool_call_id = string_member(message, "tool_call_id")) {
    json response = nullptr;
    if (content != nullptr && content->is_string()) {
      response = *content;
    } else {
      json parts = content_parts(content);
      if (!parts.empty()) response = parts.front()["content"];
    }
    return json{{"role", role_name},
                {"parts", json::array({json{{"type", "tool_call_response"},
                                            {"id", *tool_call_id},
                                            {"response", std::move(response)}}})}};
  }

  json parts = content_parts(content);
  if (parts.empty()) {  // audio replies carry their text in audio.transcript
    if (const json* audio = member(message, "audio"))
      if (const std::string* transcript = string_member(*audio, "transcript"))
        parts.push_back(text_part(*transcript));
  }
  for (const ChatToolCall& call : chat_tool_calls(message)) parts.push_back(tool_call_part(call));

  json out{{"role", role_name}, {"parts", std::move(parts)}};
  if (const std::string* name = string_member(message, "name")) out["name"] = *name;
  return out;
}

// gen_ai.input.messages from the span inputs, or null.
json input_messages(const SpanRecord& span, Operation operation) {
  if (!span.has_inputs) return nullptr;
  const json& inputs = span.recorded_inputs().tree();
  if (const json* list = request_messages(inputs)) {
    json out = json::array();
    for (const json& message : *list)
      if (auto converted = convert_message(message, "user")) out.push_back(std::move(*converted));
    return out.empty() ? json(nullptr) : out;
  }
  if (operation != Operation::kInference) return nullptr;
  const std::string* prompt = string_member(inputs, "prompt");
  if (prompt == nullptr) prompt = nonempty_string(&inputs);
  if (prompt == nullptr) return nullptr;
  return json::array({text_message("user", *prompt)});
}

// gen_ai.output.messages (and the finish reasons) from the span outputs.
struct OutputMessages {
  json messages = nullptr;
  json finish_reasons = nullptr;
};

OutputMessages output_messages(const SpanRecord& span, Operation operation) {
  OutputMessages out;
  if (!span.has_outputs) return out;
  const json& outputs = span.outputs.tree();
  if (const json* choices = response_choices(outputs)) {
    json messages = json::array();
    json reasons = json::array();
    for (const json& item : *choices) {
      const ChatChoice choice = read_choice(item);
      std::optional<json> message;
      if (choice.message != nullptr)
        message = convert_message(*choice.message, "assistant");
      else if (choice.text != nullptr)
        message = text_message("assistant", *choice.text);
      const std::string* reason = choice.finish_reason;
      if (reason != nullptr) reasons.push_back(*reason);
      if (!message) continue;
      // Deprecated in the newest schema (in favour of gen_ai.response.finish_reasons) but
      // required by the older ones still in use: kept, as MLflow's exporter keeps it.
      if (reason != nullptr) (*message)["finish_reason"] = *reason;
      messages.push_back(std::move(*message));
    }
    if (!messages.empty()) out.messages = std::move(messages);
    if (!reasons.empty()) out.finish_reasons = std::move(reasons);
    return out;
  }
  if (operation == Operation::kInference)
    if (const std::string* text = nonempty_string(&outputs))
      out.messages = json::array({text_message("assistant", *text)});
  return out;
}

// gen_ai.tool.definitions: OpenAI's {"type": "function", "function": {...}} flattened to the
// conventions' {"type": "function", "name", ...}; already-flat items are kept.
json tool_definitions(const json& tools) {
  if (!tools.is_array()) return nullptr;
  json out = json::array();
  for (const json& tool : tools) {
    if (!tool.is_object()) continue;
    json flat = json::object();
    const std::string* type = string_member(tool, "type");
    flat["type"] = type != nullptr ? *type : "function";
    const json* function = member(tool, "function");
    if (function != nullptr && function->is_object()) {
      for (const auto& [key, value] : function->items()) flat[key] = value;
    } else {
      for (const auto& [key, value] : tool.items())
        if (key != "type") flat[key] = value;
    }
    if (string_member(flat, "name") == nullptr) continue;  // the schema requires a name
    out.push_back(std::move(flat));
  }
  return out.empty() ? json(nullptr) : out;
}

// Request settings from an OpenAI-style request (the inputs).
void add_request_parameters(Attributes& out, const json& inputs) {
  if (!inputs.is_object()) return;
  if (auto v = number(member(inputs, "temperature")))
    out.emplace_back("gen_ai.request.temperature", *v);
  if (auto v = number(member(inputs, "top_p"))) out.emplace_back("gen_ai.request.top_p", *v);
  auto max_tokens = integer(member(inputs, "max_tokens"));
  if (!max_tokens) max_tokens = integer(member(inputs, "max_completion_tokens"));
  if (max_tokens) out.emplace_back("gen_ai.request.max_tokens", *max_tokens);
  if (auto v = integer(member(inputs, "seed"))) out.emplace_back("gen_ai.request.seed", *v);
  if (auto v = number(member(inputs, "frequency_penalty")))
    out.emplace_back("gen_ai.request.frequency_penalty", *v);
  if (auto v = number(member(inputs, "presence_penalty")))
    out.emplace_back("gen_ai.request.presence_penalty", *v);
  if (const json* stop = member(inputs, "stop")) {
    json sequences = json::array();
    if (stop->is_string()) {
      sequences.push_back(*stop);
    } else if (stop->is_array()) {
      for (const json& s : *stop)
        if (s.is_string()) sequences.push_back(s);
    }
    if (!sequences.empty()) out.emplace_back("gen_ai.request.stop_sequences", std::move(sequences));
  }
}

void add_token_usage(Attributes& out, const SpanRecord& span) {
  json usage = structured(span.find_attribute("mlflow.chat.tokenUsage"));
  if (!usage.is_object()) return;
  static constexpr std::pair<const char*, const char*> kKeys[] = {
      {"input_tokens", "gen_ai.usage.input_tokens"},
      {"output_tokens", "gen_ai.usage.output_tokens"},
      {"cache_read_input_tokens", "gen_ai.usage.cache_read.input_tokens"},
      {"cache_creation_input_tokens", "gen_ai.usage.cache_creation.input_tokens"},
  };
  for (const auto& [from, to] : kKeys)
    if (auto v = integer(member(usage, from))) out.emplace_back(to, *v);
}

// A tool's arguments or result: objects and arrays as JSON text, strings, numbers and booleans
// as themselves (so MLflow's ingest reads each back as the same value, except a string that is
// itself JSON text of an object, a list or a string).
json tool_value(const json& value) {
  return value.is_structured() ? json(to_json_text(value)) : value;
}

// The name of a tool or agent span: its own name, unless that is empty or just the operation.
std::optional<std::string> target_name(const SpanRecord& span, std::string_view operation) {
  const std::string_view name = span.name;
  if (name.empty() || name == operation) return std::nullopt;
  return std::string(name);
}

std::string error_type(const SpanRecord& span) {
  for (auto it = span.events.rbegin(); it != span.events.rend(); ++it)
    if (it->name == "exception")
      if (const std::string* type = string_member(it->attributes, "exception.type"))
        return *type;
  return "_OTHER";
}

Attributes derive(const SpanRecord& span) {
  Attributes out;
  auto operation = operation_of(span.span_type);
  const char* operation_name = genai_operation_name(span.span_type);
  if (!operation || operation_name == nullptr) return out;
  out.emplace_back("gen_ai.operation.name", operation_name);

  const json no_value;
  const json& inputs = span.has_inputs ? span.recorded_inputs().tree() : no_value;
  const json& outputs = span.has_outputs ? span.outputs.tree() : no_value;
  const bool model_call = *operation != Operation::kTool;

  if (model_call) {
    if (const std::string* provider = nonempty_string(span.find_attribute("mlflow.llm.provider")))
      out.emplace_back("gen_ai.provider.name", *provider);
  }
  if (*operation == Operation::kAgent)
    if (auto name = target_name(span, operation_name)) out.emplace_back("gen_ai.agent.name", *name);
  if (*operation == Operation::kTool)
    if (auto name = target_name(span, operation_name)) out.emplace_back("gen_ai.tool.name", *name);

  // Fields of the request and response objects, only where inputs and outputs are the model's.
  const bool model_request =
      *operation == Operation::kInference || *operation == Operation::kEmbeddings;
  if (model_call) {
    const std::string* model = nonempty_string(span.find_attribute("mlflow.llm.model"));
    if (model == nullptr && model_request) model = string_member(inputs, "model");
    if (model != nullptr) out.emplace_back("gen_ai.request.model", *model);
  }
  if (*operation == Operation::kInference) add_request_parameters(out, inputs);
  if (model_request) {
    if (const std::string* id = string_member(outputs, "id"))
      out.emplace_back("gen_ai.response.id", *id);
    if (const std::string* model_used = string_member(outputs, "model"))
      out.emplace_back("gen_ai.response.model", *model_used);
  }

  OutputMessages output;
  if (*operation == Operation::kInference || *operation == Operation::kAgent)
    output = output_messages(span, *operation);
  if (!output.finish_reasons.is_null())
    out.emplace_back("gen_ai.response.finish_reasons", output.finish_reasons);

  if (model_call) add_token_usage(out, span);

  if (*operation == Operation::kInference || *operation == Operation::kAgent) {
    json input = input_messages(span, *operation);
    if (!input.is_null()) out.emplace_back("gen_ai.input.messages", to_json_text(input));
    if (!output.messages.is_null())
      out.emplace_back("gen_ai.output.messages", to_json_text(output.messages));
    json tools = tool_definitions(structured(span.find_attribute("mlflow.chat.tools")));
    if (tools.is_null())
      if (const json* requested = member(inputs, "tools")) tools = tool_definitions(*requested);
    if (!tools.is_null()) out.emplace_back("gen_ai.tool.definitions", to_json_text(tools));
  }

  if (*operation == Operation::kTool) {
    if (span.has_inputs && !span.recorded_inputs().is_null())
      out.emplace_back("gen_ai.tool.call.arguments", tool_value(span.recorded_inputs().tree()));
    if (span.has_outputs && !span.outputs.is_null())
      out.emplace_back("gen_ai.tool.call.result", tool_value(span.outputs.tree()));
  }

  if (span.status == SpanStatusCode::ERROR) out.emplace_back("error.type", error_type(span));
  return out;
}

}  // namespace

const char* genai_operation_name(std::string_view span_type) noexcept {
  if (span_type == "CHAT_MODEL") return "chat";
  if (span_type == "LLM") return "generate_content";
  if (span_type == "EMBEDDING") return "embeddings";
  if (span_type == "TOOL") return "execute_tool";
  if (span_type == "AGENT") return "invoke_agent";
  return nullptr;
}

std::vector<std::pair<std::string, nlohmann::json>> genai_semconv_attributes(
    const SpanRecord& span) noexcept {
  try {
    return derive(span);
  } catch (...) {  // an odd value nlohmann::json refused, or no memory: send no gen_ai.* keys
    return {};
  }
}

}  // namespace detail
MLFLOW_END_NAMESPACE
