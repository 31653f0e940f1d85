// A precompiled header with traced inline functions, for pch.cpp.
#include <mlflow/trace.h>

#include <string>

MLFLOW_TRACE(TOOL) inline std::string label(int n) { return "#" + std::to_string(n); }

struct Store {
  int base = 100;
  MLFLOW_TRACE(MEMORY) int get(int k) const { return base + k; }
};

template <class T>
MLFLOW_TRACE(TOOL) T scaled(T x) {
  return x * 3;
}
