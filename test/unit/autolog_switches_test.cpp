// autolog_switches_test.cpp: switching integrations on and off (mlflow/autolog.h) and
// MLFLOW_CPP_AUTOLOG (runtime/src/autolog/switches.h).
#include <mlflow/autolog.h>

#include <algorithm>
#include <cstdlib>

#include "autolog/switches.h"
#include "autolog_test_support.h"

namespace mlflow::testing {
namespace {

using mlflow::detail::autolog::apply_autolog_environment;
using mlflow::detail::autolog::enabled;
using mlflow::detail::autolog::Integration;
using mlflow::detail::autolog::kAllIntegrations;
using mlflow::detail::autolog::parse_autolog_setting;

unsigned bit(Integration i) { return 1u << static_cast<unsigned>(i); }

class AutologSwitchesTest : public AutologTest {
 protected:
  void TearDown() override {
    ::unsetenv("MLFLOW_CPP_AUTOLOG");
    mlflow::autolog::enable_all();
    AutologTest::TearDown();
  }
};

TEST(AutologSetting, KeywordsAndLists) {
  for (const char* all : {"", "all", "ALL", " true ", "1", "on"}) {
    auto s = parse_autolog_setting(all);
    EXPECT_TRUE(s.valid) << all;
    EXPECT_EQ(s.disabled, 0u) << all;
  }
  for (const char* none : {"none", "None", "0", "false", "off"}) {
    auto s = parse_autolog_setting(none);
    EXPECT_TRUE(s.valid) << none;
    EXPECT_EQ(s.disabled, kAllIntegrations) << none;
  }
  auto list = parse_autolog_setting(" libcurl , OpenAI-CPP,,");
  EXPECT_TRUE(list.valid);
  EXPECT_TRUE(list.unknown.empty());
  EXPECT_EQ(list.disabled, kAllIntegrations & ~(bit(Integration::kLibcurl) | bit(Integration::kOpenaiCpp)));

  auto with_unknown = parse_autolog_setting("cpp-httplib,curl,rules,openai");
  EXPECT_TRUE(with_unknown.valid);
  EXPECT_EQ(with_unknown.unknown, (std::vector<std::string>{"curl", "openai"}));
  EXPECT_EQ(with_unknown.disabled,
            kAllIntegrations & ~(bit(Integration::kCppHttplib) | bit(Integration::kRules)));

  auto all_in_list = parse_autolog_setting("libcurl,all");
  EXPECT_EQ(all_in_list.disabled, 0u);

  auto nothing_known = parse_autolog_setting("curl,openai");
  EXPECT_FALSE(nothing_known.valid);
}

TEST_F(AutologSwitchesTest, TheEnvironmentTurnsOnOnlyTheListedIntegrations) {
  ::setenv("MLFLOW_CPP_AUTOLOG", "libcurl,cpr", 1);
  apply_autolog_environment();
  EXPECT_TRUE(enabled(Integration::kLibcurl));
  EXPECT_TRUE(enabled(Integration::kCpr));
  EXPECT_FALSE(enabled(Integration::kCppHttplib));
  EXPECT_FALSE(enabled(Integration::kOllamaHpp));
  EXPECT_TRUE(mlflow::autolog::is_enabled("libcurl"));
  EXPECT_FALSE(mlflow::autolog::is_enabled("all"));

  ::setenv("MLFLOW_CPP_AUTOLOG", "none", 1);
  apply_autolog_environment();
  for (unsigned i = 0; i < static_cast<unsigned>(Integration::kCount); ++i)
    EXPECT_FALSE(enabled(static_cast<Integration>(i)));

  ::unsetenv("MLFLOW_CPP_AUTOLOG");
  apply_autolog_environment();
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
}

TEST_F(AutologSwitchesTest, UnknownIdsGetOneDiagnostic) {
  ::setenv("MLFLOW_CPP_AUTOLOG", "libcurl,curl,openai", 1);
  ::testing::internal::CaptureStderr();
  apply_autolog_environment();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("mlflow-cpp: warning: "), std::string::npos) << err;
  EXPECT_NE(err.find("\"curl\", \"openai\""), std::string::npos) << err;
  EXPECT_TRUE(enabled(Integration::kLibcurl));
  EXPECT_FALSE(enabled(Integration::kCpr));

  // Nothing usable: one diagnostic, and every integration stays on.
  ::setenv("MLFLOW_CPP_AUTOLOG", "curl", 1);
  ::testing::internal::CaptureStderr();
  apply_autolog_environment();
  const std::string ignored = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(std::count(ignored.begin(), ignored.end(), '\n'), 1) << ignored;
  EXPECT_NE(ignored.find("ignoring MLFLOW_CPP_AUTOLOG=\"curl\""), std::string::npos) << ignored;
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
}

TEST_F(AutologSwitchesTest, EnableAndDisableAtRunTime) {
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
  EXPECT_TRUE(mlflow::autolog::disable("cpp-httplib"));
  EXPECT_FALSE(mlflow::autolog::is_enabled("cpp-httplib"));
  EXPECT_FALSE(mlflow::autolog::is_enabled("all"));
  EXPECT_TRUE(mlflow::autolog::is_enabled("libcurl"));
  // Unknown ids change nothing.
  EXPECT_FALSE(mlflow::autolog::disable("curl"));
  EXPECT_FALSE(mlflow::autolog::enable("curl"));
  EXPECT_FALSE(mlflow::autolog::is_enabled("curl"));
  EXPECT_TRUE(mlflow::autolog::is_enabled("libcurl"));

  // A switched-off integration's calls get no span; the others still do.
  EXPECT_EQ(al::begin(Integration::kCppHttplib, al::Api::kOllamaChat, "/api/chat", "{}"), nullptr);
  al::LlmCall* call = al::begin(Integration::kLibcurl, al::Api::kOllamaChat, "/api/chat", "{}");
  ASSERT_NE(call, nullptr);
  al::end(call, 200, {});
  EXPECT_EQ(stored_traces().size(), 1u);

  EXPECT_TRUE(mlflow::autolog::enable("cpp-httplib"));
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
  mlflow::autolog::disable_all();
  for (const char* id : {"libcurl", "cpp-httplib", "cpr", "openai-cpp", "ollama-hpp", "liboai", "rules"})
    EXPECT_FALSE(mlflow::autolog::is_enabled(id)) << id;
  EXPECT_TRUE(mlflow::autolog::enable("all"));
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
  EXPECT_TRUE(mlflow::autolog::disable("ALL"));
  EXPECT_FALSE(mlflow::autolog::is_enabled("rules"));
  mlflow::autolog::enable_all();
  EXPECT_TRUE(mlflow::autolog::is_enabled("all"));
}

}  // namespace
}  // namespace mlflow::testing
