// context_test.cpp: spans on other threads join the right trace through mlflow::Context.
#include <future>
#include <thread>
#include <vector>

#include "test_support.h"

namespace mlflow::testing {
namespace {

using nlohmann::json;

class ContextTest : public TracingTest {};

TEST_F(ContextTest, WithoutContextAThreadStartsItsOwnTrace) {
  {
    auto root = mlflow::start_span("root");
    std::thread([] { auto span = mlflow::start_span("worker"); }).join();
  }
  EXPECT_EQ(stored_traces().size(), 2u);
}

TEST_F(ContextTest, AttachedContextParentsSpansOnAnotherThread) {
  std::string root_span_id;
  {
    auto root = mlflow::start_span("root", SpanType::AGENT);
    root_span_id = root.span_id();
    mlflow::Context ctx = mlflow::Context::current();
    EXPECT_FALSE(ctx.empty());
    std::thread([ctx] {
      auto scope = ctx.attach();
      auto worker = mlflow::start_span("worker", SpanType::TASK);
      auto leaf = mlflow::start_span("leaf");
      // The attached span belongs to the other thread: it is not "current" here...
      mlflow::TraceUpdate update;
      update.tags["from_worker"] = "yes";
      mlflow::update_current_trace(update);
    }).join();
    // ...and the thread's own stack is back to the root.
    EXPECT_EQ(mlflow::get_current_active_span().span_id(), root_span_id);
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  json root = span_named(trace, "root"), worker = span_named(trace, "worker"),
       leaf = span_named(trace, "leaf");
  EXPECT_EQ(worker["parent_span_id"], root["span_id"]);
  EXPECT_EQ(leaf["parent_span_id"], worker["span_id"]);
  EXPECT_EQ(trace["info"]["tags"]["from_worker"], "yes");
}

TEST_F(ContextTest, BindContextWorksWithAsyncAndPools) {
  {
    auto root = mlflow::start_span("fan_out", SpanType::CHAIN);
    std::vector<std::future<int>> results;
    for (int i = 0; i < 4; ++i) {
      results.push_back(std::async(std::launch::async, mlflow::bind_context([i] {
        for (int j = 0; j < 10; ++j) {
          auto span = mlflow::start_span("item", SpanType::TOOL);
          span.set_inputs({{"i", i}, {"j", j}});
        }
        return i;
      })));
    }
    int sum = 0;
    for (auto& r : results) sum += r.get();
    EXPECT_EQ(sum, 6);
  }
  json trace = only_trace();
  const json& spans = trace["data"]["spans"];
  ASSERT_EQ(spans.size(), 41u);
  for (std::size_t k = 1; k < spans.size(); ++k)
    EXPECT_EQ(spans[k]["parent_span_id"], spans[0]["span_id"]);
}

TEST_F(ContextTest, EmptyContextStartsANewTrace) {
  mlflow::Context empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(mlflow::Context::current().empty());
  {
    auto root = mlflow::start_span("root");
    {
      auto scope = empty.attach();
      auto separate = mlflow::start_span("separate");
      EXPECT_NE(separate.trace_id(), root.trace_id());
    }
    auto child = mlflow::start_span("child");
    EXPECT_EQ(child.trace_id(), root.trace_id());
  }
  EXPECT_EQ(stored_traces().size(), 2u);
}

TEST_F(ContextTest, ScopesDetachInOrderAndMoveSafely) {
  auto root = mlflow::start_span("root");
  mlflow::Context ctx = mlflow::Context::current();
  root.end();
  // Attaching a context whose root already ended: new spans are reported and dropped, never
  // crash, and the thread's stack is restored.
  {
    auto scope = ctx.attach();
    auto moved = std::move(scope);
    auto late = mlflow::start_span("late");
  }
  EXPECT_FALSE(mlflow::get_current_active_span().is_recording());
  EXPECT_EQ(only_trace()["data"]["spans"].size(), 1u);
}

// A nested span's stack frame borrows its trace from the frame below it (span_stack.h); a
// Context made of it must hold a share of its own.
TEST_F(ContextTest, ContextOfANestedSpanParentsSpansOnAnotherThread) {
  {
    auto root = mlflow::start_span("root");
    auto child = mlflow::start_span("child");
    mlflow::Context ctx = mlflow::Context::current();
    std::thread([ctx] {
      auto scope = ctx.attach();
      auto worker = mlflow::start_span("worker");
    }).join();
  }
  json trace = only_trace();
  ASSERT_EQ(trace["data"]["spans"].size(), 3u);
  EXPECT_EQ(span_named(trace, "worker")["parent_span_id"], span_named(trace, "child")["span_id"]);
  EXPECT_EQ(span_named(trace, "child")["parent_span_id"], span_named(trace, "root")["span_id"]);
}

TEST_F(ContextTest, ContextOfANestedSpanOutlivesEveryFrameOfItsTrace) {
  mlflow::Context ctx;
  {
    auto root = mlflow::start_span("root");
    auto child = mlflow::start_span("child");
    ctx = mlflow::Context::current();
  }
  // Every frame of the trace has left this thread's stack; the context alone keeps the trace
  // state, and a span started under it is reported and dropped, never a crash.
  std::thread([ctx] {
    auto scope = ctx.attach();
    auto late = mlflow::start_span("late");
    EXPECT_TRUE(late.is_recording());
  }).join();
  EXPECT_EQ(only_trace()["data"]["spans"].size(), 2u);
}

}  // namespace
}  // namespace mlflow::testing
