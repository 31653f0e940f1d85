// http_client_test.cpp: the libcurl client against a scripted server (scripted_http_server.h).
#include "net/http_client.h"

#include <gtest/gtest.h>

#include "export/exporter.h"
#include "net/retrying_sender.h"
#include "scripted_http_server.h"

namespace mlflow::detail {
namespace {

using mlflow::testing::ScriptedHttpServer;

TEST(HttpClient, SendsMethodHeadersAndBodyAndReadsTheAnswer) {
  ScriptedHttpServer server;
  server.script({{201, {{"Content-Type", "application/json"}}, "{\"ok\": true}"}});
  HttpClient client;
  HttpRequest request;
  request.method = "POST";
  request.url = server.url("/v1/traces?x=1");
  request.headers = {{"x-mlflow-experiment-id", "7"}, {"Content-Type", "application/x-protobuf"}};
  request.body = std::string("\0\1binary", 8);
  HttpResponse response = client.send(request);
  EXPECT_EQ(response.status, 201);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body, "{\"ok\": true}");
  EXPECT_EQ(response.content_type, "application/json");
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/v1/traces?x=1");
  EXPECT_EQ(received[0].body, std::string("\0\1binary", 8));
  EXPECT_EQ(received[0].header("x-mlflow-experiment-id"), "7");
  EXPECT_EQ(received[0].header("content-type"), "application/x-protobuf");
  EXPECT_EQ(received[0].header("expect"), "");  // no 100-continue round trip
  EXPECT_NE(received[0].header("user-agent").find("mlflow-cpp/"), std::string::npos);
}

TEST(HttpClient, ReusesTheConnectionAndResetsOptionsBetweenRequests) {
  ScriptedHttpServer server;
  HttpClient client;
  HttpRequest post{"PUT", server.url("/a"), {{"X-One", "1"}}, "body"};
  HttpRequest get{"GET", server.url("/b"), {}, ""};
  EXPECT_TRUE(client.send(post).ok());
  EXPECT_TRUE(client.send(get).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].method, "GET");
  EXPECT_EQ(received[1].header("x-one"), "");
  EXPECT_EQ(received[1].body, "");
}

TEST(HttpClient, ReadsRetryAfter) {
  ScriptedHttpServer server;
  server.script({{429, {{"Retry-After", "3"}}, ""}});
  HttpClient client;
  HttpResponse response = client.send({"GET", server.url("/"), {}, ""});
  EXPECT_EQ(response.status, 429);
  ASSERT_TRUE(response.retry_after.has_value());
  EXPECT_EQ(*response.retry_after, std::chrono::seconds(3));
}

TEST(HttpClient, NoServerIsStatusZeroWithAReason) {
  int port;
  { ScriptedHttpServer gone; port = std::stoi(gone.url().substr(std::string("http://127.0.0.1:").size())); }
  HttpClient client;
  HttpResponse response = client.send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/x", {}, ""});
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.ok());
  EXPECT_FALSE(response.aborted);
  EXPECT_TRUE(response.could_not_connect) << response.error;  // refused: nobody there
  EXPECT_FALSE(response.permanent);
  EXPECT_NE(response.error.find("127.0.0.1"), std::string::npos) << response.error;
  EXPECT_EQ(response.describe(), response.error);
}

TEST(HttpClient, AConnectionDroppedWithoutAnAnswerIsNotNobodyThere) {
  ScriptedHttpServer server;
  ScriptedHttpServer::Response hang_up;
  hang_up.close_without_answer = true;
  server.script({hang_up});
  HttpClient client;
  HttpResponse response = client.send({"GET", server.url("/"), {}, ""});
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.could_not_connect) << response.error;
}

TEST(HttpClient, AnAnswerThatIsNotHttpIsNoAnswerNotAPermanentFailure) {
  ScriptedHttpServer server;
  ScriptedHttpServer::Response garbage;
  garbage.raw = std::string(1, '\0') + "\x17garbage, not HTTP\r\n\r\n";
  server.script({garbage});
  HttpClient client;
  HttpResponse response = client.send({"POST", server.url("/v1/traces"), {}, "spans"});
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.permanent) << response.error;  // libcurl: "Unsupported protocol"
  EXPECT_FALSE(response.could_not_connect) << response.error;
  EXPECT_TRUE(is_retryable(response)) << response.error;
  // A scheme the client does not speak stays permanent.
  HttpResponse ftp = client.send({"GET", "ftp://127.0.0.1:1/x", {}, ""});
  EXPECT_TRUE(ftp.permanent) << ftp.error;
}

TEST(HttpClient, GivesUpWhenTheDeadlineIsBroughtForwardDuringARequest) {
  ScriptedHttpServer server;
  ScriptedHttpServer::Response slow;
  slow.delay = std::chrono::milliseconds(3000);
  server.script({slow});
  ExportDeadline deadline;
  std::thread flusher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    deadline.bring_forward(ExportDeadline::Clock::now());
  });
  HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = client.send({"GET", server.url("/slow"), {}, ""}, deadline.watch());
  const auto took = std::chrono::steady_clock::now() - start;
  flusher.join();
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.aborted) << response.error;
  EXPECT_LT(took, std::chrono::milliseconds(2500));  // well before the answer would have come
}

TEST(HttpClient, DoesNotSendAfterTheDeadline) {
  ScriptedHttpServer server;
  ExportDeadline deadline;
  deadline.bring_forward(ExportDeadline::Clock::now());
  HttpClient client;
  HttpResponse response = client.send({"GET", server.url("/"), {}, ""}, deadline.watch());
  EXPECT_TRUE(response.aborted);
  EXPECT_TRUE(server.received().empty());
}

TEST(HttpClient, RequestTimeout) {
  ScriptedHttpServer server;
  ScriptedHttpServer::Response slow;
  slow.delay = std::chrono::milliseconds(2000);
  server.script({slow});
  HttpClient client;
  HttpRequest request{"GET", server.url("/"), {}, ""};
  request.timeout = std::chrono::milliseconds(200);
  HttpResponse response = client.send(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.aborted);  // a timeout, which may be retried; not the flush deadline
  EXPECT_FALSE(response.could_not_connect);  // somebody is there, slow
  EXPECT_NE(response.error.find("imeout"), std::string::npos) << response.error;
}

TEST(HttpClient, Helpers) {
  EXPECT_EQ(basic_auth("user", "pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(url_encode("a b/c?d=é~"), "a%20b%2Fc%3Fd%3D%C3%A9~");
  EXPECT_EQ(parse_retry_after(" 120 "), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT"), std::chrono::seconds(0));  // past
  EXPECT_FALSE(parse_retry_after("soon").has_value());
  EXPECT_FALSE(parse_retry_after("").has_value());
}

}  // namespace
}  // namespace mlflow::detail
