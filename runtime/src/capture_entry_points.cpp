// capture_entry_points.cpp: the captures the library makes for the plugin's generated code
// (library_capture in mlflow/detail/function_span.h), for the types most arguments and results
// have. Compiled once here instead of in every traced translation unit; each one records exactly
// what ::mlflow::capture() records for the caller's value (it calls it, with the value converted
// as function_span.h's library_captured() says, which does not change what capture() makes of it).
#include <mlflow/detail/function_span.h>

#include <utility>

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

void deliver(FunctionSpan& span, CaptureTarget target, const char* name,
             nlohmann::json value) noexcept {
  switch (target) {
    case CaptureTarget::kInput:
      span.add_input(name, std::move(value));
      break;
    case CaptureTarget::kPackInput:
      span.add_pack_input(name, std::move(value));
      break;
    case CaptureTarget::kOutput:
      span.set_output(std::move(value));
      break;
  }
}

}  // namespace

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     bool value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::int64_t value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::uint64_t value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     double value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     std::string_view value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<std::string>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<int>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<float>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::vector<double>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, std::string>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, int>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture(FunctionSpan& span, CaptureTarget target, const char* name,
                     const std::map<std::string, double>& value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

void library_capture_c_string(FunctionSpan& span, CaptureTarget target, const char* name,
                              const char* value) noexcept {
  deliver(span, target, name, ::mlflow::capture(value));
}

}  // namespace detail
MLFLOW_END_NAMESPACE
