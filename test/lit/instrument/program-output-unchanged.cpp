// Tracing never changes what a program computes: the same source built without the plugin (the
// macros vanish), with it, and with it at -O2 prints exactly the same thing. The program
// exercises returns by value, reference and move, exceptions that are caught, recursion,
// templates, lambdas and containers.
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes %rtinc %s %rtlib -o %t.plain
// RUN: %clangxx -std=c++17 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc %s %rtlib -o %t.traced
// RUN: %clangxx -std=c++17 -O2 -Wno-c++23-lambda-attributes -fplugin=%plugin %rtinc %s %rtlib -o %t.traced-O2
// RUN: rm -rf %t.traces
// RUN: %t.plain > %t.plain.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced > %t.traced.out
// RUN: env MLFLOW_CPP_TRACE_DIR=%t.traces %t.traced-O2 > %t.traced-O2.out
// RUN: diff %t.plain.out %t.traced.out
// RUN: diff %t.plain.out %t.traced-O2.out
// RUN: FileCheck %s --input-file=%t.traced.out
// The traced builds did trace (one trace per top-level call of main, in each run):
// RUN: %mlflow_cpp show --no-color %t.traces | FileCheck %s --check-prefix=TRACED
// TRACED-COUNT-2: tr-{{[0-9a-f]+}}  word_counts  OK
#include <mlflow/trace.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

MLFLOW_TRACE(PARSER) std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

MLFLOW_TRACE(TOOL) unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

template <class T>
MLFLOW_TRACE(TOOL) T largest(const std::vector<T>& xs) {
  if (xs.empty())
    throw std::invalid_argument("empty");
  return *std::max_element(xs.begin(), xs.end());
}

struct Tally {
  std::map<std::string, int> counts;
  MLFLOW_TRACE(MEMORY) int& slot(const std::string& w) { return counts[w]; }
  MLFLOW_TRACE(TOOL) std::unique_ptr<std::vector<std::pair<std::string, int>>> sorted() const {
    auto out = std::make_unique<std::vector<std::pair<std::string, int>>>(counts.begin(), counts.end());
    std::sort(out->begin(), out->end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
  }
};

MLFLOW_TRACE(CHAIN) Tally word_counts(const std::string& text) {
  Tally tally;
  auto lower = [] MLFLOW_TRACE(PARSER) (std::string w) {
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
    return w;
  };
  for (const std::string& w : split(text))
    ++tally.slot(lower(w));
  return tally;
}

int main() {
  const std::string text = "the quick brown fox jumps over the lazy dog The end";
  Tally tally = word_counts(text);
  auto sorted = tally.sorted();
  for (const auto& [word, count] : *sorted)
    std::printf("%s=%d ", word.c_str(), count);
  std::printf("\n");
  // CHECK: the=3 brown=1 dog=1 end=1 fox=1 jumps=1 lazy=1 over=1 quick=1
  std::printf("fib(15)=%lu\n", fib(15));
  // CHECK-NEXT: fib(15)=610
  std::vector<double> xs = {2.5, -1, 9.75, 3};
  std::printf("largest=%.2f\n", largest(xs));
  // CHECK-NEXT: largest=9.75
  try {
    largest(std::vector<int>{});
  } catch (const std::invalid_argument& e) {
    std::printf("caught %s\n", e.what());
  }
  // CHECK-NEXT: caught empty
  std::vector<int> lengths;
  for (const std::string& w : split(text))
    lengths.push_back(static_cast<int>(w.size()));
  std::printf("sum=%d max=%d\n", std::accumulate(lengths.begin(), lengths.end(), 0), largest(lengths));
  // CHECK-NEXT: sum=41 max=5
}
// REQUIRES: scoped-plugin-attributes, std-c++23
