// otlp_genai.h: the OpenTelemetry GenAI semantic-convention attributes (gen_ai.*) of a span.
//
// A generic OpenTelemetry collector and the backends behind it (Jaeger, Grafana, Datadog,
// Langfuse, ...) know nothing of MLflow's mlflow.* attributes; they read the GenAI semantic
// conventions (open-telemetry/semantic-conventions-genai: docs/gen-ai/gen-ai-spans.md and
// docs/registry/attributes/gen-ai.md). The collector exporter therefore sends these beside the
// mlflow.* keys (otlp_encoding.h, OtlpEncodeOptions::genai_semconv). The MLflow server gets
// only mlflow.* keys: with both, its UI shows every message twice (mlflow-contract.md §1.4).
//
// Derived only from what the span already holds, mirroring MLflow's own exporter-side
// translator (mlflow/tracing/export/genai_semconv, MLFLOW_ENABLE_OTEL_GENAI_SEMCONV) so that a
// collector sees the same thing from the Python and the C++ client, and so that MLflow's ingest
// translator (mlflow/tracing/otel/translation/genai_semconv.py) maps them back to the same span
// type, inputs, outputs and token usage:
//
//   span type    gen_ai.operation.name  (other span types get no attribute at all)
//   CHAT_MODEL   chat
//   LLM          generate_content       (MLflow's exporter's choice; MLflow reads it back as LLM)
//   EMBEDDING    embeddings
//   TOOL         execute_tool
//   AGENT        invoke_agent
//
// Values: plain strings, integers, doubles, and string arrays (finish reasons, stop sequences)
// as themselves; structured values (messages, tool definitions, object or list tool arguments
// and results) as JSON text strings (the conventions allow a JSON string where the exporter
// sends no structured AnyValue). Odd shapes never throw: what cannot be derived is left out.
#ifndef MLFLOW_RUNTIME_OTLP_GENAI_H
#define MLFLOW_RUNTIME_OTLP_GENAI_H

#include <mlflow/version.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/span_record.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// The gen_ai.operation.name for an MLflow span type, or nullptr when there is none.
const char* genai_operation_name(std::string_view span_type) noexcept;

// The GenAI attributes of `span`, empty for span types without an operation. In this order,
// each only when it can be derived:
//   gen_ai.operation.name
//   gen_ai.provider.name                    mlflow.llm.provider
//   gen_ai.agent.name (AGENT)               the span name
//   gen_ai.tool.name (TOOL)                 the span name
//   gen_ai.request.model                    mlflow.llm.model, else inputs.model
//   gen_ai.request.temperature, .top_p, .max_tokens, .seed, .frequency_penalty,
//     .presence_penalty, .stop_sequences    the same fields of the inputs (OpenAI request)
//   gen_ai.response.id, gen_ai.response.model                outputs.id, outputs.model
//   gen_ai.response.finish_reasons          outputs.choices[].finish_reason
//   gen_ai.usage.input_tokens, .output_tokens, .cache_read.input_tokens,
//     .cache_creation.input_tokens          mlflow.chat.tokenUsage
//   gen_ai.input.messages                   inputs {"messages": [...]} (or a bare list of
//                                           messages; {"prompt": "..."} or a string for
//                                           CHAT_MODEL/LLM), in the "parts" shape
//   gen_ai.output.messages                  outputs {"choices": [{"message": ...}]} (or
//                                           {"text": ...} choices; a string for CHAT_MODEL/LLM)
//   gen_ai.tool.definitions                 mlflow.chat.tools, else inputs.tools, flattened to
//                                           {"type", "name", "description", "parameters"}
//   gen_ai.tool.call.arguments (TOOL)       the inputs (objects and lists as JSON text)
//   gen_ai.tool.call.result (TOOL)          the outputs (objects and lists as JSON text)
//   error.type                              for an ERROR span: its exception event's
//                                           exception.type, else "_OTHER"
// Never throws.
std::vector<std::pair<std::string, nlohmann::json>> genai_semconv_attributes(
    const SpanRecord& span) noexcept;

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_OTLP_GENAI_H
