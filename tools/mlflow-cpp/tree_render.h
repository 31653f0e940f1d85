// tree_render.h: one trace as text: a header line, then its spans as an indented tree.
//
//   tr-d94a2221a5df5074a7cd2f8c40f264ae  agent  OK  58 ms  2026-11-25T03:50:31.422Z
//     agent [AGENT] OK 58.50 ms  in: {"q":"what is up"}  out: {"choices":[{"index":0,"message…
//     ├─ tool [TOOL] OK 0.25 ms  in: {"x":1,"y":2}  out: {"sum":3}
//     ├─ boom [UNKNOWN] ERROR (ValueError: bad) 1.16 ms  in: {}
//     │  exception: ValueError: bad
//     └─ llm [CHAT_MODEL] OK 0.34 ms  in: {"messages":[{"role":"user","content":"what is up"}]}
//
// Each span line: name, [type], status (with the message when ERROR), duration, then a glimpse
// of the inputs and outputs (compact JSON, cut to 60 characters). Children sit under their
// parent (by parent_span_id), ordered by start time. A span whose parent is not in the trace is
// shown as a root, so that nothing stored goes unseen. Missing or unreadable fields show as "?".
#ifndef MLFLOW_CPP_CLI_TREE_RENDER_H
#define MLFLOW_CPP_CLI_TREE_RENDER_H

#include <string>

#include "trace_view.h"

namespace mlflow::cli {

struct RenderStyle {
  bool color = false;  // ANSI colors (ERROR in red)
};

// Appends `trace` to `out`, each line ended by '\n'.
void render_trace(const TraceView& trace, const RenderStyle& style, std::string& out);

}  // namespace mlflow::cli

#endif  // MLFLOW_CPP_CLI_TREE_RENDER_H
