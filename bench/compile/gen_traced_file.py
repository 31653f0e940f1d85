#!/usr/bin/env python3
"""Generate a C++ translation unit with N traced functions of mixed signatures.

The compile-time benchmark (compile_time.py) compiles this file with and without the mlflow-cpp
Clang plugin. Both variants include <mlflow/trace.h>, so the difference is the plugin's own cost
(its AST work plus generating and optimizing the injected hooks), not the header's.

Each of the N annotated definitions is one of these kinds, in rotation:

  int(int, int)                          double(double, int)
  std::string(const std::string&, int)   std::string(std::string)            (by value)
  std::vector<std::string>(const std::vector<std::string>&, const std::string&)
  std::map<std::string, int>(const std::map<std::string, int>&, const std::string&)
  Doc(const Doc&, double)                (a user struct with to_json)
  void(std::vector<std::string>&, const std::string&)
  member function, defined in the class  member function, defined out of line
  function template, instantiated twice  (int and std::string: 2 instrumented bodies)
  lambda inside a plain function         bool(long, double, const char*)

Most bodies have two return statements (each becomes a record_return call).

Spelling of the annotation (--spelling):
  macro     MLFLOW_TRACE(TYPE), from <mlflow/trace.h>: [[mlflow::trace(TYPE)]] when the plugin
            is loaded, nothing otherwise. The real thing.
  annotate  BENCH_TRACE(TYPE): [[clang::annotate("mlflow.trace:TYPE;;")]] (the plugin's internal
            encoding of a request, see plugin/TraceRequest.h) when MLFLOW_BENCH_ANNOTATE is
            defined, nothing otherwise. A stand-in for measuring while MLFLOW_TRACE is not yet
            recognised by the plugin; compile_time.py defines MLFLOW_BENCH_ANNOTATE only in the
            runs with the plugin, so the "without" variant is the same plain code either way.

Usage: gen_traced_file.py [-n 800] [--spelling macro|annotate] [-o out.cpp]
Prints nothing but the file (to stdout, or to -o); the counts go in a trailing comment and are
available from Python as generate(n, spelling) -> (text, stats).
"""

import argparse
import sys

SPAN_TYPES = ["TOOL", "CHAIN", "LLM", "RETRIEVER", "AGENT", "PARSER", "EMBEDDING", "UNKNOWN",
              "RERANKER", "CHAT_MODEL", "MEMORY", "TASK"]

KINDS = ["int", "double", "string_ref", "string_val", "vector", "map", "doc", "void",
         "member_inline", "member_outofline", "template", "lambda", "mixed"]

PRELUDE_MACRO = """\
#include <mlflow/trace.h>

#define BENCH_TRACE(TYPE) MLFLOW_TRACE(TYPE)
"""

PRELUDE_ANNOTATE = """\
#include <mlflow/trace.h>

// Stand-in for MLFLOW_TRACE(TYPE) (see gen_traced_file.py): the plugin's encoded request.
#if defined(MLFLOW_BENCH_ANNOTATE)
#define BENCH_TRACE(TYPE) [[clang::annotate("mlflow.trace:" #TYPE ";;")]]
#else
#define BENCH_TRACE(TYPE)
#endif
"""

COMMON = """\
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bench {

struct Doc {
  int id = 0;
  std::string text;
  double score = 0.0;
};

inline void to_json(nlohmann::json& j, const Doc& d) {
  j = nlohmann::json{{"id", d.id}, {"text", d.text}, {"score", d.score}};
}

"""


def _fn(kind, i, span_type, spelling):
    """Source of the i-th definition. Returns (text, instrumented_bodies)."""
    T = f"BENCH_TRACE({span_type})" if spelling == "annotate" else f"MLFLOW_TRACE({span_type})"
    k = i % 97 + 1
    if kind == "int":
        return (f"""\
{T} int f{i}(int a, int b) {{
  if (a > b + {k}) return a - b;
  int r = a * {k} + b;
  for (int j = 0; j < 3; ++j) r ^= (r << 1) + j;
  return r;
}}
""", 1)
    if kind == "double":
        return (f"""\
{T} double f{i}(double x, int n) {{
  if (n <= 0) return x;
  double acc = 0.0;
  for (int j = 0; j < n; ++j) acc += x * j / {k}.0;
  return acc;
}}
""", 1)
    if kind == "string_ref":
        return (f"""\
{T} std::string f{i}(const std::string& s, int k) {{
  if (s.empty()) return std::string("empty-{i}");
  std::string out = s;
  out += ':';
  out += std::to_string(k + {k});
  return out;
}}
""", 1)
    if kind == "string_val":
        return (f"""\
{T} std::string f{i}(std::string s) {{
  if (s.size() > {k}u) s.resize({k});
  s += "-{i}";
  return s;
}}
""", 1)
    if kind == "vector":
        return (f"""\
{T} std::vector<std::string> f{i}(const std::vector<std::string>& v, const std::string& sep) {{
  std::vector<std::string> out;
  if (v.empty()) return out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(s + sep + "{k}");
  return out;
}}
""", 1)
    if kind == "map":
        return (f"""\
{T} std::map<std::string, int> f{i}(const std::map<std::string, int>& m, const std::string& key) {{
  std::map<std::string, int> out = m;
  if (out.count(key) != 0) return out;
  out[key] = {k};
  return out;
}}
""", 1)
    if kind == "doc":
        return (f"""\
{T} Doc f{i}(const Doc& d, double w) {{
  Doc out = d;
  if (w < 0) return out;
  out.score = d.score * w + {k};
  out.text += "#{i}";
  return out;
}}
""", 1)
    if kind == "void":
        return (f"""\
{T} void f{i}(std::vector<std::string>& out, const std::string& s) {{
  if (s.empty()) return;
  out.push_back(s + "{k}");
}}
""", 1)
    if kind == "member_inline":
        return (f"""\
struct C{i} {{
  int base = {k};
  std::string name = "c{i}";
  {T} int run(const std::string& q, int n) const {{
    if (q.empty()) return base;
    return base + n + static_cast<int>(q.size());
  }}
}};
int use{i}(const std::string& q) {{ return C{i}().run(q, {k}); }}
""", 1)
    if kind == "member_outofline":
        return (f"""\
struct C{i} {{
  std::vector<std::string> items;
  {T} std::size_t add(const std::string& s, double weight);
}};
std::size_t C{i}::add(const std::string& s, double weight) {{
  if (weight <= 0) return items.size();
  items.push_back(s);
  return items.size() + {k};
}}
""", 1)
    if kind == "template":
        return (f"""\
template <class T>
{T} T f{i}(const T& x, int n) {{
  if (n <= 0) return x;
  T out = x;
  for (int j = 1; j < n % 3 + 1; ++j) out = out + x;
  return out;
}}
int use{i}(int n) {{ return f{i}<int>(n, {k}) + static_cast<int>(f{i}<std::string>("t{i}", n).size()); }}
""", 2)
    if kind == "lambda":
        return (f"""\
int host{i}(int x, const std::string& s) {{
  auto l = [] {T} (int a, const std::string& t) -> int {{
    if (t.empty()) return a;
    return a * {k} + static_cast<int>(t.size());
  }};
  return l(x, s);
}}
""", 1)
    if kind == "mixed":
        return (f"""\
{T} bool f{i}(long a, double b, const char* c) {{
  if (c == nullptr) return false;
  return static_cast<double>(a) * {k} > b + static_cast<double>(c[0]);
}}
""", 1)
    raise ValueError(kind)


def generate(n=800, spelling="macro"):
    if spelling not in ("macro", "annotate"):
        raise ValueError(f"unknown spelling {spelling!r}")
    parts = [f"// Generated by bench/compile/gen_traced_file.py -n {n} --spelling {spelling}.\n",
             PRELUDE_ANNOTATE if spelling == "annotate" else PRELUDE_MACRO, COMMON]
    bodies = 0
    per_kind = {k: 0 for k in KINDS}
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        text, b = _fn(kind, i, SPAN_TYPES[i % len(SPAN_TYPES)], spelling)
        parts.append(text)
        bodies += b
        per_kind[kind] += 1
    parts.append("}  // namespace bench\n")
    stats = {"annotated_definitions": n, "expected_instrumented_bodies": bodies,
             "per_kind": per_kind}
    parts.append(f"// {n} annotated definitions, {bodies} instrumented bodies "
                 f"(templates count twice).\n")
    return "".join(parts), stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=800, help="annotated definitions (default 800)")
    ap.add_argument("--spelling", choices=["macro", "annotate"], default="macro")
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("-n must be >= 0")
    text, _ = generate(args.n, args.spelling)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
