// retrying_sender_test.cpp: when a request is sent again, and when never.
#include "net/retrying_sender.h"

#include <gtest/gtest.h>

#include <thread>

#include "scripted_http_server.h"

namespace mlflow::detail {
namespace {

using mlflow::testing::ScriptedHttpServer;
using namespace std::chrono_literals;

RetryPolicy fast_policy(std::chrono::milliseconds budget = 5000ms) {
  return RetryPolicy{budget, 10ms, 40ms};
}

TEST(RetryingSender, RetriesServerErrorsUntilAnswered) {
  ScriptedHttpServer server;
  server.script({{503, {}, "busy"}, {502, {}, ""}, {200, {}, "done"}});
  HttpClient client;
  RetryingSender sender(client, fast_policy());
  HttpResponse response = sender.send({"POST", server.url("/v1/traces"), {}, "batch"});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "done");
  EXPECT_EQ(sender.attempts_of_last_send(), 3);
  auto received = server.received();
  ASSERT_EQ(received.size(), 3u);
  for (const auto& r : received) EXPECT_EQ(r.body, "batch");
}

TEST(RetryingSender, NeverResendsARequestThatGot200) {
  ScriptedHttpServer server;
  server.script({{200, {}, ""}, {503, {}, ""}});
  HttpClient client;
  RetryingSender sender(client, fast_policy());
  EXPECT_TRUE(sender.send({"POST", server.url("/v1/traces"), {}, "batch"}).ok());
  EXPECT_EQ(server.received().size(), 1u);
}

TEST(RetryingSender, ClientErrorsAnd501AreAnswersNotRetried) {
  for (int status : {400, 401, 403, 404, 422, 501}) {
    ScriptedHttpServer server;
    server.script({{status, {}, ""}, {200, {}, ""}});
    HttpClient client;
    RetryingSender sender(client, fast_policy());
    EXPECT_EQ(sender.send({"POST", server.url("/"), {}, ""}).status, status);
    EXPECT_EQ(server.received().size(), 1u) << status;
  }
}

TEST(RetryingSender, HonoursRetryAfterOn429) {
  ScriptedHttpServer server;
  server.script({{429, {{"Retry-After", "1"}}, ""}, {200, {}, ""}});
  HttpClient client;
  RetryingSender sender(client, fast_policy());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(sender.send({"POST", server.url("/"), {}, ""}).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 950ms);  // not the 10-40 ms backoff
  EXPECT_EQ(server.received().size(), 2u);
}

TEST(RetryingSender, RetriesAConnectionClosedWithoutAnAnswer) {
  ScriptedHttpServer server;
  ScriptedHttpServer::Response hang_up;
  hang_up.close_without_answer = true;
  server.script({hang_up, {200, {}, "ok"}});
  HttpClient client;
  RetryingSender sender(client, fast_policy());
  EXPECT_EQ(sender.send({"POST", server.url("/"), {}, "x"}).body, "ok");
  EXPECT_EQ(server.received().size(), 2u);
}

TEST(RetryingSender, StopsWhenTheBudgetRunsOut) {
  ScriptedHttpServer server;
  std::vector<ScriptedHttpServer::Response> always_busy(1000, {503, {}, ""});
  server.script(always_busy);
  HttpClient client;
  RetryingSender sender(client, fast_policy(300ms));
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = sender.send({"POST", server.url("/"), {}, ""});
  EXPECT_EQ(response.status, 503);
  EXPECT_FALSE(response.aborted);
  EXPECT_GT(sender.attempts_of_last_send(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(RetryingSender, StopsAtTheExportDeadline) {
  ScriptedHttpServer server;
  std::vector<ScriptedHttpServer::Response> always_busy(1000, {503, {}, ""});
  server.script(always_busy);
  HttpClient client;
  RetryingSender sender(client, fast_policy(60s));
  ExportDeadline deadline;
  deadline.bring_forward(ExportDeadline::Clock::now() + 200ms);
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = sender.send({"POST", server.url("/"), {}, ""}, &deadline);
  EXPECT_TRUE(response.aborted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(RetryingSender, StopsWaitingWhenTheQueueFillsUpBehindIt) {
  ScriptedHttpServer server;
  std::vector<ScriptedHttpServer::Response> always_busy(1000, {503, {}, ""});
  server.script(always_busy);
  HttpClient client;
  RetryingSender sender(client, RetryPolicy{60s, 200ms, 200ms});
  ExportDeadline deadline;
  std::thread queue([&] {
    std::this_thread::sleep_for(300ms);
    deadline.set_queue_pressure(true);
  });
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = sender.send({"POST", server.url("/"), {}, ""}, &deadline);
  queue.join();
  EXPECT_EQ(response.status, 503);
  EXPECT_FALSE(response.aborted);  // not the deadline: kept for later, the server marked down
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  // Under pressure from the start: one attempt, no waiting.
  const std::size_t before = server.received().size();
  EXPECT_EQ(sender.send({"POST", server.url("/"), {}, ""}, &deadline).status, 503);
  EXPECT_EQ(server.received().size(), before + 1);
}

TEST(RetryingSender, BackoffIsJitteredAndCapped) {
  RetryPolicy policy{60s, 100ms, 1000ms};
  HttpResponse plain;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    const auto cap = std::min<std::chrono::milliseconds>(1000ms, 100ms * (1 << (attempt - 1)));
    for (int i = 0; i < 50; ++i) {
      auto delay = backoff_delay(policy, attempt, plain);
      EXPECT_GE(delay, 0ms);
      EXPECT_LE(delay, cap);
    }
  }
  HttpResponse asked;
  asked.retry_after = 5s;
  EXPECT_EQ(backoff_delay(policy, 1, asked), 5s);
}

}  // namespace
}  // namespace mlflow::detail
