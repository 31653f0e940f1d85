// secrets_test.cpp: the rules that keep secrets in the process (runtime/src/support/secrets.h),
// each on its own, then through the runtime down to what the local store holds
// (export/secret_masking_exporter.h).
#include "support/secrets.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include <mlflow/detail/function_span.h>
#include <mlflow/span.h>
#include <mlflow/tracing.h>

#include "config/config.h"
#include "test_support.h"

namespace mlflow::testing {
namespace {

using detail::SecretKind;
using detail::SecretMasker;
using detail::SecretRules;
using nlohmann::json;

// --- By name -------------------------------------------------------------------------------------

TEST(SecretNames, CredentialsByTheirLastWordWithoutRegardToCase) {
  for (const char* name :
       {"api_key", "apiKey", "APIKey", "API-KEY", "apikey", "key", "x-api-key", "X-Api-Key",
        "x-goog-api-key", "Ocp-Apim-Subscription-Key", "OPENAI_API_KEY", "secret_access_key",
        "private_key", "token", "Token", "access_token", "accessToken", "refresh_token",
        "id_token", "x-auth-token", "hf_token", "--token", "secret", "Secret", "client_secret",
        "clientSecret", "password", "db_password", "passwd", "passphrase", "authorization",
        "Authorization", "Proxy-Authorization", "auth", "basic_auth", "auth_header",
        "authorization_header", "credentials", "credential", "Cookie", "Set-Cookie"})
    EXPECT_TRUE(detail::is_secret_name(name)) << name;
}

TEST(SecretNames, WordsThatOnlyLookLikeCredentials) {
  for (const char* name :
       {"max_tokens", "maxTokens", "max_completion_tokens", "tokens", "token_count", "key_id",
        "apiKeyId", "access_key_id", "keys", "secrets", "sort_key", "primary_key", "cache_key",
        "public_key", "keyword", "monkey", "next_token", "page_token", "eos_token", "stop_token",
        "cancellation_token", "password_hint", "passwordHash", "secret_name", "auth_type",
        "authorization_url", "author", "tokenizer", "oauth", "header", "model", "user", ""})
    EXPECT_FALSE(detail::is_secret_name(name)) << name;
}

// Numbers under a key or token name are ids (llama.cpp's llama_token) or map keys.
TEST(SecretNames, KeysAndTokensKeepTheirNumbers) {
  EXPECT_EQ(detail::secret_name_kind("token"), SecretKind::kKeyOrToken);
  EXPECT_EQ(detail::secret_name_kind("api_key"), SecretKind::kKeyOrToken);
  EXPECT_EQ(detail::secret_name_kind("password"), SecretKind::kSecret);
}

TEST(SecretNames, FunctionsThatHandleSecrets) {
  for (const char* name : {"setToken", "SetKey", "SetApiKey", "set_api_key", "get_password",
                           "getAccessToken", "SecureStringClear", "clearSecret",
                           "load_credentials", "with_bearer_token"})
    EXPECT_NE(detail::secret_function_kind(name), SecretKind::kNone) << name;
  for (const char* name : {"SetHeader", "setMaxTokens", "count_tokens", "get_tokens", "tokenize",
                           "SetOrganization", "set_model", "answer", "llama_token_to_piece"})
    EXPECT_EQ(detail::secret_function_kind(name), SecretKind::kNone) << name;
}

// --- By shape ------------------------------------------------------------------------------------

std::string masked(std::string text, const SecretRules& rules = {}) {
  SecretMasker(rules).mask_text(text);
  return text;
}

TEST(SecretShapes, AuthorizationSchemesKeepTheSchemeWord) {
  EXPECT_EQ(masked("Bearer sk-proj-4f9Tq2LmXw8RzB7c"), "Bearer ***");
  EXPECT_EQ(masked("Authorization: Bearer abc.def-123"), "Authorization: ***");
  EXPECT_EQ(masked("sent bearer 0123456789abcdef to it"), "sent bearer *** to it");
  EXPECT_EQ(masked("Basic dXNlcjpwYXNz"), "Basic ***");  // user:pass
  // Prose stays: a short word, a word without digits, a Basic that is not base64.
  EXPECT_EQ(masked("The Bearer of bad news"), "The Bearer of bad news");
  EXPECT_EQ(masked("Bearer messages are short"), "Bearer messages are short");
  EXPECT_EQ(masked("Basic training"), "Basic training");
  EXPECT_EQ(masked("Basic arithmetic"), "Basic arithmetic");
}

TEST(SecretShapes, VendorKeysKeepTheirPrefix) {
  EXPECT_EQ(masked("key sk-proj-Ab3dEf6hIj9kLm2nOp5q ok"), "key sk-*** ok");
  EXPECT_EQ(masked("sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm-AA"), "sk-ant-***");
  EXPECT_EQ(masked("ghp_1234567890abcdefghijABCDEFGHIJ123456"), "ghp_***");
  EXPECT_EQ(masked("github_pat_11ABCDEFG0123456789_abcdef"), "github_pat_***");
  EXPECT_EQ(masked("AKIAIOSFODNN7EXAMPLE"), "AKIA***");
  EXPECT_EQ(masked("AIzaSyD-1234567890abcdefghijklmnopqrstu"), "AIza***");
  EXPECT_EQ(masked("xoxb-123456789012-abcdef"), "xoxb-***");
  EXPECT_EQ(masked("hf_abcdefghijklmnopqrstuvwxyz0123456789"), "hf_***");
  EXPECT_EQ(masked("sk_live_51Habcdefghijklmnop"), "sk_live_***");
  // Words that start the same way and are not keys.
  for (const char* text : {"task-manager-configuration-v2", "sk-learn-compatible-estimators",
                           "desk-0123456789abcdefghij", "AKIA", "ghp_short1", "eyJ"})
    EXPECT_EQ(masked(text), text);
}

TEST(SecretShapes, JsonWebTokens) {
  EXPECT_EQ(masked("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end"),
            "token *** end");
}

TEST(SecretShapes, UrlsNameValueAndHeaderLines) {
  EXPECT_EQ(masked("GET https://user:hunter2@proxy.example.com/v1?alt=sse&key=AIza-1 done"),
            "GET https://user:***@proxy.example.com/v1?alt=sse&key=*** done");
  EXPECT_EQ(masked("host=db user=app password=hunter2 port=5432"),
            "host=db user=app password=*** port=5432");
  EXPECT_EQ(masked("Server=db;Password=hunter2;Database=x"), "Server=db;Password=***;Database=x");
  EXPECT_EQ(masked("run --api-key=abc123 --max_tokens=5"), "run --api-key=*** --max_tokens=5");
  EXPECT_EQ(masked("Content-Type: json\nX-Api-Key: abc123\nAccept: */*"),
            "Content-Type: json\nX-Api-Key: ***\nAccept: */*");
  // JSON text held in a string: its members named like secrets.
  EXPECT_EQ(masked(R"({"model": "m", "api_key": "abc123", "max_tokens": 5})"),
            R"({"model": "m", "api_key": "***", "max_tokens": 5})");
}

// Ids, hashes and ordinary text are not secrets, however random they look.
TEST(SecretShapes, OrdinaryTextIdsAndHashesStay) {
  for (const char* text :
       {"How tall is the Eiffel Tower?", "tr-d83f3bbeff4b0aa26ff39fdccb1df2dd",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "123e4567-e89b-12d3-a456-426614174000", "The key: unlock the door", "a == b",
        "https://api.openai.com/v1/chat/completions", "max_tokens=256", "tokens: 12"})
    EXPECT_EQ(masked(text), text);
}

TEST(SecretShapes, MaskingIsIdempotent) {
  for (const char* text : {"Bearer ***", "sk-***", "password=***", "X-Api-Key: ***",
                           "https://u:***@h/?key=***", R"({"token": "***"})"}) {
    std::string value = text;
    EXPECT_FALSE(SecretMasker(SecretRules{}).mask_text(value)) << text;
  }
}

// --- JSON: names, pairs, shapes ------------------------------------------------------------------

TEST(SecretJson, MembersNamedLikeSecretsKeepTheirNameAndShape) {
  json value = json::parse(R"({
    "model": "m", "api_key": "sk-1", "apiKey": {"nested": "object", "n": 1},
    "token": 1234, "password": 1234, "secret": true, "key": null, "access_token": "",
    "messages": [{"role": "user", "content": "use Bearer 0123456789abcdef",
                  "metadata": {"Authorization": "Bearer t", "x-api-key": 42, "max_tokens": 5}}]})");
  EXPECT_TRUE(SecretMasker(SecretRules{}).mask_json(value));
  EXPECT_EQ(value, json::parse(R"({
    "model": "m", "api_key": "***", "apiKey": {"nested": "***", "n": 1},
    "token": 1234, "password": "***", "secret": true, "key": null, "access_token": "",
    "messages": [{"role": "user", "content": "use Bearer ***",
                  "metadata": {"Authorization": "***", "x-api-key": 42, "max_tokens": 5}}]})"));
}

TEST(SecretJson, PairsMaskTheValueAfterASecretsName) {
  json value = json::parse(R"({"headers": [["X-Api-Key", "abc123"], ["Accept", "text/plain"],
                                           ["token", "x", "y"]]})");
  SecretMasker(SecretRules{}).mask_json(value);
  EXPECT_EQ(value, json::parse(R"({"headers": [["X-Api-Key", "***"], ["Accept", "text/plain"],
                                               ["token", "x", "y"]]})"));
}

// The same on text, edited in place; a function's arguments take the pairs rule.
TEST(SecretJson, TextIsMaskedAsTheTreeWouldBe) {
  const SecretMasker masker(SecretRules{});
  std::string args = R"({"name": "X-Api-Key", "value": "abc123", "then": "plain", "n": 3})";
  EXPECT_TRUE(masker.mask_json_text(args, /*arguments=*/true));
  EXPECT_EQ(args, R"({"name": "X-Api-Key", "value": "***", "then": "plain", "n": 3})");

  std::string header = R"({"name": "Authorization", "value": "Bearer sk-proj-Ab3dEf6hIj9kLm2nOp5q"})";
  EXPECT_TRUE(masker.mask_json_text(header, true));
  EXPECT_EQ(header, R"({"name": "Authorization", "value": "***"})");

  // Not a function's arguments: members are judged by their own names only.
  std::string object = R"({"name": "X-Api-Key", "value": "abc123"})";
  EXPECT_FALSE(masker.mask_json_text(object, false));

  std::string nested =
      R"({"token": "sk-1", "ids": {"token": 7, "password": 7}, "s": "a\nAuthorization: Bearer 0123456789abcdef\n", "p": ["key", "k1"]})";
  EXPECT_TRUE(masker.mask_json_text(nested, false));
  EXPECT_EQ(nested,
            R"({"token": "***", "ids": {"token": 7, "password": "***"}, "s": "a\nAuthorization: ***\n", "p": ["key", "***"]})");

  // Escapes are boundaries: a key right after a newline is found.
  std::string escaped = R"(["line\nsk-proj-Ab3dEf6hIj9kLm2nOp5q", "\"api_key\": \"abc123\""])";
  EXPECT_TRUE(masker.mask_json_text(escaped, false));
  EXPECT_EQ(escaped, R"(["line\nsk-***", "\"api_key\": \"***\""])");

  // Nothing to mask: the text is left as it is.
  std::string plain = R"({"query": "How tall is the Eiffel Tower?", "top_k": 2})";
  EXPECT_FALSE(masker.mask_json_text(plain, true));
  EXPECT_EQ(plain, R"({"query": "How tall is the Eiffel Tower?", "top_k": 2})");

  // Every argument of a secret's function.
  std::string all = R"({"str": "hunter2", "n": 4, "list": ["a", "b"]})";
  EXPECT_TRUE(masker.mask_json_text(all, true, SecretKind::kSecret));
  EXPECT_EQ(all, R"({"str": "***", "n": "***", "list": ["***", "***"]})");

  // Text cut short (a write that ran out of memory) is masked as plain text.
  std::string cut = R"({"a": "Bearer 0123456789abcdef", "b": [)";
  EXPECT_TRUE(masker.mask_json_text(cut, false));
  EXPECT_EQ(cut, R"({"a": "Bearer ***", "b": [)");
}

// --- The quick look (may_hold_secrets) ------------------------------------------------------------
//
// The masker skips its walk over text in which no built-in rule can match. A masker that also has
// an added name rule matching nothing ("a^") walks every text: the reference. Both must mask
// every text the same way, and the names and function names the same as the rules on their own.

// Pieces of text: plain words, JSON punctuation, secrets of every shape and names of every kind
// from the tests above (their case changed at random below).
const std::vector<std::string>& quick_look_pieces() {
  static const std::vector<std::string> pieces = {
      "the", " ", "How tall is the Eiffel Tower?", "request", "alpha", "42", "\"", "\": \"", ", ",
      "{", "}", "[", "]", "\\n", "\\\"", "\n", "=", ": ", "&", ";", "/", "-", "_", ".",
      "Bearer sk-proj-4f9Tq2LmXw8RzB7c", "Bearer 0123456789abcdef", "Basic dXNlcjpwYXNz",
      "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm-AA", "sk-proj-Ab3dEf6hIj9kLm2nOp5q",
      "ghp_1234567890abcdefghijABCDEFGHIJ123456", "gho_1234567890abcdefghijABCDEFGHIJ123456",
      "github_pat_11ABCDEFG0123456789_abcdef", "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE",
      "AIzaSyD-1234567890abcdefghijklmnopqrstu", "xoxb-123456789012-abcdef",
      "hf_abcdefghijklmnopqrstuvwxyz0123456789", "sk_live_51Habcdefghijklmnop",
      "rk_test_51Habcdefghijklmnop", "glpat-abcdefghij0123456789",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
      "https://user:hunter2@proxy.example.com/v1?alt=sse&key=AIza-1", "password=hunter2",
      "Password=hunter2;", "--api-key=abc123", "X-Api-Key: abc123", "Authorization: Bearer t",
      "api_key", "apiKey", "APIKey", "key", "x-goog-api-key", "Ocp-Apim-Subscription-Key", "token",
      "access_token", "x-auth-token", "secret", "client_secret", "password", "passwd",
      "passphrase", "authorization", "auth", "basic_auth", "auth_header", "credentials", "creds",
      "Cookie", "Set-Cookie", "max_tokens", "key_id", "monkey", "tokenizer", "oauth", "author",
      "setToken", "SetApiKey", "get_password", "SecureStringClear", "load_credentials",
      "with_bearer_token", "abc123", "hunter2"};
  return pieces;
}

std::string random_case(std::mt19937& rng, std::string text) {
  if (rng() % 2 == 0) return text;
  for (char& c : text)
    if (rng() % 3 == 0) c = static_cast<char>(std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c) : std::toupper(c));
  return text;
}

TEST(SecretQuickLook, TextWithoutThePiecesIsMaskedAsByTheWholeWalk) {
  const SecretMasker quick(SecretRules{});
  const SecretMasker walk(SecretRules{true, "a^", ""});
  std::string check = "Bearer 0123456789abcdef";  // the reference masks
  ASSERT_TRUE(walk.mask_text(check));
  const auto& pieces = quick_look_pieces();
  std::mt19937 rng(20);
  int skipped = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string text;
    for (std::size_t n = 1 + rng() % 8; n > 0; --n) text += random_case(rng, pieces[rng() % pieces.size()]);
    if (i % 3 == 0) text = json({{text, text}, {"v", json::array({text, "x"})}}).dump();  // JSON text
    skipped += !quick.may_hold_secrets(text);
    std::string a = text, b = text;
    ASSERT_EQ(quick.mask_text(a), walk.mask_text(b)) << text;
    ASSERT_EQ(a, b) << text;
    for (const bool arguments : {false, true}) {
      a = text;
      b = text;
      ASSERT_EQ(quick.mask_json_text(a, arguments), walk.mask_json_text(b, arguments)) << text;
      ASSERT_EQ(a, b) << text;
    }
    const std::string name = random_case(rng, pieces[rng() % pieces.size()]) +
                             (rng() % 2 ? random_case(rng, pieces[rng() % pieces.size()]) : "");
    ASSERT_EQ(quick.name_kind(name), detail::secret_name_kind(name)) << name;
    ASSERT_EQ(quick.function_kind(name), detail::secret_function_kind(name)) << name;
  }
  EXPECT_GT(skipped, 1000);  // some of them without the walk
}

// The quick look goes 16 bytes at a time: a secret at every offset of texts from 0 to 40 bytes
// before it, masked as by the whole walk, and a secret's name at every offset found.
TEST(SecretQuickLook, SecretsAtEveryOffsetAreMasked) {
  const SecretMasker quick(SecretRules{});
  const SecretMasker walk(SecretRules{true, "a^", ""});
  for (const char* secret : {"Bearer 0123456789abcdef", "Basic dXNlcjpwYXNz", "password=hunter2",
                             "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
                             "https://u:hunter2@h/", "hf_abcdefghijklmnopqrstuvwxyz0123456789",
                             "xoxb-123456789012-abcdef"}) {
    for (std::size_t before = 0; before <= 40; ++before) {
      for (std::size_t after : {0u, 1u, 2u, 17u}) {
        const std::string text = std::string(before, 'q') + " " + secret + std::string(after, ' ');
        std::string a = text, b = text;
        ASSERT_TRUE(walk.mask_text(b)) << text;
        ASSERT_TRUE(quick.mask_text(a)) << text;
        ASSERT_EQ(a, b);
      }
    }
  }
  for (const char* word : {"token", "secret", "password", "auth", "creds", "cookie", "apiKey", "api_key"}) {
    for (std::size_t before = 0; before <= 40; ++before) {
      const std::string name = std::string(before, 'q') + "_" + word;
      EXPECT_EQ(quick.name_kind(name), detail::secret_name_kind(name)) << name;
      EXPECT_NE(quick.name_kind(name), SecretKind::kNone) << name;
    }
  }
}

// What the quick look is for: the values of most traces hold none of the pieces.
TEST(SecretQuickLook, OrdinaryValuesAreNotWalked) {
  const SecretMasker masker(SecretRules{});
  for (const char* text : {R"({"id": 42, "name": "request", "tags": ["alpha", "beta", "gamma"]})",
                           "\"request45\"", "traced_typical", "How tall is the Eiffel Tower?",
                           "mlflow.spanFunctionName", R"({"query": "What is MLflow?", "top_k": 2})"})
    EXPECT_FALSE(masker.may_hold_secrets(text)) << text;
  EXPECT_TRUE(masker.may_hold_secrets("the TOKEN"));
  EXPECT_TRUE(SecretMasker(SecretRules{true, "", "[0-9]+"}).may_hold_secrets("plain"));  // added rules
}

// --- Configuration -------------------------------------------------------------------------------

TEST(SecretRules, AddedNamesAndValuePatterns) {
  SecretRules rules;
  rules.extra_names = "session_id|x-my-.*";
  rules.extra_values = "PIN ([0-9]{4})|internal-[a-z]+";
  const SecretMasker masker(rules);
  EXPECT_NE(masker.name_kind("Session_ID"), SecretKind::kNone);  // without regard to case
  EXPECT_NE(masker.name_kind("X-My-Header"), SecretKind::kNone);
  EXPECT_EQ(masker.name_kind("session_ids"), SecretKind::kNone);  // the whole name
  std::string text = "PIN 1234 and internal-abc, Bearer 0123456789abcdef";
  EXPECT_TRUE(masker.mask_text(text));
  EXPECT_EQ(text, "PIN *** and ***, Bearer ***");  // a group masks the group only
  // In JSON text, the patterns see the string as written, not its escapes.
  std::string json_text = R"({"s": "a\tPIN 9876", "session_id": "s-1"})";
  EXPECT_TRUE(masker.mask_json_text(json_text, false));
  EXPECT_EQ(json_text, R"({"s": "a\tPIN ***", "session_id": "***"})");
}

TEST(SecretRules, BuiltInRulesOff) {
  SecretRules off;
  off.builtin = false;
  EXPECT_FALSE(SecretMasker(off).active());
  EXPECT_EQ(masked("Bearer 0123456789abcdef password=x", off), "Bearer 0123456789abcdef password=x");
  off.extra_values = "secret-[0-9]+";
  EXPECT_TRUE(SecretMasker(off).active());
  EXPECT_EQ(masked("Bearer 0123456789abcdef secret-42", off), "Bearer 0123456789abcdef ***");
}

TEST(SecretRules, ABadPatternIsLeftOut) {
  SecretRules rules;
  rules.extra_values = "([unclosed";
  ::testing::internal::CaptureStderr();
  const SecretMasker masker(rules);
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find("MLFLOW_CPP_SECRET_VALUE_PATTERNS"), std::string::npos) << said;
  std::string text = "([unclosed Bearer 0123456789abcdef";
  EXPECT_TRUE(masker.mask_text(text));
  EXPECT_EQ(text, "([unclosed Bearer ***");
}

TEST(SecretRules, ReadFromTheEnvironment) {
  const detail::Config defaults = detail::Config::from_variables({});
  EXPECT_TRUE(defaults.secrets.builtin);
  EXPECT_EQ(defaults.secrets.extra_names, "");
  const detail::Config config = detail::Config::from_variables(
      {{"MLFLOW_CPP_MASK_SECRETS", "false"}, {"MLFLOW_CPP_SECRET_NAMES", "pin|otp"},
       {"MLFLOW_CPP_SECRET_VALUE_PATTERNS", "corp-[0-9]+"}});
  EXPECT_FALSE(config.secrets.builtin);
  EXPECT_EQ(config.secrets.extra_names, "pin|otp");
  EXPECT_EQ(config.secrets.extra_values, "corp-[0-9]+");
}

// --- Messages ------------------------------------------------------------------------------------

// What is printed (diagnostics, error messages) never holds the credentials the process was
// configured with, nor anything shaped like one (a server's error body may quote them).
TEST(SecretMessages, ConfiguredCredentialsAndShapesAreHidden) {
  // "Basic " + base64("alice:pw-Zx81Qm"), as config.cpp builds MLflow's Basic authorization.
  detail::hide_authorization_in_messages("Basic YWxpY2U6cHctWng4MVFt");
  detail::hide_authorization_in_messages("Bearer tok-Kq72Lw");
  EXPECT_EQ(detail::masked_for_messages(
                "HTTP 401: bad password pw-Zx81Qm in YWxpY2U6cHctWng4MVFt, token tok-Kq72Lw, "
                "from https://alice:pw@host/?key=k1"),
            "HTTP 401: bad password *** in ***, token ***, from https://alice:***@host/?key=***");
  EXPECT_EQ(detail::masked_for_messages("sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzIjoxfQ.c2ln"),
            "sent Authorization: Bearer ***");
  // Too short to be a credential, and too common to hide: not registered.
  detail::hide_in_messages("ab");
  EXPECT_EQ(detail::masked_for_messages("about"), "about");
}

// --- Through the runtime, down to the store ------------------------------------------------------

class SecretsInTracesTest : public TracingTest {};

constexpr const char* kKey = "sk-proj-Ab3dEf6hIj9kLm2nOp5q";

// Every way a value is recorded: a traced function's arguments and result (as the plugin's
// generated code records them), the manual API's inputs, outputs, attributes, events, status
// and the trace's tags.
TEST_F(SecretsInTracesTest, NoSecretReachesTheStore) {
  static constexpr detail::FunctionSite kSetToken{"setToken", "UNKNOWN", "setToken",
                                                  "openai::_detail::OpenAI::setToken", "o.hpp", 1,
                                                  false, nullptr};
  static constexpr detail::FunctionSite kSetHeader{"SetHeader", "UNKNOWN", "SetHeader",
                                                   "liboai::netimpl::Session::SetHeader", "n.h", 1,
                                                   false, nullptr};
  {
    auto root = mlflow::start_span("agent");
    root.set_inputs(json{{"question", "hi"}, {"api_key", kKey}});
    root.set_attribute("password", "hunter2");
    root.set_attribute("note", std::string("called with Bearer ") + kKey);
    root.add_event("retry", json{{"error", std::string("Incorrect API key provided: ") + kKey}});
    root.set_status(SpanStatusCode::ERROR, std::string("401 for key ") + kKey);
    mlflow::TraceUpdate update;
    update.tags = {{"auth_token", "t-123456"}, {"env", "test"}};
    mlflow::update_current_trace(update);
    {
      detail::FunctionSpan span(kSetToken);
      ASSERT_TRUE(span.recording());
      detail::library_capture(span, detail::CaptureTarget::kInput, "token", std::string_view(kKey));
      detail::library_capture(span, detail::CaptureTarget::kInput, "organization",
                              std::string_view("org-1"));
    }
    {
      detail::FunctionSpan span(kSetHeader);
      detail::library_capture(span, detail::CaptureTarget::kInput, "name",
                              std::string_view("X-Api-Key"));
      detail::library_capture(span, detail::CaptureTarget::kInput, "value",
                              std::string_view("abc123"));
      detail::library_capture(span, detail::CaptureTarget::kOutput, nullptr,
                              std::string_view("ok"));
    }
    root.set_outputs(json{{"answer", "hello"}});
  }
  const json trace = only_trace();
  const std::string stored = trace.dump();
  for (const char* secret : {kKey, "hunter2", "t-123456", "abc123"})
    EXPECT_EQ(stored.find(secret), std::string::npos) << secret << " reached the store";
  const json root = span_named(trace, "agent");
  EXPECT_EQ(attribute(root, "mlflow.spanInputs"), json({{"question", "hi"}, {"api_key", "***"}}));
  EXPECT_EQ(attribute(root, "password"), "***");
  EXPECT_EQ(attribute(root, "note"), "called with Bearer ***");
  EXPECT_EQ(root["events"][0]["attributes"]["error"], "Incorrect API key provided: sk-***");
  EXPECT_EQ(root["status"]["message"], "401 for key sk-***");
  EXPECT_EQ(trace["info"]["tags"]["auth_token"], "***");
  EXPECT_EQ(trace["info"]["tags"]["env"], "test");
  // The arguments keep their names and their order.
  EXPECT_EQ(span_named(trace, "setToken")["attributes"]["mlflow.spanInputs"],
            R"({"token": "***", "organization": "***"})");
  EXPECT_EQ(span_named(trace, "SetHeader")["attributes"]["mlflow.spanInputs"],
            R"({"name": "X-Api-Key", "value": "***"})");
  EXPECT_EQ(span_named(trace, "SetHeader")["attributes"]["mlflow.spanOutputs"], R"("ok")");
}

// A trace that finds the export queue full is written to the store by the thread that completed
// it (export_pipeline.h): masked all the same.
class SecretsSpilledTest : public TracingTest {
  void configure(detail::Config& config) override { config.max_queued_traces = 1; }
};

TEST_F(SecretsSpilledTest, SpilledTracesAreMaskedToo) {
  const auto before = mlflow::tracing::stats();
  for (int i = 0; i < 500; ++i) {
    auto root = mlflow::start_span("login");
    root.set_inputs(json{{"password", "hunter2-Zq"}, {"note", std::string("Bearer ") + kKey}});
  }
  const auto traces = stored_traces();
  EXPECT_EQ(traces.size(), 500u);
  EXPECT_GT(mlflow::tracing::stats().traces_spilled - before.traces_spilled, 0u);
  for (const auto& trace : traces) {
    const std::string stored = trace.dump();
    ASSERT_EQ(stored.find("hunter2-Zq"), std::string::npos);
    ASSERT_EQ(stored.find(kKey), std::string::npos);
    ASSERT_EQ(attribute(trace["data"]["spans"][0], "mlflow.spanInputs"),
              json({{"password", "***"}, {"note", "Bearer ***"}}));
  }
}

class SecretsNotMaskedTest : public TracingTest {
  void configure(detail::Config& config) override { config.secrets.builtin = false; }
};

TEST_F(SecretsNotMaskedTest, MaskingTurnedOffKeepsValues) {
  {
    auto root = mlflow::start_span("agent");
    root.set_inputs(json{{"api_key", kKey}});
  }
  EXPECT_NE(only_trace().dump().find(kKey), std::string::npos);
}

}  // namespace
}  // namespace mlflow::testing
