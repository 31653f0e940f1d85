// llm_call.h: what the runtime's own trackers use of an LLM call (llm_call.cpp) beyond
// <mlflow/detail/autolog.h>.
//
// A llama.cpp generation (llama_cpp.cpp) is spread over many calls of the program, with the
// program's own code in between: its span must not be the thread's current span meanwhile (a span
// the program starts between two llama_decode calls is not inside the generation), and the thread
// must not count as inside an LLM call (an HTTP LLM call made meanwhile is traced). So it begins
// detached: as a child of the calling thread's current span, on no thread's span stack. It ends
// like any call (end(), end_with_exception(), end_cancelled()), on any thread.
#ifndef MLFLOW_RUNTIME_AUTOLOG_LLM_CALL_H
#define MLFLOW_RUNTIME_AUTOLOG_LLM_CALL_H

#include <mlflow/detail/autolog.h>
#include <mlflow/version.h>

#include <string_view>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace autolog {

// begin() without a URL, detached (see above). Null in the same cases as begin().
LlmCall* begin_detached(Integration integration, Api api, std::string_view request,
                        const char* span_name = nullptr) noexcept;

// An attribute of the call's span, recorded as every value of a call is (size limits; secrets
// masked on export); for what neither the request nor the response carries. Null is ignored.
void set_call_attribute(LlmCall* call, std::string_view key, nlohmann::json value) noexcept;

}  // namespace autolog
}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_AUTOLOG_LLM_CALL_H
