// tree_render.cpp: see tree_render.h.
#include "tree_render.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text.h"

namespace mlflow::cli {
namespace {

constexpr std::string_view kUnknown = "?";
// Inputs, outputs and messages are shown as a glimpse; `--json` has them in full.
constexpr std::size_t kMaxValueChars = 60;
constexpr std::string_view kIndent = "  ";  // the tree, under its header line

constexpr std::string_view kBranch = "\xE2\x94\x9C\xE2\x94\x80 ";     // "├─ "
constexpr std::string_view kLastBranch = "\xE2\x94\x94\xE2\x94\x80 ";  // "└─ "
constexpr std::string_view kPipe = "\xE2\x94\x82  ";                   // "│  "
constexpr std::string_view kGap = "   ";

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kReset = "\x1b[0m";

class Writer {
 public:
  Writer(const RenderStyle& style, std::string& out) : style_(style), out_(out) {}

  Writer& text(std::string_view piece) {
    out_ += piece;
    return *this;
  }
  Writer& colored(std::string_view color, std::string_view piece) {
    if (!style_.color || color.empty()) return text(piece);
    out_ += color;
    out_ += piece;
    out_ += kReset;
    return *this;
  }

 private:
  const RenderStyle& style_;
  std::string& out_;
};

std::string_view status_color(std::string_view status) {
  if (status == "ERROR") return kRed;
  if (status == "OK") return kGreen;
  return {};
}

std::string shown(const std::optional<std::string>& value) {
  return value ? printable(*value) : std::string(kUnknown);
}

std::string duration_text(const SpanView& span) {
  const auto ns = span.duration_ns();
  if (!ns) return std::string(kUnknown) + " ms";
  char text[48];
  std::snprintf(text, sizeof text, "%.2f ms", static_cast<double>(*ns) / 1e6);
  return text;
}

void write_header(const TraceView& trace, Writer& out) {
  const std::string state = shown(trace.state);
  out.colored(kYellow, shown(trace.trace_id)).text("  ");
  out.colored(kBold, shown(trace.name)).text("  ");
  out.colored(status_color(state), state).text("  ");
  if (trace.duration_ms) {
    out.text(std::to_string(*trace.duration_ms)).text(" ms  ");
  } else {
    out.text(kUnknown).text(" ms  ");
  }
  out.text(shown(trace.request_time)).text("\n");
}

void write_span_text(const SpanView& span, Writer& out) {
  out.text(shown(span.name)).text(" ");
  out.colored(kCyan, "[" + shown(span.type) + "]").text(" ");
  const std::string status = shown(span.status);
  if (span.is_error() && !span.status_message.empty()) {
    out.colored(kRed, status + " (" + truncate(printable(span.status_message), kMaxValueChars) +
                          ")");
  } else {
    out.colored(status_color(status), status);
  }
  out.text(" ").text(duration_text(span));
  if (span.inputs) {
    out.text("  ").colored(kDim, "in:").text(" ").text(
        attribute_glimpse(*span.inputs, kMaxValueChars));
  }
  if (span.outputs) {
    out.text("  ").colored(kDim, "out:").text(" ").text(
        attribute_glimpse(*span.outputs, kMaxValueChars));
  }
  out.text("\n");
}

std::string exception_text(const ExceptionView& exception) {
  std::string text = "exception: " + shown(exception.type);
  if (exception.message && !exception.message->empty())
    text += ": " + truncate(printable(*exception.message), kMaxValueChars);
  return text;
}

// The spans as a forest: children of each span and the roots, each list ordered by start time
// (unknown start times last, then stored order).
struct Forest {
  std::vector<std::vector<std::size_t>> children;
  std::vector<std::size_t> roots;
};

Forest build_forest(const std::vector<SpanView>& spans) {
  // The first span with each id; a later duplicate does not capture another span's children.
  std::unordered_map<std::string_view, std::size_t> by_id;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!spans[i].id.empty()) by_id.emplace(spans[i].id, i);
  }
  Forest forest;
  forest.children.resize(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto parent = spans[i].parent_id.empty() ? by_id.end() : by_id.find(spans[i].parent_id);
    if (parent == by_id.end() || parent->second == i) {
      forest.roots.push_back(i);
    } else {
      forest.children[parent->second].push_back(i);
    }
  }
  // Ties (and unknown start times) keep the stored order: the index breaks them. (std::sort with
  // a total order rather than std::stable_sort, whose libstdc++ 12 temporary buffer warns.)
  const auto by_start = [&spans](std::size_t a, std::size_t b) {
    constexpr auto kLast = std::numeric_limits<std::int64_t>::max();
    const auto start_a = spans[a].start_ns.value_or(kLast);
    const auto start_b = spans[b].start_ns.value_or(kLast);
    return start_a != start_b ? start_a < start_b : a < b;
  };
  std::sort(forest.roots.begin(), forest.roots.end(), by_start);
  for (auto& list : forest.children) std::sort(list.begin(), list.end(), by_start);
  return forest;
}

// Writes the tree under `root`. Iterative, so a deeply nested trace cannot exhaust the stack.
void write_tree(const std::vector<SpanView>& spans, const Forest& forest, std::size_t root,
                std::vector<bool>& shown_already, Writer& out) {
  struct Pending {
    std::size_t span;
    std::string prefix;  // the tree lines of the ancestors
    bool is_root;
    bool is_last;  // the last of its siblings
  };
  std::vector<Pending> stack{{root, "", true, true}};
  while (!stack.empty()) {
    Pending item = std::move(stack.back());
    stack.pop_back();
    if (shown_already[item.span]) continue;  // only possible in a parent cycle
    shown_already[item.span] = true;
    const SpanView& span = spans[item.span];

    out.text(kIndent).text(item.prefix);
    if (!item.is_root) out.text(item.is_last ? kLastBranch : kBranch);
    write_span_text(span, out);

    std::string child_prefix = item.prefix;
    if (!item.is_root) child_prefix += item.is_last ? kGap : kPipe;
    const auto& children = forest.children[item.span];
    for (const auto& exception : span.exceptions) {
      // Under the span's name, with the line to its children running through.
      out.text(kIndent).text(child_prefix).text(children.empty() ? "" : kPipe);
      out.colored(kRed, exception_text(exception)).text("\n");
    }
    for (std::size_t k = children.size(); k-- > 0;) {
      stack.push_back({children[k], child_prefix, false, k + 1 == children.size()});
    }
  }
}

}  // namespace

void render_trace(const TraceView& trace, const RenderStyle& style, std::string& out) {
  Writer writer(style, out);
  write_header(trace, writer);
  if (trace.spans.empty()) {
    writer.text(kIndent).text("(no spans)\n");
    return;
  }
  const Forest forest = build_forest(trace.spans);
  std::vector<bool> shown_already(trace.spans.size(), false);
  for (const std::size_t root : forest.roots) {
    write_tree(trace.spans, forest, root, shown_already, writer);
  }
  // Spans whose parents form a cycle are reachable from no root; show them all the same.
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (!shown_already[i]) write_tree(trace.spans, forest, i, shown_already, writer);
  }
}

}  // namespace mlflow::cli
