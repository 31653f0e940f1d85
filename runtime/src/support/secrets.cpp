// secrets.cpp: see secrets.h. Three parts: the name rules (words of a name), the shape rules
// (SecretScanner::shapes, one pass over a string's bytes), and the two walks that apply them to
// JSON, on a tree (nlohmann) and on text (JsonTextWalk, for the captured values the runtime keeps
// as text; see core/recorded_json.h).
#include "support/secrets.h"

#include <regex.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <utility>
#include <vector>

#include "support/base64.h"
#include "support/diagnostics.h"
#include "support/json_text.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

using std::string_view;

bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept { return is_lower(c) || is_upper(c) || is_digit(c); }

bool equals_ignoring_case(string_view a, string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (is_upper(x)) x = static_cast<char>(x - 'A' + 'a');
    if (is_upper(y)) y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <class Words>
bool one_of(string_view word, const Words& words) noexcept {
  for (string_view w : words)
    if (equals_ignoring_case(word, w)) return true;
  return false;
}
bool one_of(string_view word, std::initializer_list<string_view> words) noexcept {
  return one_of<std::initializer_list<string_view>>(word, words);
}

// --- Names ------------------------------------------------------------------------------------

// Calls fn(word) for each word of a name: runs of letters and digits, split where snake_case,
// kebab-case, dots or spaces separate them and where camelCase or an acronym ends ("APIKey":
// API, Key).
template <class Fn>
void for_each_word(string_view name, Fn&& fn) {
  const std::size_t n = name.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !is_alnum(name[i])) ++i;
    if (i >= n) break;
    const std::size_t start = i++;
    while (i < n && is_alnum(name[i])) {
      const char prev = name[i - 1], c = name[i];
      if (is_upper(c) && (is_lower(prev) || is_digit(prev))) break;
      if (is_upper(c) && is_upper(prev) && i + 1 < n && is_lower(name[i + 1])) break;
      ++i;
    }
    fn(name.substr(start, i - start));
  }
}

// Words that make a name a secret's as its last word.
constexpr string_view kSecretWords[] = {
    "password", "passwd",      "passphrase", "secret", "authorization", "credential",
    "credentials", "creds",    "apikey",     "cookie", "auth"};
// The words before "key" that make it a credential (a sort_key or a primary_key is not one).
constexpr string_view kCredentialKeys[] = {
    "api",     "secret",  "private",  "access", "auth",   "client",   "subscription",
    "signing", "encryption", "master", "account", "app",  "license",  "service",
    "admin",   "session", "openai",   "anthropic", "gemini", "google", "mistral",
    "cohere",  "groq",    "deepseek", "azure"};
// The words before "token" that make it something else than a credential: a language model's
// tokens, a paging or cancellation token, a parser's.
constexpr string_view kOtherTokens[] = {
    "max",   "min",    "next",    "page",     "continuation", "stop",   "bos",    "eos",
    "eot",   "pad",    "unk",     "sep",      "cls",          "mask",   "start",  "end",
    "special", "first", "last",   "num",      "count",        "cancellation", "cancel",
    "sync",  "resume", "cursor",  "input",    "output",       "prompt", "completion",
    "new",   "current", "prev",   "previous", "added",        "image",  "audio",  "vision",
    "vocab", "lexer",  "parse",   "parser",   "llama"};

SecretKind kind_of_words(string_view name) noexcept {
  string_view last, prev, before_prev;
  std::size_t count = 0;
  for_each_word(name, [&](string_view word) {
    before_prev = prev;
    prev = last;
    last = word;
    ++count;
  });
  if (count == 0) return SecretKind::kNone;
  // A secret's header: auth_header, authorization_header, api_key_header.
  if (count >= 2 && one_of(last, {"header", "headers"})) {
    last = prev;
    prev = before_prev;
    --count;
  }
  if (one_of(last, kSecretWords)) return SecretKind::kSecret;
  if (equals_ignoring_case(last, "key") && (count == 1 || one_of(prev, kCredentialKeys)))
    return SecretKind::kKeyOrToken;
  if (equals_ignoring_case(last, "token") && (count == 1 || !one_of(prev, kOtherTokens)))
    return SecretKind::kKeyOrToken;
  return SecretKind::kNone;
}

// --- Shapes -----------------------------------------------------------------------------------

struct Edit {
  std::size_t begin, end;  // the bytes replaced
  std::string replacement;
};

// Characters of a word in the shape rules: keys are made of these.
bool word_char(char c) noexcept { return is_alnum(c) || c == '_' || c == '-'; }
// RFC 7235's token68, a Bearer credential.
bool token68_char(char c) noexcept {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=';
}
bool base64_char(char c) noexcept { return is_alnum(c) || c == '+' || c == '/' || c == '='; }
bool space(char c) noexcept { return c == ' ' || c == '\t'; }

// Whether the word after "Bearer " or "Basic " is a credential, not prose ("Basic training").
bool credential_like(string_view word, bool base64) noexcept {
  if (word.size() < 8) return false;
  bool digit = false, symbol = false, inner_upper = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    digit = digit || is_digit(c);
    symbol = symbol || c == '+' || c == '/' || c == '=' || c == '.' || c == '~';
    inner_upper = inner_upper || (i > 0 && is_upper(c));
  }
  if (base64) return word.size() % 4 == 0 && (digit || symbol || inner_upper);
  return digit || symbol || word.size() >= 20;
}

bool has_digit(string_view text) noexcept {
  return std::any_of(text.begin(), text.end(), is_digit);
}

// Vendors' key formats: the length of the prefix kept when `word` is one, else npos. The part
// after the prefix must be long and hold a digit (sk-learn-compatible-estimators is no key).
std::size_t vendor_prefix(string_view word) noexcept {
  struct Prefix {
    string_view text;
    std::size_t min_rest;
  };
  static constexpr Prefix kPrefixes[] = {
      {"sk-ant-", 16}, {"sk-", 16},     {"sk_live_", 16}, {"sk_test_", 16}, {"rk_live_", 16},
      {"rk_test_", 16}, {"ghp_", 30},   {"gho_", 30},     {"ghu_", 30},     {"ghs_", 30},
      {"ghr_", 30},    {"github_pat_", 20}, {"xoxb-", 10}, {"xoxp-", 10},   {"xoxa-", 10},
      {"xoxr-", 10},   {"xoxs-", 10},   {"hf_", 30},      {"glpat-", 20}};
  for (const Prefix& p : kPrefixes) {
    if (word.size() >= p.text.size() + p.min_rest && word.substr(0, p.text.size()) == p.text &&
        has_digit(word.substr(p.text.size())))
      return p.text.size();
  }
  // AWS access key ids (AKIA, temporary ones ASIA): exactly 20 upper-case letters and digits.
  if (word.size() == 20 && (word.substr(0, 4) == "AKIA" || word.substr(0, 4) == "ASIA") &&
      std::all_of(word.begin(), word.end(), [](char c) { return is_upper(c) || is_digit(c); }))
    return 4;
  // Google API keys: AIza and 35 more.
  if (word.size() == 39 && word.substr(0, 4) == "AIza") return 4;
  return string_view::npos;
}

// --- The quick look ---------------------------------------------------------------------------
//
// Most values hold no secret, and the rules cost a walk over their words (each word compared
// with the lists above and the vendors' prefixes). Every built-in rule needs one of a few
// three-byte pieces somewhere in the text, without regard to case: the start of each word that
// makes a name a secret's (pas-sword, pas-swd, pas-sphrase, sec-ret, aut-horization, aut-h,
// cre-dential(s), cre-ds, coo-kie, key, tok-en; apikey holds key, a ..._header's secret word comes
// before it), "bas" and "bea" (Basic, Bearer), "://" (a URL), the vendors' prefixes (sk-, sk_,
// rk_, ghp_ gho_ ghu_ ghs_ ghr_, git-hub_pat_, xox, hf_, glp-at-, AKI-A, ASI-A, AIz-a) and eyJ (a
// JSON Web Token). The rules look at the text as it is (JSON escapes are boundaries to them,
// and a name with an escape is no secret's), so the pieces do too. Text without any of them is
// left without a walk.
constexpr std::string_view kTriggerPieces[] = {
    "pas", "sec", "aut", "cre", "coo", "key", "tok", "bas", "bea", "://", "sk-", "sk_", "rk_",
    "ghp", "gho", "ghu", "ghs", "ghr", "git", "xox", "hf_", "glp", "aki", "asi", "aiz", "eyj"};

// The pieces, and any two or three bytes, are compared with bit 0x20 set in each byte: letters
// without regard to case (and a few other bytes taken for others: only more text gets the walk).
// A text is looked at two bytes at a time: where they start a piece (a set of 65536 bits, 8 KB),
// the three are looked up in a set of the pieces (4096 bits, hashed).
constexpr std::uint32_t piece_value(string_view piece) noexcept {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(piece[0])) |
          static_cast<std::uint32_t>(static_cast<unsigned char>(piece[1])) << 8 |
          static_cast<std::uint32_t>(static_cast<unsigned char>(piece[2])) << 16) |
         0x202020;
}
constexpr std::uint32_t piece_slot(std::uint32_t value) noexcept {
  return (value * 2654435761u) >> 20;  // 12 bits
}
struct TriggerSet {
  std::uint64_t starts[1024] = {};  // the first two bytes of a piece
  std::uint64_t pieces[64] = {};
  constexpr TriggerSet() {
    for (string_view piece : kTriggerPieces) {
      const std::uint32_t value = piece_value(piece);
      starts[(value & 0xffff) >> 6] |= std::uint64_t{1} << (value & 63);
      const std::uint32_t slot = piece_slot(value);
      pieces[slot >> 6] |= std::uint64_t{1} << (slot & 63);
    }
  }
};
constexpr TriggerSet kTriggers{};

// The first and the second bytes of the pieces (bit 0x20 set), which may_hold_builtin_secret's
// blocks look for (13 each).
constexpr char kFirstBytes[] = {'p', 's', 'a', 'c', 'k', 't', ':', 'b', 'r', 'g', 'x', 'h', 'e'};
constexpr char kSecondBytes[] = {'a', 'e', 'u', 'r', 'o', '/', 'k', 'h', 'i', 'f', 'l', 's', 'y'};
constexpr bool bytes_cover_the_pieces(const char (&bytes)[13], std::size_t at) {
  for (string_view piece : kTriggerPieces) {
    bool found = false;
    for (char c : bytes) found = found || c == static_cast<char>(piece[at] | 0x20);
    if (!found) return false;
  }
  return true;
}
static_assert(bytes_cover_the_pieces(kFirstBytes, 0) && bytes_cover_the_pieces(kSecondBytes, 1));

// Whether the three bytes at p are one of the pieces (true may be wrong, as above).
inline bool piece_at(const unsigned char* p) noexcept {
  const std::uint32_t start = (p[0] | static_cast<std::uint32_t>(p[1]) << 8) | 0x2020u;
  if (((kTriggers.starts[start >> 6] >> (start & 63)) & 1) == 0) return false;
  const std::uint32_t slot = piece_slot(start | static_cast<std::uint32_t>(p[2]) << 16 | 0x200000u);
  return (kTriggers.pieces[slot >> 6] >> (slot & 63)) & 1;
}

#if defined(__SSE2__)
// Whether a piece starts at one of the 16 positions of q (q[0, 18) readable) that are set in
// `positions`: only those whose byte and the next could start a piece (kFirstBytes, kSecondBytes)
// are looked up.
inline bool piece_in_block(const unsigned char* q, unsigned positions) noexcept {
  const __m128i case_bit = _mm_set1_epi8(0x20);
  // Bytes of v equal to one of `bytes`.
  auto one_of = [](__m128i v, const char (&bytes)[13]) {
    auto is = [&](int k) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(bytes[k])); };
    return _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_or_si128(is(0), is(1)), _mm_or_si128(is(2), is(3))),
                     _mm_or_si128(_mm_or_si128(is(4), is(5)), _mm_or_si128(is(6), is(7)))),
        _mm_or_si128(_mm_or_si128(_mm_or_si128(is(8), is(9)), _mm_or_si128(is(10), is(11))),
                     is(12)));
  };
  const __m128i first = one_of(
      _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)), case_bit), kFirstBytes);
  const __m128i second = one_of(
      _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1)), case_bit), kSecondBytes);
  for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(first, second))) & positions;
       mask != 0; mask &= mask - 1)
    if (piece_at(q + __builtin_ctz(mask))) return true;
  return false;
}
#endif

// False when no built-in rule can match in `text` (true may be wrong: then the walk decides).
bool may_hold_builtin_secret(string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  if (n < 3) return false;
#if defined(__SSE2__)
  // 16 positions at a time; the last ones as the block that ends with the text (positions
  // looked at twice are looked at the same), a short text as a block of its own.
  if (n < 18) {
    unsigned char block[32] = {};  // zeros: no piece holds one
    std::memcpy(block, p, n);
    return piece_in_block(block, (1u << (n - 2)) - 1);
  }
  std::size_t i = 0;
  for (; i + 18 <= n; i += 16)
    if (piece_in_block(p + i, 0xffff)) return true;
  return i + 2 < n && piece_in_block(p + n - 18, 0xffff);
#else
  for (std::size_t i = 0; i + 2 < n; ++i)
    if (piece_at(p + i)) return true;
  return false;
#endif
}

}  // namespace

// --- The compiled patterns --------------------------------------------------------------------

struct SecretMasker::Patterns {
  bool has_names = false;
  bool has_values = false;
  bool value_group = false;  // the value pattern has a group: mask the group, not the match
  regex_t names{};
  regex_t values{};

  ~Patterns() {
    if (has_names) regfree(&names);
    if (has_values) regfree(&values);
  }

  static bool compile(regex_t& into, const std::string& pattern, int flags, const char* variable) {
    const int error = regcomp(&into, pattern.c_str(), flags);
    if (error == 0) return true;
    char message[256];
    regerror(error, &into, message, sizeof message);
    regfree(&into);
    warn(std::string("ignoring ") + variable + ": not a POSIX extended regular expression (" +
         message + ")");
    return false;
  }

  bool name_matches(string_view name) const {
    if (!has_names) return false;
    const std::string text(name);  // regexec reads up to a NUL
    return regexec(&names, text.c_str(), 0, nullptr, 0) == 0;
  }

  // Masks each match (its first group when the pattern has one) of the value pattern in `text`.
  bool mask_values(std::string& text) const {
    if (!has_values) return false;
    std::string out;
    std::size_t kept = 0;  // text[kept..] not yet copied to out
    std::size_t from = 0;
    bool changed = false;
    while (from <= text.size()) {
      regmatch_t match[2];
      match[0].rm_so = static_cast<regoff_t>(from);
      match[0].rm_eo = static_cast<regoff_t>(text.size());
      if (regexec(&values, text.c_str(), 2, match, REG_STARTEND | (from > 0 ? REG_NOTBOL : 0)) != 0)
        break;
      const auto so = static_cast<std::size_t>(match[0].rm_so);
      const auto eo = static_cast<std::size_t>(match[0].rm_eo);
      std::size_t begin = so, end = eo;
      if (value_group && match[1].rm_so >= 0) {
        begin = static_cast<std::size_t>(match[1].rm_so);
        end = static_cast<std::size_t>(match[1].rm_eo);
      }
      if (end > begin && begin >= kept && string_view(text).substr(begin, end - begin) != kMask) {
        out.append(text, kept, begin - kept);
        out.append(kMask);
        kept = end;
        changed = true;
      }
      from = eo > so ? eo : eo + 1;
    }
    if (!changed) return false;
    out.append(text, kept, std::string::npos);
    text = std::move(out);
    return true;
  }
};

// The rules of one masker, applied to strings; collects edits.
class SecretScanner {
 public:
  explicit SecretScanner(const SecretMasker& masker) : masker_(masker) {}
  const SecretMasker& masker() const { return masker_; }

  SecretKind name_kind(string_view name) const {
    if (masker_.builtin_ && may_hold_builtin_secret(name)) {
      const SecretKind kind = kind_of_words(name);
      if (kind != SecretKind::kNone) return kind;
    }
    if (masker_.patterns_ && masker_.patterns_->name_matches(name)) return SecretKind::kSecret;
    return SecretKind::kNone;
  }

  bool has_value_patterns() const { return masker_.patterns_ && masker_.patterns_->has_values; }
  bool mask_values(std::string& text) const {
    return masker_.patterns_ && masker_.patterns_->mask_values(text);
  }

  std::vector<Edit> edits;

  // The shape rules on `s`, whose byte s[i] is at `base + i` of what the edits apply to.
  // `escaped`: s is the inside of a JSON string as written (escapes are boundaries, and the
  // masked parts never hold one: keys are made of word characters).
  void shapes(string_view s, bool escaped, std::size_t base) {
    if (!masker_.builtin_) return;
    s_ = s;
    escaped_ = escaped;
    base_ = base;
    const std::size_t n = s.size();
    std::size_t i = 0;
    bool line_start = true;
    while (i < n) {
      const char c = s[i];
      if (escaped && c == '\\') {
        const char e = i + 1 < n ? s[i + 1] : '\0';
        line_start = e == 'n' || e == 'r';
        i += e == 'u' ? 6 : 2;
        continue;
      }
      if (!word_char(c)) {
        line_start = c == '\n' || c == '\r' || (line_start && space(c));
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < n && word_char(s[j])) ++j;
      i = word_at(i, j, line_start);
      line_start = false;
    }
  }

 private:
  void edit(std::size_t begin, std::size_t end, string_view replacement) {
    if (end <= begin || s_.substr(begin, end - begin) == replacement) return;
    edits.push_back({base_ + begin, base_ + end, std::string(replacement)});
  }

  bool quote_at(std::size_t k) const {
    return k < s_.size() && (s_[k] == '"' || (escaped_ && s_[k] == '\\' && k + 1 < s_.size() &&
                                              s_[k + 1] == '"'));
  }
  std::size_t after_quote(std::size_t k) const { return k + (s_[k] == '"' ? 1 : 2); }
  // Where a value in running text ends (name=value): at a space, a quote, a separator.
  bool value_char(char c) const {
    return !(space(c) || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '&' ||
             c == ';' || c == ',' || (escaped_ && c == '\\'));
  }
  bool url_char(char c) const {
    return !(space(c) || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' ||
             c == '>' || c == '`' || c == ')' || c == ']' || (escaped_ && c == '\\'));
  }

  // The rules for the word s_[i, j); returns where to go on.
  std::size_t word_at(std::size_t i, std::size_t j, bool line_start) {
    const string_view s = s_;
    const std::size_t n = s.size();
    const string_view word = s.substr(i, j - i);
    // Authorization schemes: the scheme is kept, the credential masked.
    const bool basic = word == "Basic";
    if ((basic || word == "Bearer" || word == "bearer" || word == "BEARER") && j < n &&
        s[j] == ' ') {
      std::size_t k = j;
      while (k < n && s[k] == ' ') ++k;
      std::size_t m = k;
      while (m < n && (basic ? base64_char(s[m]) : token68_char(s[m]))) ++m;
      if (!credential_like(s.substr(k, m - k), basic)) return j;
      edit(k, m, kMask);
      return m;
    }
    // A URL: its password and key parameters.
    if (s.substr(j, 3) == "://") {
      std::size_t e = j + 3;
      while (e < n && url_char(s[e])) ++e;
      edit(i, e, mask_url(s.substr(i, e - i)));
      return e;
    }
    if (j < n) {
      // name=value (a query, a connection string, a command line's --token=...).
      if (s[j] == '=' && (j + 1 >= n || s[j + 1] != '=')) {
        if (name_kind(word) == SecretKind::kNone) return j;
        std::size_t m = j + 1;
        while (m < n && value_char(s[m])) ++m;
        edit(j + 1, m, kMask);
        return m;
      }
      // A header line, "X-Api-Key: value".
      if (s[j] == ':' && line_start && j + 1 < n && space(s[j + 1])) {
        if (name_kind(word) == SecretKind::kNone) return j;
        std::size_t k = j + 1;
        while (k < n && space(s[k])) ++k;
        std::size_t m = k;
        while (m < n && s[m] != '\n' && s[m] != '\r' && !(escaped_ && s[m] == '\\')) ++m;
        while (m > k && space(s[m - 1])) --m;
        edit(k, m, kMask);
        return m;
      }
      // "name": "value" in JSON text held in a string.
      if (quote_at(j)) {
        std::size_t k = after_quote(j);
        while (k < n && space(s[k])) ++k;
        if (k >= n || s[k] != ':') return j;
        ++k;
        while (k < n && space(s[k])) ++k;
        if (!quote_at(k) || name_kind(word) == SecretKind::kNone) return j;
        const std::size_t v = after_quote(k);
        std::size_t m = v;
        while (m < n && !quote_at(m)) m += (s[m] == '\\' && !escaped_) ? 2 : 1;
        m = std::min(m, n);
        edit(v, m, kMask);
        return m;
      }
    }
    // Vendors' keys: the prefix kept.
    const std::size_t prefix = vendor_prefix(word);
    if (prefix != string_view::npos) {
      edit(i + prefix, j, kMask);
      return j;
    }
    // A JSON Web Token: eyJ<header>.<payload>.<signature>, base64url.
    if (word.size() >= 10 && word.substr(0, 3) == "eyJ" && j < n && s[j] == '.') {
      std::size_t p = j + 1;
      while (p < n && word_char(s[p])) ++p;
      if (p - j - 1 >= 2 && p < n && s[p] == '.') {
        std::size_t r = p + 1;
        while (r < n && word_char(s[r])) ++r;
        edit(i, r, kMask);
        return r;
      }
    }
    return j;
  }

  const SecretMasker& masker_;
  string_view s_;
  bool escaped_ = false;
  std::size_t base_ = 0;
};

namespace {

// Applies edits (in increasing order, not overlapping) to text.
void apply(std::string& text, std::vector<Edit>& edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size());
  std::size_t kept = 0;
  for (const Edit& e : edits) {
    if (e.begin < kept) continue;  // inside one applied already
    out.append(text, kept, e.begin - kept);
    out.append(e.replacement);
    kept = e.end;
  }
  out.append(text, kept, std::string::npos);
  text = std::move(out);
}

// Deeper than this, a value is masked as plain text (recursion must not exhaust the stack).
constexpr int kMaxDepth = 256;

bool is_masked_or_empty(string_view content) { return content.empty() || content == kMask; }

// The walk over JSON text.
class JsonTextWalk {
 public:
  JsonTextWalk(SecretScanner& scanner, string_view text, bool arguments)
      : scanner_(scanner), t_(text), arguments_(arguments) {}

  // False when the text is not JSON as expected.
  bool run(SecretKind under) {
    value(0, under);
    skip_space();
    return ok_ && i_ == t_.size();
  }

 private:
  void fail() {
    ok_ = false;
    i_ = t_.size();
  }
  void skip_space() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t'))
      ++i_;
  }
  // A string at i_: the inside between its quotes; i_ after it.
  bool string_token(std::size_t& begin, std::size_t& end) {
    if (i_ >= t_.size() || t_[i_] != '"') {
      fail();
      return false;
    }
    begin = ++i_;
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '\\') {
        i_ += 2;
        continue;
      }
      if (c == '"') {
        end = i_++;
        return true;
      }
      ++i_;
    }
    fail();
    return false;
  }
  // Whether the string whose inside is t_[begin, end) names a secret.
  bool names_secret(std::size_t begin, std::size_t end) const {
    const string_view content = t_.substr(begin, end - begin);
    return content.size() <= 64 && content.find('\\') == string_view::npos &&
           scanner_.name_kind(content) != SecretKind::kNone;
  }
  void mask_whole(std::size_t begin, std::size_t end) {
    scanner_.edits.push_back({begin, end, "\"" + std::string(kMask) + "\""});
  }

  void value(int depth, SecretKind under) {
    skip_space();
    if (i_ >= t_.size() || depth > kMaxDepth) return fail();
    const char c = t_[i_];
    if (c == '"') {
      const std::size_t start = i_;
      std::size_t begin = 0, end = 0;
      if (!string_token(begin, end)) return;
      if (under != SecretKind::kNone) {
        if (!is_masked_or_empty(t_.substr(begin, end - begin))) mask_whole(start, i_);
        return;
      }
      return string_shapes(start, begin, end);
    }
    if (c == '{') return object(depth, under);
    if (c == '[') return array(depth, under);
    const std::size_t start = i_;
    while (i_ < t_.size() && t_[i_] != ',' && t_[i_] != ']' && t_[i_] != '}' && t_[i_] != ' ' &&
           t_[i_] != '\n' && t_[i_] != '\r' && t_[i_] != '\t')
      ++i_;
    if (i_ == start) return fail();
    const bool number = t_[start] == '-' || is_digit(t_[start]);
    if (number && under == SecretKind::kSecret) mask_whole(start, i_);
  }

  void string_shapes(std::size_t start, std::size_t begin, std::size_t end) {
    if (!scanner_.has_value_patterns()) {
      scanner_.shapes(t_.substr(begin, end - begin), true, begin);
      return;
    }
    // The added patterns are written for the text itself, not its JSON spelling: the string
    // is read, masked, and written again when anything changed.
    std::string content = parse_json_value(t_.substr(start, end + 1 - start)).get<std::string>();
    SecretScanner inner(scanner_.masker());
    inner.shapes(content, false, 0);
    bool changed = !inner.edits.empty();
    if (changed) apply(content, inner.edits);
    changed = scanner_.mask_values(content) || changed;
    if (!changed) return;
    std::string written;
    append_json_string(written, content);
    scanner_.edits.push_back({start, end + 1, std::move(written)});
  }

  void object(int depth, SecretKind under) {
    ++i_;
    skip_space();
    if (i_ < t_.size() && t_[i_] == '}') {
      ++i_;
      return;
    }
    const bool pairs = arguments_ && depth == 0;
    bool after_secret_name = false;  // the previous argument's value names a secret
    for (;;) {
      skip_space();
      std::size_t begin = 0, end = 0;
      if (!string_token(begin, end)) return;
      SecretKind kind = under;
      if (kind == SecretKind::kNone && t_.substr(begin, end - begin).find('\\') == string_view::npos)
        kind = scanner_.name_kind(t_.substr(begin, end - begin));
      skip_space();
      if (i_ >= t_.size() || t_[i_] != ':') return fail();
      ++i_;
      skip_space();
      const std::size_t start = i_;
      if (kind == SecretKind::kNone && after_secret_name && i_ < t_.size() && t_[i_] == '"')
        kind = SecretKind::kSecret;
      value(depth + 1, kind);
      if (!ok_) return;
      after_secret_name = pairs && under == SecretKind::kNone && t_[start] == '"' &&
                          names_secret(start + 1, i_ - 1);
      skip_space();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == '}') {
        ++i_;
        return;
      }
      return fail();
    }
  }

  void array(int depth, SecretKind under) {
    ++i_;
    skip_space();
    if (i_ < t_.size() && t_[i_] == ']') {
      ++i_;
      return;
    }
    std::size_t count = 0;
    bool first_names_secret = false;
    std::size_t second_mark = 0, second_start = 0, second_end = 0;
    for (;;) {
      skip_space();
      const std::size_t start = i_;
      const std::size_t mark = scanner_.edits.size();
      value(depth + 1, under);
      if (!ok_) return;
      if (count == 0) first_names_secret = t_[start] == '"' && names_secret(start + 1, i_ - 1);
      if (count == 1 && t_[start] == '"') {
        second_mark = mark;
        second_start = start;
        second_end = i_;
      }
      ++count;
      skip_space();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == ']') {
        ++i_;
        break;
      }
      return fail();
    }
    // A pair: ["X-Api-Key", "abc123"].
    if (under == SecretKind::kNone && count == 2 && first_names_secret && second_end != 0 &&
        !is_masked_or_empty(t_.substr(second_start + 1, second_end - second_start - 2))) {
      scanner_.edits.resize(second_mark);
      mask_whole(second_start, second_end);
    }
  }

  SecretScanner& scanner_;
  string_view t_;
  bool arguments_;
  std::size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

// --- The built-in rules on their own ----------------------------------------------------------

SecretKind secret_name_kind(string_view name) noexcept { return kind_of_words(name); }

SecretKind secret_function_kind(string_view name) noexcept {
  bool handles_secrets = false;
  string_view first;
  for_each_word(name, [&](string_view word) {
    if (first.empty()) first = word;
    handles_secrets = handles_secrets ||
                      one_of(word, {"secure", "secret", "secrets", "password", "passwd",
                                    "passphrase", "credential", "credentials"});
  });
  if (handles_secrets) return SecretKind::kSecret;
  // A setter or getter of one: setToken, SetApiKey, get_password.
  if (!one_of(first, {"set", "get", "clear", "reset", "update", "with", "use", "load", "read",
                      "store", "save", "put", "add", "apply", "fetch", "refresh", "rotate", "make",
                      "create", "generate", "validate", "verify", "check"}))
    return SecretKind::kNone;
  const std::size_t at = name.find(first) + first.size();
  return kind_of_words(name.substr(at));
}

std::string mask_url(string_view url) {
  std::string out;
  out.reserve(url.size());
  // user:password@ in the authority ("scheme://user:password@host/...").
  std::size_t authority = url.find("://");
  if (authority != string_view::npos &&
      url.substr(0, authority).find_first_of("/?#") == string_view::npos) {
    authority += 3;
    const std::size_t end = url.find_first_of("/?#", authority);
    const string_view host_part =
        url.substr(authority, end == string_view::npos ? string_view::npos : end - authority);
    const std::size_t at = host_part.rfind('@');
    const std::size_t colon = host_part.find(':');
    if (at != string_view::npos && colon != string_view::npos && colon < at) {
      out.append(url.substr(0, authority + colon + 1));
      out.append(kMask);
      url.remove_prefix(authority + at);  // from the '@' on
    }
  }
  const std::size_t query = url.find('?');
  if (query == string_view::npos) {
    out.append(url);
    return out;
  }
  const std::size_t fragment = url.find('#', query);
  out.append(url.substr(0, query + 1));
  string_view params = url.substr(
      query + 1, fragment == string_view::npos ? string_view::npos : fragment - query - 1);
  bool first = true;
  while (true) {
    const std::size_t amp = params.find('&');
    const string_view param = params.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const std::size_t eq = param.find('=');
    if (eq != string_view::npos &&
        one_of(param.substr(0, eq), {"key", "api_key", "apikey", "api-key", "access_token",
                                     "token"})) {
      out.append(param.substr(0, eq + 1));
      out.append(kMask);
    } else {
      out.append(param);
    }
    if (amp == string_view::npos) break;
    params.remove_prefix(amp + 1);
  }
  if (fragment != string_view::npos) out.append(url.substr(fragment));
  return out;
}

// --- Messages ---------------------------------------------------------------------------------

namespace {
std::mutex& hidden_mutex() {
  static auto* mutex = new std::mutex();  // leaked, as everything diagnostics use: usable at exit
  return *mutex;
}
std::vector<std::string>& hidden() {
  static auto* credentials = new std::vector<std::string>();
  return *credentials;
}
}  // namespace

void hide_in_messages(string_view credential) {
  if (credential.size() < 4) return;  // shorter would mask ordinary words; no real credential
  std::lock_guard<std::mutex> lock(hidden_mutex());
  auto& list = hidden();
  if (std::find(list.begin(), list.end(), credential) == list.end()) list.emplace_back(credential);
}

void hide_authorization_in_messages(string_view authorization) {
  const std::size_t space = authorization.find(' ');
  if (space == string_view::npos) return hide_in_messages(authorization);
  const string_view credential = authorization.substr(space + 1);
  hide_in_messages(credential);
  if (authorization.substr(0, space) != "Basic") return;
  if (const auto decoded = base64_decode(credential)) {
    const std::size_t colon = decoded->find(':');
    if (colon != std::string::npos) hide_in_messages(string_view(*decoded).substr(colon + 1));
  }
}

std::string masked_for_messages(string_view text) {
  static const auto* masker = new SecretMasker(SecretRules{});  // leaked: usable at exit
  std::string out(text);
  masker->mask_text(out);
  std::lock_guard<std::mutex> lock(hidden_mutex());
  for (const std::string& credential : hidden()) {
    for (std::size_t at = out.find(credential); at != std::string::npos;
         at = out.find(credential, at + kMask.size()))
      out.replace(at, credential.size(), kMask);
  }
  return out;
}

// --- SecretMasker -----------------------------------------------------------------------------

SecretMasker::SecretMasker(const SecretRules& rules) : builtin_(rules.builtin) {
  auto patterns = std::make_unique<Patterns>();
  if (!rules.extra_names.empty())
    patterns->has_names =
        Patterns::compile(patterns->names, "^(" + rules.extra_names + ")$",
                          REG_EXTENDED | REG_ICASE | REG_NOSUB, "MLFLOW_CPP_SECRET_NAMES");
  if (!rules.extra_values.empty()) {
    patterns->has_values = Patterns::compile(patterns->values, rules.extra_values, REG_EXTENDED,
                                             "MLFLOW_CPP_SECRET_VALUE_PATTERNS");
    patterns->value_group = patterns->has_values && patterns->values.re_nsub > 0;
  }
  if (patterns->has_names || patterns->has_values) patterns_ = std::move(patterns);
}

SecretMasker::~SecretMasker() = default;

bool SecretMasker::active() const noexcept { return builtin_ || patterns_ != nullptr; }

SecretKind SecretMasker::name_kind(string_view name) const {
  return SecretScanner(*this).name_kind(name);
}

SecretKind SecretMasker::function_kind(string_view name) const {
  // Called for every span of a traced function: most names hold none of the pieces.
  if (builtin_ && may_hold_builtin_secret(name)) {
    const SecretKind kind = secret_function_kind(name);
    if (kind != SecretKind::kNone) return kind;
  }
  return SecretKind::kNone;
}

bool SecretMasker::may_hold_secrets(string_view text) const noexcept {
  if (patterns_ != nullptr) return true;  // added rules: only they can tell
  return builtin_ && may_hold_builtin_secret(text);
}

bool SecretMasker::mask_text(std::string& text) const {
  if (!may_hold_secrets(text)) return false;
  SecretScanner scanner(*this);
  scanner.shapes(text, false, 0);
  const bool shaped = !scanner.edits.empty();
  if (shaped) apply(text, scanner.edits);
  return scanner.mask_values(text) || shaped;
}

bool SecretMasker::mask_json(nlohmann::json& value, SecretKind under) const {
  // Iterative over containers is not needed: recorded values are bounded in depth
  // (kMaxCaptureDepth, autolog's kMaxDepth); deeper than kMaxDepth is left as it is.
  struct Walk {
    const SecretMasker& masker;
    SecretScanner scanner;
    bool walk(nlohmann::json& v, SecretKind under, int depth) {
      if (depth > kMaxDepth) return false;
      switch (v.type()) {
        case nlohmann::json::value_t::string: {
          auto& s = *v.get_ptr<std::string*>();
          if (under != SecretKind::kNone) {
            if (is_masked_or_empty(s)) return false;
            s = std::string(kMask);
            return true;
          }
          return masker.mask_text(s);
        }
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float:
          if (under != SecretKind::kSecret) return false;
          v = std::string(kMask);
          return true;
        case nlohmann::json::value_t::object: {
          bool changed = false;
          for (auto it = v.begin(); it != v.end(); ++it)
            changed = walk(*it, under != SecretKind::kNone ? under : scanner.name_kind(it.key()),
                           depth + 1) || changed;
          return changed;
        }
        case nlohmann::json::value_t::array: {
          bool changed = false;
          for (auto& item : v) changed = walk(item, under, depth + 1) || changed;
          // A pair: ["X-Api-Key", "abc123"].
          if (under == SecretKind::kNone && v.size() == 2 && v[0].is_string() &&
              v[1].is_string() && v[0].get_ref<const std::string&>().size() <= 64 &&
              scanner.name_kind(v[0].get_ref<const std::string&>()) != SecretKind::kNone &&
              !is_masked_or_empty(v[1].get_ref<const std::string&>())) {
            v[1] = std::string(kMask);
            changed = true;
          }
          return changed;
        }
        default:
          return false;
      }
    }
  } walk{*this, SecretScanner(*this)};
  return walk.walk(value, under, 0);
}

bool SecretMasker::mask_json_text(std::string& text, bool arguments, SecretKind under) const {
  if (under == SecretKind::kNone && !may_hold_secrets(text)) return false;
  SecretScanner scanner(*this);
  if (!JsonTextWalk(scanner, text, arguments).run(under)) {
    // Not JSON (a write cut short by a failed allocation): the shapes, as in any text.
    scanner.edits.clear();
    scanner.shapes(text, true, 0);
  }
  if (scanner.edits.empty()) return false;
  apply(text, scanner.edits);
  return true;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
