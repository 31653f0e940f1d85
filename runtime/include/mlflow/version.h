// mlflow/version.h: the library version and the ABI namespace.
//
// Everything public lives in `mlflow::v0`, an inline namespace, so a future ABI break can move to
// v1 while both link into one process; users always write `mlflow::`.
#ifndef MLFLOW_VERSION_H
#define MLFLOW_VERSION_H

#define MLFLOW_CPP_VERSION_MAJOR 0
#define MLFLOW_CPP_VERSION_MINOR 1
#define MLFLOW_CPP_VERSION_PATCH 0
#define MLFLOW_CPP_VERSION "0.1.0"

#define MLFLOW_BEGIN_NAMESPACE \
  namespace mlflow {           \
  inline namespace v0 {
#define MLFLOW_END_NAMESPACE \
  }                          \
  }

#if defined(_WIN32)
#define MLFLOW_API
#else
#define MLFLOW_API [[gnu::visibility("default")]]
#endif

// C++20 lets spans be literal types, so traced constexpr functions keep working in constant
// evaluation (where the span does nothing).
#if __cplusplus >= 202002L
#define MLFLOW_CONSTEXPR20 constexpr
#define MLFLOW_IS_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#else
#define MLFLOW_CONSTEXPR20
#define MLFLOW_IS_CONSTANT_EVALUATED() false
#endif

#endif  // MLFLOW_VERSION_H
