// llm_call.cpp: one LLM call's span, from begin() to end() (mlflow/detail/autolog.h).
//
// What a call's span holds (the providers' files say what each provider adds, and which of
// MLflow's Python autolog files it follows):
//
//   name, type            api_info(): "Completions" CHAT_MODEL, "Messages.create" CHAT_MODEL,
//                         "Models.generate_content" LLM, "ollama.chat" CHAT_MODEL, ... (or the
//                         adapter's span_name)
//   inputs                the request body as sent, parsed (text that is not JSON: no span)
//   outputs               the response body, parsed; for a stream the response its chunks add
//                         up to, in the provider's non-streaming shape; for an error the error
//                         body; a body that is not JSON as text
//   mlflow.autolog.integration   who saw the call ("libcurl", "ollama-hpp", ...)
//   mlflow.llm.provider   openai | anthropic | gemini | ollama
//   mlflow.message.format openai | anthropic | gemini (unset for Ollama and embeddings)
//   mlflow.llm.model      the model the response names, else the request's (Gemini: the URL's)
//   mlflow.chat.tokenUsage  {"input_tokens", "output_tokens", "total_tokens"} (+ cache keys),
//                         set once, at the end, from the final response
//   mlflow.chat.tools     the request's tools, as OpenAI function tools
//   url.full              the request's URL (its keys masked on export: support/secrets.h)
//   gen_ai.request.stream true, for a streamed call
//   gen_ai.response.time_to_first_chunk  seconds from the span's start to the first response
//                         bytes, for a streamed call (OpenTelemetry's GenAI name; MLflow's
//                         Python autolog records none)
//   events                one per stream chunk, as mlflow/openai/autolog.py _add_span_event:
//                         "mlflow.chunk.item.<i>" with {"mlflow.chunk.value": "<chunk JSON>"},
//                         at the time the chunk arrived; "exception" for an error; "cancelled"
//   status                ERROR for an HTTP status >= 400, a transport error, an exception, or
//                         an error body or chunk, with the provider's message; OK otherwise
//
// A detached call (begin_detached, llm_call.h: a llama.cpp generation, spread over many calls of
// the program) has the same span, but the span is never the current span of a thread and the
// thread is not counted as inside an LLM call while it is open.
//
// Every value is recorded through make_recordable (strings cut at the size limit, depth
// bounded; secrets are masked on export, support/secrets.h). Nothing here throws out: each entry point catches everything, and every
// way out of end()/end_with_exception()/end_cancelled() ends the span and frees the call.
#include <mlflow/context.h>
#include <mlflow/detail/autolog.h>
#include <mlflow/span.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "autolog/call_nesting.h"
#include "autolog/json_body.h"
#include "autolog/llm_call.h"
#include "autolog/provider.h"
#include "autolog/stream.h"
#include "autolog/switches.h"
#include "autolog/value_limit.h"
#include "core/context_access.h"
#include "core/span_stack.h"
#include "runtime.h"
#include "support/clock.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

class LlmCall {
 public:
  LlmCall(Integration integration, Api api, const ApiInfo& info)
      : integration_(integration), api_(api), info_(info), provider_(*info.provider) {}

  bool start(std::string_view url, std::string_view request_text, const char* span_name,
             bool detached = false);
  void bytes(std::string_view bytes, bool from_sdk_callback);
  // How the call ended.
  struct Ending {
    int http_status = 0;
    std::string_view transport_error;
    std::string_view response;
    bool exception = false;
    bool cancelled = false;
  };
  void finish(const Ending& ending) noexcept;
  void set(std::string_view key, nlohmann::json value);

 private:
  // A detached call's span lives on a span stack of its own, under a copy of the frame that was
  // current where it began (which holds a share of that trace), so that no thread's stack has it.
  struct Detached {
    SpanStack stack;
    SpanFrame parent;
  };
  Span start_detached_span(const char* name);
  void end_span() noexcept;
  nlohmann::json outputs_of(const Ending& ending, const StreamParser& given, bool streamed);
  void record_chunks();

  Integration integration_;
  Api api_;
  const ApiInfo& info_;
  const Provider& provider_;
  std::unique_ptr<Detached> detached_;  // before span_: it outlives the span
  Span span_;
  std::size_t max_value_bytes_ = kDefaultMaxValueBytes;
  std::int64_t start_unix_nano_ = 0;
  std::int64_t first_bytes_unix_nano_ = 0;
  nlohmann::json request_;          // the parsed request (null when there was none)
  std::string url_model_;           // Gemini: the model named in the URL
  bool request_streams_ = false;
  bool sdk_chunks_ = false;         // stream_chunk() was used
  StreamParser parser_;
  CallNesting::Ticket nesting_;
};

namespace {

bool blank(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

}  // namespace

void LlmCall::set(std::string_view key, nlohmann::json value) {
  // (An attribute named like a secret, as OpenAI's request parameters become attributes, is
  // masked with the rest before the trace leaves the process: support/secrets.h.)
  make_recordable(value, max_value_bytes_);
  span_.set_attribute_json(key, to_json_text(value));
}

Span LlmCall::start_detached_span(const char* name) {
  const Context parent = Context::current();  // a share of the parent's trace, if it has one
  detached_ = std::make_unique<Detached>();
  detached_->parent = ContextAccess::to_frame(parent);
  const SpanFrame* frame = &detached_->parent;
  if (frame->kind == SpanFrame::Kind::kUnsampled) return Span();  // its trace was dropped
  if (frame->kind == SpanFrame::Kind::kEmpty) frame = nullptr;    // the root of a new trace
  return SpanAccess::start_recorded(detached_->stack, frame, name, info_.span_type, false);
}

// Span::end() on the stack the span was started on: a detached span's is its own, so the span
// is ended where it was started as far as the span core can tell (it pops its frame there and
// leaves the parent's trace alone), whichever thread ends it.
void LlmCall::end_span() noexcept {
  if (!detached_) return span_.end();
  SpanStack* const thread_stack = t_span_stack;
  t_span_stack = &detached_->stack;
  span_.end();
  t_span_stack = thread_stack;
}

bool LlmCall::start(std::string_view url, std::string_view request_text, const char* span_name,
                    bool detached) {
  // An LLM request is a JSON object; a body that is anything else is not one of the routes'
  // calls (a multipart upload, a form), and gets no span.
  if (!blank(request_text) && (!parse_json(request_text, request_) || !request_.is_object()))
    return false;
  const char* name = span_name != nullptr ? span_name : info_.span_name;
  span_ = detached ? start_detached_span(name)
                   : mlflow::start_span(name, std::string_view(info_.span_type));
  if (!span_.is_recording()) return false;  // not sampled (the inert span ends here)
  start_unix_nano_ = now_unix_nanos();
  max_value_bytes_ = Runtime::get().config().autolog_max_value_bytes;
  if (!detached) nesting_ = CallNesting::enter();
  request_streams_ = provider_.request_streams(api_, request_);
  if (info_.provider == &gemini_provider()) url_model_ = gemini_model_of(url);

  if (!request_.is_null()) {
    nlohmann::json inputs = request_;
    provider_.normalize(api_, inputs);
    make_recordable(inputs, max_value_bytes_);
    span_.set_inputs_json(to_json_text(inputs));
  }
  set("mlflow.autolog.integration", std::string(integration_id(integration_)));
  set("mlflow.llm.provider", provider_.name());
  if (const char* format = provider_.message_format(api_)) set("mlflow.message.format", format);
  if (!url.empty()) set("url.full", std::string(url));  // its keys masked on export (secrets.h)
  Attributes attributes;
  provider_.request_attributes(api_, request_, attributes);
  for (auto& [key, value] : attributes) set(key, std::move(value));
  if (request_streams_) set("gen_ai.request.stream", true);
  return true;
}

void LlmCall::bytes(std::string_view bytes, bool from_sdk_callback) {
  if (bytes.empty()) return;
  const std::int64_t now = now_unix_nanos();
  if (first_bytes_unix_nano_ == 0) first_bytes_unix_nano_ = now;
  if (from_sdk_callback) {
    sdk_chunks_ = true;
    parser_.end_line_before(bytes, now);
  }
  parser_.feed(bytes, now);
}

nlohmann::json LlmCall::outputs_of(const Ending& ending, const StreamParser& given, bool streamed) {
  // An SDK that returned the parsed body: its JSON text wins over what was received.
  if (!ending.response.empty()) {
    const auto& events = given.events();
    if (given.format() == StreamParser::Format::kJsonValues && events.size() == 1)
      return events.front().data;
    if (given.format() == StreamParser::Format::kServerSentEvents || events.size() > 1) {
      nlohmann::json aggregated = provider_.aggregate(api_, events);
      if (!aggregated.is_null()) return aggregated;
    }
    return json_or_text(ending.response);
  }
  const auto& events = parser_.events();
  if (streamed) {
    nlohmann::json aggregated = provider_.aggregate(api_, events);
    if (!aggregated.is_null()) return aggregated;
    for (const StreamEvent& e : events)  // nothing but an error chunk: the error is the output
      if (provider_.error_in(e.data)) return e.data;
  } else if (events.size() == 1) {
    return events.front().data;
  }
  if (events.empty() && !parser_.raw().empty() && !blank(parser_.raw()))
    return json_or_text(parser_.raw());  // not JSON at all (an HTML error page)
  return nlohmann::json();
}

void LlmCall::record_chunks() {
  std::size_t index = 0;
  for (StreamEvent& e : parser_.events()) {
    nlohmann::json chunk = std::move(e.data);
    make_recordable(chunk, max_value_bytes_);
    nlohmann::json attributes = {
        {"mlflow.chunk.value", truncate_text(to_json_text(chunk), max_value_bytes_)}};
    span_.add_event_json("mlflow.chunk.item." + std::to_string(index++),
                         to_json_text(attributes), e.time_unix_nano);
  }
}

void LlmCall::finish(const Ending& ending) noexcept {
  try {
    const std::int64_t now = now_unix_nanos();
    parser_.finish(now);
    StreamParser given;
    if (!ending.response.empty()) {
      given.feed(ending.response, now);
      given.finish(now);
    }
    const auto& events = parser_.events();
    const bool failed_status = ending.http_status >= 400 || !ending.transport_error.empty();
    // A stream: server-sent events, several JSON values, an SDK's stream callback, or a single
    // value where the request asked for a stream (Ollama's one-line stream, a one-element
    // Gemini array) unless the value is an error.
    const bool streamed =
        parser_.format() == StreamParser::Format::kServerSentEvents || events.size() > 1 ||
        (!events.empty() && (sdk_chunks_ || (request_streams_ && !failed_status &&
                                             !provider_.error_in(events.front().data))));

    nlohmann::json outputs = outputs_of(ending, given, streamed);

    // The error, if the call failed.
    std::string error_type, error_text;
    if (!ending.transport_error.empty()) {
      error_type = "TransportError";
      error_text = std::string(ending.transport_error);
    } else if (!ending.exception) {
      std::optional<ProviderError> error = provider_.error_in(outputs);
      if (!error && streamed)
        for (const StreamEvent& e : events)
          if ((error = provider_.error_in(e.data))) break;
      if (ending.http_status >= 400) {
        error_type = error && !error->type.empty() ? error->type : "HTTPError";
        error_text = "HTTP " + std::to_string(ending.http_status);
        if (error && !error->message.empty()) error_text += ": " + error->message;
      } else if (error) {
        error_type = error->type.empty() ? "APIError" : error->type;
        error_text = error->message;
      }
    }

    // Outputs, and what they say.
    nlohmann::json usage = outputs.is_null() ? nlohmann::json() : provider_.token_usage(api_, outputs);
    std::string model = url_model_;
    if (model.empty() && !outputs.is_null()) model = provider_.response_model(api_, outputs);
    if (model.empty())
      if (const std::string* requested = string_member(request_, "model", true)) model = *requested;
    Attributes attributes;
    if (!outputs.is_null() && error_text.empty())
      provider_.response_attributes(api_, request_, outputs, attributes);
    if (!outputs.is_null()) {
      provider_.normalize(api_, outputs);
      make_recordable(outputs, max_value_bytes_);
      span_.set_outputs_json(to_json_text(outputs));
    }
    if (!model.empty()) set("mlflow.llm.model", model);
    if (!usage.is_null()) set("mlflow.chat.tokenUsage", std::move(usage));
    for (auto& [key, value] : attributes) set(key, std::move(value));

    if (streamed) {
      if (!request_streams_) set("gen_ai.request.stream", true);
      if (first_bytes_unix_nano_ != 0)
        set("gen_ai.response.time_to_first_chunk",
            static_cast<double>(first_bytes_unix_nano_ - start_unix_nano_) / 1e9);
      record_chunks();
    }

    if (ending.exception) {
      span_.record_exception(std::current_exception());
    } else if (!error_text.empty() || failed_status) {
      if (error_text.empty()) error_text = "HTTP " + std::to_string(ending.http_status);
      error_text = truncate_text(error_text, max_value_bytes_);
      nlohmann::json event = {{"exception.type", error_type}, {"exception.message", error_text}};
      span_.add_event_json("exception", to_json_text(event));
      span_.set_status(SpanStatusCode::ERROR, error_text);
    }
    if (ending.cancelled) {
      // MLflow's Python autolog has no such event: a stream the program stops reading early
      // never reaches its end hook (mlflow/openai/autolog.py _stream_output_logging_hook
      // closes on GeneratorExit, which its `except Exception` does not catch), so the span is
      // never ended and the trace never exported. Here the span ends, with what arrived, an
      // event saying so, and status OK (the call did not fail; the program stopped it).
      nlohmann::json event = {{"chunks_received", events.size()}};
      if (ending.http_status != 0) event["http.status_code"] = ending.http_status;
      span_.add_event_json("cancelled", to_json_text(event));
    }
  } catch (...) {  // out of memory: the span ends with what it has
  }
  end_span();
  CallNesting::leave(nesting_);
}

// --- The entry points ----------------------------------------------------------------------------

namespace {

LlmCall* begin_call(Integration integration, Api api, std::string_view url,
                    std::string_view request, const char* span_name, bool detached) noexcept {
  if (!tracing_enabled() || static_cast<unsigned>(integration) >=
                                static_cast<unsigned>(Integration::kCount) ||
      !enabled(integration))
    return nullptr;
  const ApiInfo* info = api_info(api);
  if (info == nullptr || CallNesting::inside_call()) return nullptr;
  LlmCall* call = new (std::nothrow) LlmCall(integration, api, *info);
  if (call == nullptr) return nullptr;
  bool started = false;
  try {
    started = call->start(url, request, span_name, detached);
  } catch (...) {  // out of memory while recording the request: end what was started
    call->finish(LlmCall::Ending{});
    delete call;
    return nullptr;
  }
  if (!started) {
    delete call;  // its inert (or never started) span ends with it
    return nullptr;
  }
  return call;
}

}  // namespace

LlmCall* begin(Integration integration, Api api, std::string_view url, std::string_view request,
               const char* span_name) noexcept {
  return begin_call(integration, api, url, request, span_name, false);
}

LlmCall* begin_detached(Integration integration, Api api, std::string_view request,
                        const char* span_name) noexcept {
  return begin_call(integration, api, std::string_view(), request, span_name, true);
}

void set_call_attribute(LlmCall* call, std::string_view key, nlohmann::json value) noexcept {
  if (call == nullptr) return;
  try {
    call->set(key, std::move(value));
  } catch (...) {
  }
}

void response_bytes(LlmCall* call, std::string_view bytes) noexcept {
  if (call == nullptr) return;
  try {
    call->bytes(bytes, false);
  } catch (...) {
  }
}

void stream_chunk(LlmCall* call, std::string_view chunk) noexcept {
  if (call == nullptr) return;
  try {
    call->bytes(chunk, true);
  } catch (...) {
  }
}

void end(LlmCall* call, int http_status, std::string_view transport_error,
         std::string_view response) noexcept {
  if (call == nullptr) return;
  LlmCall::Ending ending;
  ending.http_status = http_status;
  ending.transport_error = transport_error;
  ending.response = response;
  call->finish(ending);
  delete call;
}

void end_with_exception(LlmCall* call) noexcept {
  if (call == nullptr) return;
  LlmCall::Ending ending;
  ending.exception = true;
  call->finish(ending);
  delete call;
}

void end_cancelled(LlmCall* call, int http_status) noexcept {
  if (call == nullptr) return;
  LlmCall::Ending ending;
  ending.http_status = http_status;
  ending.cancelled = true;
  call->finish(ending);
  delete call;
}

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
