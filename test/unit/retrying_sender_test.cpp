// retrying_sender_test.cpp: when a request is sent again, and when never.
#include "net/retrying_sender.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "scripted_http_server.h"

namespace mlflow::detail {
namespace {

using mlflow::testing::ScriptedHttpServer;
using namespace std::chrono_literals;

RetryPolicy fast_policy(std::chrono::milliseconds budget = 5000ms) {
  return RetryPolicy{budget, 10ms, 40ms};
}

// A loopback URL nobody listens on: connecting to it is refused at once.
std::string refused_url() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    std::abort();
  ::close(fd);  // bound, never listened on, closed: nothing there
  return "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/v1/traces";
}

// A flush waits for the export (as flush() and the flush at exit set it), far from its end.
void flush_waits(ExportDeadline& deadline) {
  deadline.bring_forward(ExportDeadline::Clock::now() + 60s);
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

TEST(RetryingSender, RetriesARefusedConnectionWhileNobodyWaits) {
  HttpClient client;
  RetryingSender sender(client, fast_policy(300ms));
  ExportDeadline no_flush;  // the export thread at work, no flush waiting
  HttpResponse response = sender.send({"POST", refused_url(), {}, "batch"}, &no_flush);
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.could_not_connect) << response.error;
  EXPECT_FALSE(response.aborted);
  EXPECT_GT(sender.attempts_of_last_send(), 1);  // the usual backoff, until the budget
}

TEST(RetryingSender, DoesNotRetryARefusedConnectionWhileAFlushWaits) {
  HttpClient client;
  RetryingSender sender(client, RetryPolicy{60s, 1000ms, 10000ms});
  ExportDeadline deadline;
  flush_waits(deadline);
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = sender.send({"POST", refused_url(), {}, "batch"}, &deadline);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.could_not_connect) << response.error;
  EXPECT_FALSE(response.aborted);  // not the deadline: nobody there
  EXPECT_EQ(sender.attempts_of_last_send(), 1);
  EXPECT_LT(took, 1s);  // today's behaviour was the whole deadline (60 s here)
}

TEST(RetryingSender, AFlushCutsTheBackoffAfterARefusalShort) {
  HttpClient client;
  // Waits of up to 5 s between attempts, a minute of budget.
  RetryingSender sender(client, RetryPolicy{60s, 5000ms, 5000ms});
  ExportDeadline deadline;
  std::thread flusher([&] {
    std::this_thread::sleep_for(150ms);
    flush_waits(deadline);
  });
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = sender.send({"POST", refused_url(), {}, "batch"}, &deadline);
  const auto took = std::chrono::steady_clock::now() - start;
  flusher.join();
  EXPECT_TRUE(response.could_not_connect) << response.error;
  EXPECT_FALSE(response.aborted);
  EXPECT_LT(took, 2s);  // noticed within a sleep step of the flush, not after the backoff
}

TEST(RetryingSender, ServerErrorsAndHangUpsAreStillRetriedWhileAFlushWaits) {
  // Only "nobody there" is cut short: a server that answers 503 or drops the connection may
  // take the batch on the next attempt, until the deadline.
  ScriptedHttpServer server;
  ScriptedHttpServer::Response hang_up;
  hang_up.close_without_answer = true;
  // (The hang-up first: on a reused connection libcurl itself would try again.)
  server.script({hang_up, {503, {}, "busy"}, {200, {}, "done"}});
  HttpClient client;
  RetryingSender sender(client, fast_policy());
  ExportDeadline deadline;
  flush_waits(deadline);
  HttpResponse response = sender.send({"POST", server.url("/v1/traces"), {}, "batch"}, &deadline);
  EXPECT_EQ(response.body, "done");
  EXPECT_EQ(sender.attempts_of_last_send(), 3);
  EXPECT_EQ(server.received().size(), 3u);
}

TEST(RetryingSender, RetryNowDecision) {
  ExportDeadline no_flush;
  ExportDeadline flushing;
  flush_waits(flushing);
  HttpResponse refused;
  refused.could_not_connect = true;
  HttpResponse timed_out;  // status 0, the connection made or slow: not "nobody there"
  HttpResponse busy;
  busy.status = 503;
  EXPECT_TRUE(retry_now(refused, nullptr));
  EXPECT_TRUE(retry_now(refused, &no_flush));
  EXPECT_FALSE(retry_now(refused, &flushing));
  const std::vector<const ExportDeadline*> every_case{nullptr, &no_flush, &flushing};
  for (const ExportDeadline* d : every_case) {
    EXPECT_TRUE(retry_now(timed_out, d));
    EXPECT_TRUE(retry_now(busy, d));
  }
  HttpResponse answered;
  answered.status = 404;
  EXPECT_FALSE(retry_now(answered, &no_flush));
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
