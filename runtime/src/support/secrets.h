// secrets.h: keys, tokens and passwords never leave the process.
//
// A traced program handles credentials: an SDK's setToken(token), a header set as
// SetHeader("Authorization", "Bearer sk-..."), a request URL with ?key=..., a password in a
// connection string, an API error that quotes the key it refused. Whatever records them (the
// plugin's captures, by annotation or by name filter, the manual span API, autolog), the
// runtime masks them before a trace is written anywhere (export/secret_masking_exporter.h):
// the value becomes kMask, the name around it is kept, so the trace still shows that a key was
// there and where. The rules, each applied by SecretMasker below:
//
//   * By name (is_secret_name): the value of a parameter, JSON member or attribute whose name
//     says it holds a secret: api_key, apiKey, X-Api-Key, token, access_token, secret,
//     client_secret, password, passwd, authorization, auth_header, credentials, cookie, ...
//     Names are split into words (snake_case, kebab-case, camelCase, dots) and judged by the
//     last word, so max_tokens, key_id, token_count or password_hint are not secrets; "key"
//     counts only alone or after a word that makes it a credential (api, secret, private,
//     access, ...), "token" except after a word that makes it a language model's or a
//     parser's token (max, next, eos, ...). Strings under such a name become "***" (an empty
//     one stays empty: it says no key was given, what one looks for after a 401), and so do
//     numbers, except under a ...key or ...token name, where a number is an id (llama.cpp's
//     llama_token) or a map's key, never a credential; booleans and null are kept. Inside an
//     object or array under such a name, every string is masked, the structure kept.
//   * By function name (is_secret_function_name): every argument and the result of a function
//     whose name says it handles a secret: a setter or getter of one (setToken, SetApiKey,
//     get_password) or a name with the word secure, secret, password or credentials
//     (SecureStringClear).
//   * By pairs: a string that follows a string naming a secret, among a function's arguments
//     (SetHeader("X-Api-Key", "abc123")) and in a pair (a two-element array).
//   * By shape, inside any string whatever its name (mask_shapes): "Bearer <token>" and
//     "Basic <base64>" (the scheme kept), vendors' key formats (sk-..., sk-ant-..., ghp_...,
//     github_pat_..., AKIA..., AIza..., xox?-..., hf_..., glpat-..., sk_live_...: the
//     vendor's prefix kept), JSON Web Tokens (eyJ...x.y.z), the password and key parameters
//     of URLs (mask_url), "name=value" and header lines "Name: value" where the name is a
//     secret's, and "name": "value" members of JSON text held in a string. Long random-looking
//     strings in general are not masked: trace and span ids, hashes and UUIDs look the same,
//     and a trace without them is worse; add a pattern for yours (below).
//
// Configurable (config/config.h, docs/configuration.md): MLFLOW_CPP_SECRET_NAMES adds names
// (a POSIX extended regular expression, as grep -E, matched against the whole name without
// regard to case), MLFLOW_CPP_SECRET_VALUE_PATTERNS adds shapes (the same, searched in every
// string: each match, or its first group when it has one, is masked), MLFLOW_CPP_MASK_SECRETS
// =false turns the built-in rules off (the added ones still apply). POSIX regular expressions
// (glibc's), not std::regex: libstdc++'s recurses per character and overflows the stack on the
// long strings traces hold.
#ifndef MLFLOW_RUNTIME_SECRETS_H
#define MLFLOW_RUNTIME_SECRETS_H

#include <mlflow/version.h>

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

MLFLOW_BEGIN_NAMESPACE
namespace detail {

// What a secret's value becomes.
inline constexpr std::string_view kMask = "***";

// What a name says of the value under it.
enum class SecretKind : unsigned char {
  kNone,    // nothing: the value is judged by its shape
  kSecret,  // a secret: strings and numbers masked
  kKeyOrToken,  // a key or token: strings masked, numbers (ids, map keys) kept
};

// The built-in rules, on their own.
SecretKind secret_name_kind(std::string_view name) noexcept;
SecretKind secret_function_kind(std::string_view name) noexcept;
inline bool is_secret_name(std::string_view name) noexcept {
  return secret_name_kind(name) != SecretKind::kNone;
}
// The URL with the values of its key-carrying query parameters masked (key, api_key, apikey,
// api-key, access_token, token, without regard to case) and the password of its user
// information ("https://user:***@host/..."). Everything else is kept as written.
std::string mask_url(std::string_view url);

// Text meant for people (diagnostics, error messages, the CLI's output): a server's error body
// may quote the credentials it refused, a URL its password. The shapes are masked, and every
// credential given to hide_in_messages (the tracking server's token and password, read by
// config.cpp and by the tracking client) wherever it appears. The list is per library copy
// of support/ (runtime/src/README.md): each registers what it was configured with.
std::string masked_for_messages(std::string_view text);
void hide_in_messages(std::string_view credential);
// The credential of an Authorization header value ("Bearer <token>", "Basic <base64 of
// user:password>": the token, the base64 and the password).
void hide_authorization_in_messages(std::string_view authorization);

// What the masker applies (config/config.h reads them from the environment).
struct SecretRules {
  bool builtin = true;        // MLFLOW_CPP_MASK_SECRETS
  std::string extra_names;    // MLFLOW_CPP_SECRET_NAMES: an extended regex, or empty
  std::string extra_values;   // MLFLOW_CPP_SECRET_VALUE_PATTERNS: an extended regex, or empty
};

// The rules above, built once. Immutable after construction: any thread may use it at once.
class SecretMasker {
 public:
  // A pattern that does not compile is reported (diagnostics.h) and left out.
  explicit SecretMasker(const SecretRules& rules);
  ~SecretMasker();
  SecretMasker(const SecretMasker&) = delete;
  SecretMasker& operator=(const SecretMasker&) = delete;

  // Whether any rule is on (built-in or added).
  bool active() const noexcept;

  SecretKind name_kind(std::string_view name) const;
  SecretKind function_kind(std::string_view name) const;

  // False when no rule can match anywhere in `text` (a quick look at its bytes, secrets.cpp;
  // true when it may, or when added rules are on): the masking below then changes nothing in it.
  // They look first themselves.
  bool may_hold_secrets(std::string_view text) const noexcept;

  // Each returns whether it changed anything; none throws but std::bad_alloc.
  // A plain string: the shapes.
  bool mask_text(std::string& text) const;
  // A JSON value: names, pairs and shapes, all the way down; `under`: the name it is under
  // says it is a secret (a member's, an attribute's, or its function's).
  bool mask_json(nlohmann::json& value, SecretKind under = SecretKind::kNone) const;
  // A JSON value under the member or attribute name `name`.
  bool mask_named(std::string_view name, nlohmann::json& value) const {
    return mask_json(value, name_kind(name));
  }
  // The same as mask_json on JSON text, as the runtime writes it: edited in place, with no
  // tree built and nothing allocated unless something is masked. `arguments`: the text is a
  // function's arguments object, in call order, where the pairs rule applies to its members.
  // Text that is not valid JSON (a write cut short) is masked as a plain string.
  bool mask_json_text(std::string& text, bool arguments,
                      SecretKind under = SecretKind::kNone) const;

  struct Patterns;  // the compiled regular expressions (secrets.cpp)

 private:
  friend class SecretScanner;
  bool builtin_;
  std::unique_ptr<Patterns> patterns_;
};

}  // namespace detail
MLFLOW_END_NAMESPACE

#endif  // MLFLOW_RUNTIME_SECRETS_H
