// core/llm_span_end.h: what happens when a span traced by an autolog rule ends.
//
// A function traced by a rule of the plugin's autolog-rules= file (FunctionSite::llm_format
// set) is the user's own LLM wrapper: when its span ends, its recorded output is read for the
// token usage, model and message format an LLM call's span carries. That reading belongs to
// autolog/ (it knows the providers' shapes), above this layer, so autolog/ installs it here
// when the library loads (autolog/rule_spans.cpp) and the span core calls it, if installed.
#ifndef MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H
#define MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H

#include <mlflow/version.h>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

struct SpanRecord;

// Called on the span's own thread, before the span ends; `format` is the rule's usage=.
using LlmSpanEnd = void (*)(SpanRecord& record, const char* format) noexcept;
extern LlmSpanEnd g_llm_span_end;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_CORE_LLM_SPAN_END_H
