// config_test.cpp: the environment variables that choose and reach the export destinations.
#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

namespace mlflow::detail {
namespace {

// Sets variables for one test and restores the environment afterwards.
using Vars = std::map<std::string, std::string>;

class Environment {
 public:
  explicit Environment(const std::map<std::string, std::string>& vars) {
    for (const char* name : kAll) {
      if (const char* v = std::getenv(name)) saved_[name] = v;
      ::unsetenv(name);
    }
    for (const auto& [k, v] : vars) ::setenv(k.c_str(), v.c_str(), 1);
  }
  ~Environment() {
    for (const char* name : kAll) ::unsetenv(name);
    for (const auto& [k, v] : saved_) ::setenv(k.c_str(), v.c_str(), 1);
  }

 private:
  static constexpr const char* kAll[] = {
      "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID",
      "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD",
      "MLFLOW_TRACKING_INSECURE_TLS", "MLFLOW_TRACKING_SERVER_CERT_PATH",
      "MLFLOW_TRACKING_CLIENT_CERT_PATH", "MLFLOW_HTTP_REQUEST_TIMEOUT",
      "MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS", "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
      "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL",
      "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_TIMEOUT",
      "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT",
      "MLFLOW_ENABLE_OTLP_EXPORTER", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
      "MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES",
      "MLFLOW_CPP_MAX_VALUE_BYTES", "MLFLOW_CPP_MAX_VALUE_ITEMS"};
  std::map<std::string, std::string> saved_;
};

TEST(Config, NoServerByDefault) {
  Environment env(Vars{});
  Config config = Config::from_environment();
  EXPECT_FALSE(config.tracking.is_http());
  EXPECT_FALSE(config.otlp.enabled());
  EXPECT_TRUE(config.tracking.tls.verify);  // TLS verification is on unless turned off
  EXPECT_EQ(config.tracking.request_timeout, std::chrono::seconds(120));
}

TEST(Config, TrackingServer) {
  Environment env(Vars{{"MLFLOW_TRACKING_URI", "https://mlflow.example.com:8443/"},
                   {"MLFLOW_EXPERIMENT_NAME", "agents"},
                   {"MLFLOW_EXPERIMENT_ID", "12"},
                   {"MLFLOW_TRACKING_TOKEN", "tok"},
                   {"MLFLOW_TRACKING_INSECURE_TLS", "True"},
                   {"MLFLOW_TRACKING_SERVER_CERT_PATH", "/etc/ca.pem"},
                   {"MLFLOW_TRACKING_CLIENT_CERT_PATH", "/etc/client.pem"},
                   {"MLFLOW_HTTP_REQUEST_TIMEOUT", "5"},
                   {"MLFLOW_CPP_EXPORT_RETRY_TIMEOUT_MS", "2500"}});
  Config config = Config::from_environment();
  EXPECT_EQ(config.tracking.uri, "https://mlflow.example.com:8443");
  EXPECT_EQ(config.tracking.experiment_name, "agents");
  EXPECT_EQ(config.tracking.experiment_id, "12");
  EXPECT_EQ(config.tracking.authorization, "Bearer tok");
  EXPECT_FALSE(config.tracking.tls.verify);
  EXPECT_EQ(config.tracking.tls.ca_bundle_path, "/etc/ca.pem");
  EXPECT_EQ(config.tracking.tls.client_cert_path, "/etc/client.pem");
  EXPECT_EQ(config.tracking.request_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config.tracking.retry_timeout, std::chrono::milliseconds(2500));
}

TEST(Config, BasicAuthWinsOverTheToken) {  // MLflow checks username/password first
  Environment env(Vars{{"MLFLOW_TRACKING_URI", "http://h"}, {"MLFLOW_TRACKING_TOKEN", "tok"},
                   {"MLFLOW_TRACKING_USERNAME", "user"}, {"MLFLOW_TRACKING_PASSWORD", "Pq7-zW!x"}});
  // (Not a word such as "pass": the password is hidden from every later message of the process,
  // SecretMessages.* in the same binary included.)
  EXPECT_EQ(Config::from_environment().tracking.authorization, "Basic dXNlcjpQcTctelcheA==");
}

TEST(Config, OnlyHttpTrackingUrisNameAServer) {
  for (const char* uri : {"sqlite:///mlflow.db", "./mlruns", "databricks", "file:///tmp/x"}) {
    Environment env(Vars{{"MLFLOW_TRACKING_URI", uri}});
    EXPECT_FALSE(Config::from_environment().tracking.is_http()) << uri;
  }
}

TEST(Config, OtlpEndpoints) {
  {
    Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"}});
    EXPECT_EQ(Config::from_environment().otlp.traces_endpoint, "http://collector:4318/v1/traces");
  }
  {
    Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"},
                     {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://other:9999/custom"}});
    EXPECT_EQ(Config::from_environment().otlp.traces_endpoint, "http://other:9999/custom");
  }
  {
    Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"},
                     {"MLFLOW_ENABLE_OTLP_EXPORTER", "false"}});
    EXPECT_FALSE(Config::from_environment().otlp.enabled());
  }
  {
    Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317"},
                     {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}});
    EXPECT_FALSE(Config::from_environment().otlp.enabled());  // reported: we speak http/protobuf
  }
  {
    Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"},
                     {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
                     {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"}});
    EXPECT_TRUE(Config::from_environment().otlp.enabled());  // the traces variable wins
  }
}

TEST(Config, OtlpHeadersTimeoutDualExportService) {
  Environment env(Vars{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"},
                   {"OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b%3Dc , x-team=ml,broken,=novalue"},
                   {"OTEL_EXPORTER_OTLP_TIMEOUT", "2500"},
                   {"MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT", "true"},
                   {"OTEL_SERVICE_NAME", "agent-svc"}});
  Config config = Config::from_environment();
  HttpHeaders expected{{"api-key", "a b=c"}, {"x-team", "ml"}};
  EXPECT_EQ(config.otlp.headers, expected);
  EXPECT_EQ(config.otlp.timeout, std::chrono::milliseconds(2500));
  EXPECT_TRUE(config.otlp.dual_export);
  EXPECT_EQ(config.otlp.service_name, "agent-svc");
}

// OTEL_RESOURCE_ATTRIBUTES: percent-decoded pairs in order, a malformed entry left out; its
// service.name names the service unless OTEL_SERVICE_NAME does; telemetry.sdk.* stay ours.
TEST(Config, OtelResourceAttributes) {
  {
    Environment env(Vars{{"OTEL_RESOURCE_ATTRIBUTES",
                          "deployment.environment=prod , service.name=from-attrs,"
                          "telemetry.sdk.language=python,team=a%2Cb,broken"}});
    Config config = Config::from_environment();
    std::vector<std::pair<std::string, std::string>> expected{
        {"deployment.environment", "prod"}, {"team", "a,b"}};
    EXPECT_EQ(config.otlp.resource_attributes, expected);
    EXPECT_EQ(config.otlp.service_name, "from-attrs");
  }
  {
    Environment env(Vars{{"OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"},
                         {"OTEL_SERVICE_NAME", "from-name"}});
    EXPECT_EQ(Config::from_environment().otlp.service_name, "from-name");
  }
}

TEST(Config, AutologMaxValueBytes) {
  {
    Environment env(Vars{});
    EXPECT_EQ(Config::from_environment().autolog_max_value_bytes, 65536u);
  }
  {
    Environment env(Vars{{"MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES", "1024"}});
    EXPECT_EQ(Config::from_environment().autolog_max_value_bytes, 1024u);
  }
  for (const char* bad : {"0", "-5", "64k", "1.5"}) {
    Environment env(Vars{{"MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES", bad}});
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(Config::from_environment().autolog_max_value_bytes, 65536u) << bad;
    EXPECT_NE(::testing::internal::GetCapturedStderr().find("ignoring MLFLOW_CPP_AUTOLOG_MAX_VALUE_BYTES"),
              std::string::npos)
        << bad;
  }
}

// The limits on captured values (support/json_limits.h): defaults, set, and bad values ignored.
TEST(Config, MaxValueBytesAndItems) {
  {
    Environment env(Vars{});
    EXPECT_EQ(Config::from_environment().max_value_bytes, 65536u);
    EXPECT_EQ(Config::from_environment().max_value_items, 10000u);
  }
  {
    Environment env(Vars{{"MLFLOW_CPP_MAX_VALUE_BYTES", "1048576"}, {"MLFLOW_CPP_MAX_VALUE_ITEMS", "5"}});
    EXPECT_EQ(Config::from_environment().max_value_bytes, 1048576u);
    EXPECT_EQ(Config::from_environment().max_value_items, 5u);
  }
  for (const char* bad : {"0", "-5", "64k", "1.5"}) {
    Environment env(Vars{{"MLFLOW_CPP_MAX_VALUE_BYTES", bad}, {"MLFLOW_CPP_MAX_VALUE_ITEMS", bad}});
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(Config::from_environment().max_value_bytes, 65536u) << bad;
    EXPECT_EQ(Config::from_environment().max_value_items, 10000u) << bad;
    const std::string said = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(said.find("ignoring MLFLOW_CPP_MAX_VALUE_BYTES"), std::string::npos) << bad;
    EXPECT_NE(said.find("ignoring MLFLOW_CPP_MAX_VALUE_ITEMS"), std::string::npos) << bad;
  }
}

// from_variables reads the map it is given, and only that: the seam the configuration fuzzer
// (test/fuzz/config_fuzzer.cpp) parses arbitrary variables through.
TEST(Config, FromVariablesReadsTheMapNotTheEnvironment) {
  Environment env(Vars{{"MLFLOW_TRACKING_URI", "http://from-the-environment:5000"},
                       {"OTEL_SERVICE_NAME", "environment-svc"}});
  Config config = Config::from_variables(
      Vars{{"MLFLOW_EXPERIMENT_NAME", "from-the-map"}, {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/"},
           {"OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=%20x"}, {"MLFLOW_HTTP_REQUEST_TIMEOUT", "7"}});
  EXPECT_EQ(config.tracking.uri, "");  // not the environment's
  EXPECT_EQ(config.otlp.service_name, "");
  EXPECT_EQ(config.tracking.experiment_name, "from-the-map");
  EXPECT_EQ(config.otlp.traces_endpoint, "http://c:4318/v1/traces");
  EXPECT_EQ(config.otlp.headers, (HttpHeaders{{"a", "1"}, {"b", " x"}}));
  EXPECT_EQ(config.tracking.request_timeout, std::chrono::seconds(7));
  // Afterwards the process environment is read again.
  EXPECT_EQ(Config::from_environment().tracking.uri, "http://from-the-environment:5000");
}

}  // namespace
}  // namespace mlflow::detail
