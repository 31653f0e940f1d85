// llama_cpp.cpp: llama.cpp generations run in process (<mlflow/detail/autolog_llama.h>), and
// the llama.cpp provider of their spans.
//
// The adapter (<mlflow/detail/autolog/llama-cpp.h>) reports every call it saw; this file decides
// where a generation starts and ends and makes one LLM call (llm_call.cpp) of each, begun
// detached (llm_call.h): the generation's span is a child of the span that was current where its
// prompt was decoded, and never the current span itself, since the program runs its own code
// between the calls. The rules (docs/autolog.md#llama-cpp):
//
//   start   llama_decode on a context with no generation, or whose batch is not the tokens
//           sampled since its last decode (a new prompt). A decode before the first token of
//           a generation was sampled adds to its prompt (a prompt decoded in several batches).
//   kind    CHAT_MODEL when the batch's tokens are those of a llama_tokenize call on this thread
//           whose text was the text, or the end of the text (simple-chat tokenizes the new part
//           only), of the most recent llama_chat_apply_template call on this thread before it:
//           inputs {"messages": [...]} as given to the template. LLM otherwise: {"prompt": text}
//           (null when no tokenization on this thread gave the batch's tokens).
//           On a context with embeddings on (its parameters, llama_set_embeddings): EMBEDDING,
//           ended by the first llama_get_embeddings* call after the decode.
//   tokens  llama_sampler_sample's results on the context; the text, llama_token_to_piece's of
//           the token just sampled on the same thread.
//   end     a sampled token that llama_vocab_is_eog says ends the generation (finish_reason
//           "stop"); otherwise ("length") the next prompt's decode, llama_free or
//           llama_memory_clear of the context, or the process's exit. A llama_decode that fails
//           ends it as an error.
//
// Everything is kept under one lock, held for map lookups and small copies only: spans are
// begun and ended outside it. A context is used by one thread at a time (llama.cpp's rule), so
// the calling thread's own state (what it tokenized, what it sampled last) needs no lock.
#include <mlflow/detail/autolog_llama.h>
#include <mlflow/detail/prelude.h>
#include <mlflow/span.h>
#include <mlflow/tracing.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "autolog/json_body.h"
#include "autolog/llm_call.h"
#include "autolog/provider.h"
#include "core/llm_span_end.h"
#include "core/span_record.h"
#include "core/span_stack.h"
#include "support/clock.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// --- The provider: llama.cpp's generations, in OpenAI's shapes -----------------------------------

namespace {

class LlamaCppProvider : public Provider {
 public:
  const char* name() const noexcept override { return "llama.cpp"; }
  const char* message_format(Api api) const noexcept override {
    return api == Api::kLlamaCppChat ? "openai" : nullptr;
  }
  bool request_streams(Api, const nlohmann::json&) const override { return false; }
  nlohmann::json aggregate(Api, const std::vector<StreamEvent>&) const override {
    return nlohmann::json();
  }
  nlohmann::json token_usage(Api, const nlohmann::json& response) const override {
    const nlohmann::json* usage = member(response, "usage");
    if (usage == nullptr || !usage->is_object()) return nlohmann::json();
    return make_token_usage(integer_member(*usage, "prompt_tokens"),
                            integer_member(*usage, "completion_tokens"),
                            integer_member(*usage, "total_tokens"));
  }
};

}  // namespace

// Never destroyed: generations may end at exit (end_all_at_exit), after static destructors ran.
const Provider& llama_cpp_provider() noexcept {
  static const Provider* const provider = new LlamaCppProvider();
  return *provider;
}

namespace llama_cpp {
namespace {

// What one sampler constructor was called with ("temp", 0.8); a chain holds its members'.
struct SamplerSetting {
  std::string kind;
  double value;
};
using SamplerSettings = std::vector<SamplerSetting>;

struct Generation {
  Api api = Api::kLlamaCppCompletion;
  // The span that was current when it started (null: none). The generation ends, at the latest,
  // when that span ends (parent_ending below): a program that stops sampling without an end of
  // generation has its generation ended inside the span it belongs to.
  const SpanRecord* parent = nullptr;
  std::uint64_t serial = 0;
  LlmCall* call = nullptr;  // null: not traced (tracing off, the trace not sampled), but followed
  std::string model;
  std::int64_t start_ns = 0;
  std::int64_t first_token_ns = 0;
  std::int64_t last_token_ns = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t output_tokens = 0;
  std::vector<std::int32_t> since_decode;  // sampled since the last decode
  std::string text;
  bool decoding = false;  // between decode_begin and decode_end
  bool sampler_seen = false;
  SamplerSettings sampler;
};

struct ContextState {
  std::string model;
  const void* memory = nullptr;
  bool embeddings = false;
  std::int32_t n_embd = 0;
  std::unique_ptr<Generation> generation;
};

// How a generation ended.
struct Ending {
  const char* finish_reason = "length";
  std::string error;              // a failed llama_decode
  const float* embedding = nullptr;
  std::int32_t dimensions = 0;
};

class Tracker {
 public:
  std::mutex mutex;
  std::unordered_map<const void*, ContextState> contexts;
  std::unordered_map<const void*, std::string> model_files;
  std::unordered_map<const void*, SamplerSettings> samplers;
  std::uint64_t next_serial = 1;
  bool exit_handler = false;
  // Generations open (traced or not): the per-token calls look no further while there are none.
  std::atomic<int> open{0};
};

// Never destroyed: generations may end at exit, after static destructors started.
Tracker& tracker() {
  static Tracker* const instance = new Tracker();
  return *instance;
}

// --- The calling thread's own state --------------------------------------------------------------

struct Tokenization {
  std::string text;
  std::vector<std::int32_t> tokens;
  std::shared_ptr<const nlohmann::json> messages;  // set: the text came from the chat template
};

struct ThreadState {
  // The most recent llama_chat_apply_template on this thread.
  std::shared_ptr<const nlohmann::json> chat_messages;
  std::string chat_text;
  // The last few llama_tokenize calls, newest last.
  std::deque<Tokenization> tokenizations;
  // The token sampled last on this thread, while its piece or end-of-generation test may follow.
  const void* sampled_context = nullptr;
  std::uint64_t sampled_serial = 0;
  std::int32_t sampled_token = 0;
  bool piece_pending = false;
};
constexpr std::size_t kTokenizationsKept = 4;

ThreadState& thread_state() {
  static thread_local ThreadState state;
  return state;
}

// --- Ending a generation ------------------------------------------------------------------------

// A float as it was written in the program (0.8f is 0.8, not 0.800000011920929).
double readable(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.7g", value);
  return std::strtod(text, nullptr);
}

void record_sampler(LlmCall* call, const SamplerSettings& settings) {
  if (settings.empty()) return;
  nlohmann::json chain = nlohmann::json::array();
  for (const SamplerSetting& s : settings) {
    if (std::isnan(s.value)) {
      chain.push_back(s.kind);
      continue;
    }
    const double value = readable(s.value);
    nlohmann::json number = value;
    if (s.kind == "top_k" || s.kind == "dist") number = static_cast<std::int64_t>(value);
    chain.push_back(s.kind + "(" + number.dump() + ")");
    // As an OpenAI request's parameters are recorded (openai.cpp): under their own names.
    const char* key = s.kind == "temp"    ? "temperature"
                      : s.kind == "top_k" ? "top_k"
                      : s.kind == "top_p" ? "top_p"
                      : s.kind == "min_p" ? "min_p"
                      : s.kind == "dist"  ? "seed"
                                          : nullptr;
    if (key != nullptr) set_call_attribute(call, key, number);
  }
  set_call_attribute(call, "llama_cpp.sampler", std::move(chain));
}

void finish(std::unique_ptr<Generation> g, const Ending& ending) noexcept {
  if (!g) return;
  tracker().open.fetch_sub(1, std::memory_order_relaxed);
  if (g->call == nullptr) return;
  LlmCall* call = std::exchange(g->call, nullptr);
  std::string response;
  try {
    nlohmann::json out;
    if (!ending.error.empty()) {
      out = {{"error", {{"type", "llama_decode"}, {"message", ending.error}}}};
    } else if (g->api == Api::kLlamaCppEmbedding) {
      out = {{"object", "embedding"}, {"model", g->model}};
      if (ending.embedding != nullptr) {
        nlohmann::json prefix = nlohmann::json::array();
        for (std::int32_t i = 0; i < std::min<std::int32_t>(ending.dimensions, 8); ++i)
          prefix.push_back(readable(ending.embedding[i]));
        out["dimensions"] = ending.dimensions;
        out["embedding_prefix"] = std::move(prefix);
      }
      out["usage"] = {{"prompt_tokens", g->prompt_tokens}, {"total_tokens", g->prompt_tokens}};
    } else {
      const bool chat = g->api == Api::kLlamaCppChat;
      nlohmann::json choice = {{"index", 0}};
      if (chat) {
        choice["message"] = {{"role", "assistant"}, {"content", g->text}};
      } else {
        choice["text"] = g->text;
      }
      choice["finish_reason"] = ending.finish_reason;
      out = {{"object", chat ? "chat.completion" : "text_completion"},
             {"created", g->start_ns / 1000000000},
             {"model", g->model},
             {"choices", nlohmann::json::array({std::move(choice)})},
             {"usage",
              {{"prompt_tokens", g->prompt_tokens},
               {"completion_tokens", g->output_tokens},
               {"total_tokens", g->prompt_tokens + g->output_tokens}}}};
      if (g->model.empty()) out.erase("model");
      record_sampler(call, g->sampler);
      if (g->first_token_ns != 0)
        set_call_attribute(call, "gen_ai.response.time_to_first_token",
                           static_cast<double>(g->first_token_ns - g->start_ns) / 1e9);
      if (g->output_tokens >= 2 && g->last_token_ns > g->first_token_ns)
        set_call_attribute(call, "gen_ai.response.tokens_per_second",
                           static_cast<double>(g->output_tokens - 1) * 1e9 /
                               static_cast<double>(g->last_token_ns - g->first_token_ns));
    }
    response = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (...) {  // out of memory: the span ends with what it has
  }
  end(call, 0, std::string_view(), response);
}

// Ends, at the process's exit, the generations still open (simple.cpp's loop never samples the
// end of generation; simple-chat exits when the context is full). Registered with atexit when
// the first generation starts, so after the runtime's final flush was (at load): it runs first.
void end_all_at_exit() noexcept {
  std::vector<std::unique_ptr<Generation>> open;
  {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    for (auto& [context, state] : t.contexts)
      if (state.generation) open.push_back(std::move(state.generation));
  }
  for (auto& g : open) finish(std::move(g), Ending{});
}

// The record of this thread's current span, or null: only compared with the ending span's in
// parent_ending, never written through (so not lent as a SpanRef is).
const SpanRecord* current_span_record() noexcept {
  const SpanFrame* top = SpanStack::current().top();
  return top != nullptr ? top->record : nullptr;
}

// A span is ending (core/llm_span_end.h): the generations started under it end first, with
// what they generated ("length": no end of generation was sampled).
void parent_ending(const SpanRecord& parent) noexcept {
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  std::vector<std::unique_ptr<Generation>> ending;
  try {
    std::lock_guard<std::mutex> lock(t.mutex);
    for (auto& [context, state] : t.contexts)
      if (state.generation && state.generation->parent == &parent)
        ending.push_back(std::move(state.generation));
  } catch (...) {  // out of memory: they end later (next prompt, free, exit)
  }
  for (auto& g : ending) finish(std::move(g), Ending{});
}

// The tokenization of this thread whose tokens begin with the batch's (the batch is the prompt,
// or its first part).
const Tokenization* prompt_of(const std::int32_t* tokens, std::int32_t count) {
  if (tokens == nullptr || count <= 0) return nullptr;
  const auto& all = thread_state().tokenizations;
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (static_cast<std::size_t>(count) <= it->tokens.size() &&
        std::equal(tokens, tokens + count, it->tokens.begin()))
      return &*it;
  return nullptr;
}

std::string request_of(Api api, const Tokenization* prompt) {
  nlohmann::json request;
  if (api == Api::kLlamaCppChat) {
    request = {{"messages", *prompt->messages}};
  } else if (api == Api::kLlamaCppEmbedding) {
    request = {{"input", prompt != nullptr ? nlohmann::json(prompt->text) : nlohmann::json()}};
  } else {
    request = {{"prompt", prompt != nullptr ? nlohmann::json(prompt->text) : nlohmann::json()}};
  }
  return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The generation of `context` whose token this thread sampled last, if it is still open.
Generation* sampled_generation(Tracker& t, const ThreadState& state) {
  auto found = t.contexts.find(state.sampled_context);
  if (found == t.contexts.end() || !found->second.generation) return nullptr;
  Generation* g = found->second.generation.get();
  return g->serial == state.sampled_serial ? g : nullptr;
}

}  // namespace

// --- The entry points ---------------------------------------------------------------------------

void model_loaded(const void* model, std::string_view path) noexcept {
  try {
    const std::size_t slash = path.find_last_of('/');
    std::string file(slash == std::string_view::npos ? path : path.substr(slash + 1));
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    t.model_files[model] = std::move(file);
  } catch (...) {
  }
}

void context_created(const void* context, const void* model, std::string_view gguf_name,
                     const void* memory, bool embeddings, std::int32_t n_embd) noexcept {
  std::unique_ptr<Generation> stale;  // a context freed unseen, whose address came back
  try {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    ContextState& state = t.contexts[context];
    stale = std::move(state.generation);
    state.model = std::string(gguf_name);
    if (state.model.empty())
      if (auto found = t.model_files.find(model); found != t.model_files.end())
        state.model = found->second;
    state.memory = memory;
    state.embeddings = embeddings;
    state.n_embd = n_embd;
  } catch (...) {
  }
  finish(std::move(stale), Ending{});
}

void embeddings_set(const void* context, bool on) noexcept {
  try {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    t.contexts[context].embeddings = on;
  } catch (...) {
  }
}

void context_freed(const void* context) noexcept {
  std::unique_ptr<Generation> g;
  {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.contexts.find(context);
    if (found == t.contexts.end()) return;
    g = std::move(found->second.generation);
    t.contexts.erase(found);
  }
  finish(std::move(g), Ending{});
}

void memory_cleared(const void* memory) noexcept {
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  std::unique_ptr<Generation> g;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    for (auto& [context, state] : t.contexts)
      if (state.memory == memory && state.generation) g = std::move(state.generation);
  }
  finish(std::move(g), Ending{});
}

void chat_formatted(const ChatMessageText* messages, std::size_t count,
                    std::string_view formatted) noexcept {
  try {
    auto list = std::make_shared<nlohmann::json>(nlohmann::json::array());
    for (std::size_t i = 0; i < count; ++i)
      list->push_back({{"role", std::string(messages[i].role)},
                       {"content", std::string(messages[i].content)}});
    ThreadState& state = thread_state();
    state.chat_messages = std::move(list);
    state.chat_text.assign(formatted.data(), formatted.size());
  } catch (...) {
  }
}

void tokenized(std::string_view text, const std::int32_t* tokens, std::int32_t count) noexcept {
  try {
    ThreadState& state = thread_state();
    Tokenization entry;
    entry.text.assign(text.data(), text.size());
    entry.tokens.assign(tokens, tokens + count);
    const std::string_view formatted = state.chat_text;
    if (state.chat_messages && !text.empty() && formatted.size() >= text.size() &&
        formatted.substr(formatted.size() - text.size()) == text)
      entry.messages = state.chat_messages;
    if (state.tokenizations.size() == kTokenizationsKept) state.tokenizations.pop_front();
    state.tokenizations.push_back(std::move(entry));
  } catch (...) {
  }
}

void decode_begin(const void* context, const std::int32_t* tokens, std::int32_t count) noexcept {
  Tracker& t = tracker();
  const bool tracing = tracing_enabled();
  if (!tracing && t.open.load(std::memory_order_relaxed) == 0) return;
  std::unique_ptr<Generation> ended;
  Generation* started = nullptr;  // compared, never read, outside the lock
  Api api = Api::kLlamaCppCompletion;
  try {
    std::lock_guard<std::mutex> lock(t.mutex);
    ContextState& state = t.contexts[context];
    if (Generation* g = state.generation.get()) {
      if (g->api != Api::kLlamaCppEmbedding && g->output_tokens == 0) {
        g->prompt_tokens += count;  // the prompt, in another batch
        g->decoding = true;
        return;
      }
      const auto& sampled = g->since_decode;
      if (g->api != Api::kLlamaCppEmbedding && tokens != nullptr && count > 0 &&
          static_cast<std::size_t>(count) <= sampled.size() &&
          std::equal(tokens, tokens + count, sampled.end() - count)) {
        g->since_decode.clear();  // the generation goes on
        g->decoding = true;
        return;
      }
      ended = std::move(state.generation);  // a new prompt
    }
    if (tracing) {
      auto g = std::make_unique<Generation>();
      g->api = state.embeddings ? Api::kLlamaCppEmbedding : Api::kLlamaCppCompletion;
      g->serial = t.next_serial++;
      g->model = state.model;
      g->prompt_tokens = count;
      g->decoding = true;
      started = g.get();
      api = g->api;
      state.generation = std::move(g);
      t.open.fetch_add(1, std::memory_order_relaxed);
      if (!t.exit_handler) {
        t.exit_handler = true;
        std::atexit([] { end_all_at_exit(); });
      }
    }
  } catch (...) {  // out of memory: this decode is not followed
    started = nullptr;
  }
  finish(std::move(ended), Ending{});
  if (started == nullptr) return;

  // The span, outside the lock. Only this thread uses the context (llama.cpp's rule); the exit
  // handler may have ended the generation meanwhile, and then the span ends at once.
  LlmCall* call = nullptr;
  try {
    const Tokenization* prompt = prompt_of(tokens, count);
    if (api == Api::kLlamaCppCompletion && prompt != nullptr && prompt->messages)
      api = Api::kLlamaCppChat;
    const SpanRecord* parent = current_span_record();
    call = begin_detached(Integration::kLlamaCpp, api, request_of(api, prompt));
    if (parent != nullptr) g_span_ending.store(&parent_ending, std::memory_order_release);
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.contexts.find(context);
    if (found != t.contexts.end() && found->second.generation.get() == started) {
      started->parent = parent;
      started->api = api;
      started->start_ns = now_unix_nanos();
      started->call = std::exchange(call, nullptr);
    }
  } catch (...) {
  }
  if (call != nullptr) end(call, 0, std::string_view());
}

void decode_end(const void* context, std::int32_t result) noexcept {
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  std::unique_ptr<Generation> failed;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.contexts.find(context);
    if (found == t.contexts.end() || !found->second.generation) return;
    Generation& g = *found->second.generation;
    if (!g.decoding) return;
    g.decoding = false;
    if (result != 0) failed = std::move(found->second.generation);
  }
  if (failed) {
    Ending ending;
    try {
      ending.error = "llama_decode returned " + std::to_string(result);
    } catch (...) {
    }
    finish(std::move(failed), ending);
  }
}

void sampled(const void* sampler, const void* context, std::int32_t token) noexcept {
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  const std::int64_t now = now_unix_nanos();
  try {
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.contexts.find(context);
    if (found == t.contexts.end() || !found->second.generation) return;
    Generation& g = *found->second.generation;
    if (g.api == Api::kLlamaCppEmbedding) return;
    if (g.output_tokens++ == 0) g.first_token_ns = now;
    g.last_token_ns = now;
    g.since_decode.push_back(token);
    if (!g.sampler_seen) {
      g.sampler_seen = true;
      if (auto settings = t.samplers.find(sampler); settings != t.samplers.end())
        g.sampler = settings->second;
    }
    ThreadState& state = thread_state();
    state.sampled_context = context;
    state.sampled_serial = g.serial;
    state.sampled_token = token;
    state.piece_pending = true;
  } catch (...) {
  }
}

void eog_checked(std::int32_t token, bool eog) noexcept {
  if (!eog) return;
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  ThreadState& state = thread_state();
  if (state.sampled_context == nullptr || state.sampled_token != token) return;
  std::unique_ptr<Generation> g;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    if (sampled_generation(t, state) != nullptr)
      g = std::move(t.contexts.find(state.sampled_context)->second.generation);
  }
  state.sampled_context = nullptr;
  state.piece_pending = false;
  Ending ending;
  ending.finish_reason = "stop";
  finish(std::move(g), ending);
}

void piece(std::int32_t token, std::string_view piece) noexcept {
  ThreadState& state = thread_state();
  if (!state.piece_pending || state.sampled_token != token) return;
  state.piece_pending = false;
  try {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    if (Generation* g = sampled_generation(t, state)) g->text.append(piece.data(), piece.size());
  } catch (...) {
  }
}

void embeddings_read(const void* context, const float* values) noexcept {
  Tracker& t = tracker();
  if (t.open.load(std::memory_order_relaxed) == 0) return;
  std::unique_ptr<Generation> g;
  Ending ending;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    auto found = t.contexts.find(context);
    if (found == t.contexts.end() || !found->second.generation ||
        found->second.generation->api != Api::kLlamaCppEmbedding)
      return;
    g = std::move(found->second.generation);
    ending.embedding = values;
    ending.dimensions = found->second.n_embd;
  }
  finish(std::move(g), ending);
}

void sampler_made(const void* sampler, std::string_view kind, double value) noexcept {
  try {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    SamplerSettings& settings = t.samplers[sampler];
    settings.clear();
    if (kind != "chain") settings.push_back({std::string(kind), value});
  } catch (...) {
  }
}

void sampler_added(const void* chain, const void* sampler) noexcept {
  try {
    Tracker& t = tracker();
    std::lock_guard<std::mutex> lock(t.mutex);
    auto member = t.samplers.find(sampler);
    if (member == t.samplers.end()) return;
    SamplerSettings added = member->second;
    SamplerSettings& settings = t.samplers[chain];
    settings.insert(settings.end(), added.begin(), added.end());
  } catch (...) {
  }
}

}  // namespace llama_cpp
}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE
