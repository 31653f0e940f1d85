// core/llm_span_end.h: what autolog/ adds to a span's end (hooks it installs in the span core).
//
// A function traced by a rule of the plugin's autolog-rules= file (FunctionSite::llm_format
// set) is the user's own LLM wrapper: when its span ends, its recorded output is read for the
// token usage, model and message format an LLM call's span carries. That reading belongs to
// autolog/ (it knows the providers' shapes), above this layer, so autolog/ installs it here
// when the library loads (autolog/rule_spans.cpp) and the span core calls it, if installed.
#ifndef MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H
#define MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H

#include <mlflow/version.h>

#include <atomic>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct SpanRecord;

// Called on the span's own thread, before the span ends; `format` is the rule's usage=.
using LlmSpanEnd = void (*)(SpanRecord& record, const char* format) noexcept;
extern LlmSpanEnd g_llm_span_end;

// Called when any recorded span is about to end, before it does; null until autolog/ has an
// LLM call whose span outlives the calls that opened it (a llama.cpp generation, which ends at
// the latest when the span it was started under ends: autolog/llama_cpp.cpp). Installed once,
// then a relaxed load and one call per span end.
using SpanEnding = void (*)(const SpanRecord& record) noexcept;
extern std::atomic<SpanEnding> g_span_ending;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H
