// Tests for mlflow/capture.h: the exact JSON each kind of C++ value becomes, that unserializable
// types fall back to their name instead of failing to compile, and that capture() neither throws
// nor recurses forever.
#include <mlflow/capture.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

using nlohmann::json;

// ---- Test types ------------------------------------------------------------------------------

struct Opaque {
  int hidden = 0;
};

namespace app {
struct Widget {
  int hidden = 0;
};
template <class T>
struct Box {
  T hidden{};
};

// A user type with its own to_json, found by ADL.
struct Point {
  int x = 0;
  int y = 0;
};
void to_json(json& j, const Point& p) { j = json{{"x", p.x}, {"y", p.y}}; }

// A user type described with nlohmann's macro.
struct Document {
  std::string id;
  double score = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Document, id, score)

enum class Color { red, green };
NLOHMANN_JSON_SERIALIZE_ENUM(Color, {{Color::red, "red"}, {Color::green, "green"}})

enum class Level : std::uint8_t { low = 1, high = 7 };

// A range found only through ADL begin/end.
struct Bag {
  std::vector<int> items;
};
inline std::vector<int>::const_iterator begin(const Bag& bag) { return bag.items.begin(); }
inline std::vector<int>::const_iterator end(const Bag& bag) { return bag.items.end(); }
// A map-like type of the user's that allows repeated keys.
struct History {
  using key_type = std::string;
  using mapped_type = Widget;
  std::vector<std::pair<std::string, Widget>> entries;
  auto begin() const { return entries.begin(); }
  auto end() const { return entries.end(); }
};
}  // namespace app

// Customized through an adl_serializer specialization instead of to_json.
struct Celsius {
  double degrees = 0;
};
namespace nlohmann {
template <>
struct adl_serializer<Celsius> {
  static void to_json(json& j, const Celsius& c) {
    j = std::to_string(static_cast<int>(c.degrees)) + "C";
  }
};
}  // namespace nlohmann

struct ThrowsStd {};
void to_json(json&, const ThrowsStd&) { throw std::runtime_error("boom"); }

struct ThrowsInt {};
void to_json(json&, const ThrowsInt&) { throw 42; }

// A node whose to_json captures its successor, so a cycle of shared_ptrs goes through capture.
struct Node {
  std::string name;
  std::shared_ptr<Node> next;
};
void to_json(json& j, const Node& n) {
  j = json{{"name", n.name}, {"next", mlflow::capture(n.next)}};
}

// A node whose to_json captures what its raw pointers point to, two of them: a cycle through
// it, followed until the depth limit, would be 2^64 captures (issue 15, bad input).
struct Link {
  std::string name;
  const Link* left = nullptr;
  const Link* right = nullptr;
};
void to_json(json& j, const Link& link) {
  j = json{{"name", link.name}};
  if (link.left != nullptr) j["left"] = mlflow::capture(*link.left);
  if (link.right != nullptr) j["right"] = mlflow::capture(*link.right);
}

// A cycle made of standard types only: a tree is a vector of shared pointers to trees.
struct Tree : std::vector<std::shared_ptr<Tree>> {};

// Each level captures the next one: a chain `n` levels deep.
struct Chain {
  int n = 0;
};
void to_json(json& j, const Chain& c) {
  j = c.n == 0 ? json(0) : json::array({mlflow::capture(Chain{c.n - 1})});
}

// A range whose elements are of its own type, like std::filesystem::path.
struct SelfRange {
  const SelfRange* begin() const { return this; }
  const SelfRange* end() const { return this + 1; }
};

// Counts copies, to check that capture only reads.
struct CopyCounter {
  static int copies;
  CopyCounter() = default;
  CopyCounter(const CopyCounter&) { ++copies; }
  CopyCounter& operator=(const CopyCounter&) {
    ++copies;
    return *this;
  }
};
int CopyCounter::copies = 0;
void to_json(json& j, const CopyCounter&) { j = "counted"; }

struct Never;  // never defined

int free_function(int x) { return x; }

// ---- Helpers ---------------------------------------------------------------------------------

// The captured value must be a string matching `pattern` entirely.
::testing::AssertionResult MatchesPointer(const json& j, const std::string& pattern) {
  if (!j.is_string()) return ::testing::AssertionFailure() << j.dump() << " is not a string";
  const std::string text = j.get<std::string>();
  if (!std::regex_match(text, std::regex(pattern))) {
    return ::testing::AssertionFailure() << text << " does not match " << pattern;
  }
  return ::testing::AssertionSuccess();
}

bool ContainsCutMarker(const json& j) {
  if (j.is_string()) return j.get<std::string>() == "<...>";
  if (j.is_structured()) {
    for (const auto& item : j) {
      if (ContainsCutMarker(item)) return true;
    }
  }
  return false;
}

// ---- type_name --------------------------------------------------------------------------------

TEST(CaptureTypeName, ReadableNamesAtCompileTime) {
  static_assert(mlflow::detail::type_name<Opaque>() == "Opaque");
  static_assert(mlflow::detail::type_name<app::Widget>() == "app::Widget");
  static_assert(mlflow::detail::type_name<app::Box<int>>() == "app::Box<int>");
  static_assert(mlflow::detail::type_name<int>() == "int");
  static_assert(noexcept(mlflow::detail::type_name<Opaque>()));
  EXPECT_EQ(mlflow::detail::type_name<std::vector<int>>(), "std::vector<int>");
  EXPECT_EQ((mlflow::detail::type_name<std::map<int, Opaque>>()), "std::map<int, Opaque>");
}

// What capture.h relies on in nlohmann: it declines containers of unserializable types (a false
// trait, not a compile error), so capture can take them element by element.
static_assert(!std::is_constructible_v<json, const std::vector<Opaque>&>);
static_assert(!std::is_constructible_v<json, const std::map<std::string, Opaque>&>);
static_assert(std::is_constructible_v<json, const std::vector<int>&>);
static_assert(std::is_constructible_v<json, const app::Point&>);

// ---- Scalars ---------------------------------------------------------------------------------

TEST(Capture, IsNoexcept) {
  const Opaque opaque;
  const ThrowsStd throws;
  const std::vector<Opaque> opaques;
  static_assert(noexcept(mlflow::capture(1)));
  static_assert(noexcept(mlflow::capture(opaque)));
  static_assert(noexcept(mlflow::capture(throws)));
  static_assert(noexcept(mlflow::capture(opaques)));
  static_assert(std::is_same_v<decltype(mlflow::capture(opaque)), json>);
}

TEST(Capture, Json) {
  const json j = {{"a", 1}, {"b", {true, nullptr}}};
  EXPECT_EQ(mlflow::capture(j), j);
  const nlohmann::ordered_json ordered = {{"z", 1}, {"a", 2}};
  EXPECT_EQ(mlflow::capture(ordered), (json{{"a", 2}, {"z", 1}}));
}

// A class derived from nlohmann::json (ollama-hpp's ollama::request) is a JSON value: recorded
// as one, also in a container (issue 15: it was "capture failed: type_error.302").
namespace sdk {
struct Request : nlohmann::json {
  Request(const std::string& model, const std::string& prompt) {
    (*this)["model"] = model;
    (*this)["prompt"] = prompt;
  }
};
struct OrderedRequest : nlohmann::ordered_json {
  OrderedRequest() {
    (*this)["z"] = 1;
    (*this)["a"] = 2;
  }
};
}  // namespace sdk

TEST(Capture, ClassesDerivedFromJson) {
  sdk::Request request("llama3", "hi");
  EXPECT_EQ(mlflow::capture(request), (nlohmann::json{{"model", "llama3"}, {"prompt", "hi"}}));
  std::vector<sdk::Request> requests{request, sdk::Request("m", "p")};
  EXPECT_EQ(mlflow::capture(requests).dump(),
            R"([{"model":"llama3","prompt":"hi"},{"model":"m","prompt":"p"}])");
  EXPECT_EQ(mlflow::capture(sdk::OrderedRequest()), (nlohmann::json{{"a", 2}, {"z", 1}}));
}

TEST(Capture, Integers) {
  EXPECT_EQ(mlflow::capture(42), json(42));
  EXPECT_TRUE(mlflow::capture(42).is_number_integer());
  EXPECT_EQ(mlflow::capture(-7), json(-7));

  const json u = mlflow::capture(42u);
  EXPECT_EQ(u, json(42u));
  EXPECT_TRUE(u.is_number_unsigned());

  const json max64 = mlflow::capture(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(max64.get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(max64.dump(), "9223372036854775807");
  const json min64 = mlflow::capture(std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(min64.dump(), "-9223372036854775808");
  const json umax64 = mlflow::capture(std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(umax64.is_number_unsigned());
  EXPECT_EQ(umax64.dump(), "18446744073709551615");

  const short s = -3;
  EXPECT_EQ(mlflow::capture(s), json(-3));
  // Only plain `char` is a character; signed/unsigned char are small integers.
  const signed char sc = -5;
  const unsigned char uc = 200;
  EXPECT_EQ(mlflow::capture(sc), json(-5));
  EXPECT_EQ(mlflow::capture(uc), json(200));
  EXPECT_TRUE(mlflow::capture(uc).is_number_unsigned());
}

TEST(Capture, FloatingPoint) {
  EXPECT_EQ(mlflow::capture(1.5), json(1.5));
  EXPECT_TRUE(mlflow::capture(1.5).is_number_float());
  EXPECT_EQ(mlflow::capture(0.25f), json(0.25));
  EXPECT_EQ(mlflow::capture(2.5L), json(2.5));
  // Not representable in JSON: kept as numbers, dumped as null.
  EXPECT_EQ(mlflow::capture(std::nan("")).dump(), "null");
  EXPECT_EQ(mlflow::capture(std::numeric_limits<double>::infinity()).dump(), "null");
}

TEST(Capture, BoolAndChar) {
  EXPECT_EQ(mlflow::capture(true), json(true));
  EXPECT_EQ(mlflow::capture(false), json(false));
  EXPECT_TRUE(mlflow::capture(true).is_boolean());
  EXPECT_EQ(mlflow::capture('x'), json("x"));
  EXPECT_EQ(mlflow::capture('\0'), json(std::string(1, '\0')));
}

TEST(Capture, Null) {
  EXPECT_EQ(mlflow::capture(nullptr), json(nullptr));
  EXPECT_EQ(mlflow::capture(std::monostate{}), json(nullptr));
}

// ---- Strings ---------------------------------------------------------------------------------

TEST(CaptureString, EachKind) {
  EXPECT_EQ(mlflow::capture(std::string("hello")), json("hello"));
  EXPECT_EQ(mlflow::capture(std::string_view("view")), json("view"));
  const char* c_string = "c string";
  EXPECT_EQ(mlflow::capture(c_string), json("c string"));
  EXPECT_EQ(mlflow::capture("literal"), json("literal"));
  EXPECT_EQ(mlflow::capture(std::string()), json(""));
}

TEST(CaptureString, NullCString) {
  const char* null_string = nullptr;
  EXPECT_EQ(mlflow::capture(null_string), json(nullptr));
}

TEST(CaptureString, CharArrayStopsAtFirstNul) {
  const char buffer[8] = {'a', 'b', '\0', 'c', 'd', '\0', '\0', '\0'};
  EXPECT_EQ(mlflow::capture(buffer), json("ab"));
  // No NUL at all: the whole array, and not one byte past it.
  const char unterminated[3] = {'x', 'y', 'z'};
  EXPECT_EQ(mlflow::capture(unterminated), json("xyz"));
  char writable[4] = "ok";
  EXPECT_EQ(mlflow::capture(writable), json("ok"));
}

TEST(CaptureString, EmbeddedNulKeptInSizedStrings) {
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(mlflow::capture(with_nul).get<std::string>(), with_nul);
  EXPECT_EQ(mlflow::capture(std::string_view(with_nul)).get<std::string>(), with_nul);
}

TEST(CaptureString, InvalidUtf8KeptAsBytes) {
  const std::string bytes = "ok\xff\xfe";
  const json j = mlflow::capture(bytes);
  EXPECT_EQ(j.get<std::string>(), bytes);
  EXPECT_EQ(mlflow::capture(bytes.c_str()).get<std::string>(), bytes);
  // Dumping later replaces each invalid byte with U+FFFD.
  EXPECT_EQ(j.dump(-1, ' ', false, json::error_handler_t::replace),
            "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

// Map keys with invalid UTF-8 are kept as bytes too, and replaced when written: the text a span
// is given is valid UTF-8 and valid JSON (issue 15, bad input).
TEST(CaptureString, InvalidUtf8InMapKeysIsWrittenAsValidJson) {
  const std::map<std::string, app::Widget> widgets{{"k\xff\xfe", {}}, {"ok", {}}};
  const json j = mlflow::capture(widgets);
  EXPECT_TRUE(j.contains("k\xff\xfe"));
  const std::string text = mlflow::detail::json_text(widgets);
  EXPECT_EQ(text, "{\"k\xEF\xBF\xBD\xEF\xBF\xBD\":\"<app::Widget>\",\"ok\":\"<app::Widget>\"}");
  EXPECT_NO_THROW({
    const json parsed = json::parse(text);  // (a cast to void does not quiet g++'s warn_unused_result)
    static_cast<void>(parsed);
  });
  const std::unordered_map<std::string, int> unordered{{"\xc3", 1}};  // a cut-off sequence
  EXPECT_EQ(mlflow::detail::json_text(unordered), "{\"\xEF\xBF\xBD\":1}");
}

TEST(CaptureString, NonConstCharPointerIsAPointer) {
  char buffer[16] = "not read";
  char* output = buffer;
  EXPECT_TRUE(MatchesPointer(mlflow::capture(output), "<char ?\\* 0x[0-9a-f]+>"));
  char* null_output = nullptr;
  EXPECT_EQ(mlflow::capture(null_output), json(nullptr));
}

#if defined(__cpp_char8_t)
TEST(CaptureString, Utf8Strings) {
  EXPECT_EQ(mlflow::capture(std::u8string(u8"caf\u00e9")), json("caf\xC3\xA9"));
  EXPECT_EQ(mlflow::capture(std::u8string_view(u8"x")), json("x"));
  const char8_t* c_string = u8"y";
  EXPECT_EQ(mlflow::capture(c_string), json("y"));
}
#endif

// ---- Vocabulary types ------------------------------------------------------------------------

TEST(Capture, Optional) {
  EXPECT_EQ(mlflow::capture(std::optional<int>()), json(nullptr));
  EXPECT_EQ(mlflow::capture(std::optional<int>(3)), json(3));
  EXPECT_EQ(mlflow::capture(std::optional<std::string>("s")), json("s"));
  EXPECT_EQ(mlflow::capture(std::optional<Opaque>(Opaque{})), json("<Opaque>"));
  EXPECT_EQ(mlflow::capture(std::optional<std::optional<int>>(std::optional<int>())),
            json(nullptr));
}

TEST(Capture, Variant) {
  EXPECT_EQ(mlflow::capture(std::variant<int, std::string>(5)), json(5));
  EXPECT_EQ(mlflow::capture(std::variant<int, std::string>("five")), json("five"));
  EXPECT_EQ(mlflow::capture(std::variant<std::monostate, int>()), json(nullptr));
  EXPECT_EQ(mlflow::capture(std::variant<int, Opaque>(Opaque{})), json("<Opaque>"));
}

struct ThrowsOnCopy {
  ThrowsOnCopy() = default;
  ThrowsOnCopy(const ThrowsOnCopy&) { throw std::runtime_error("copy"); }
  ThrowsOnCopy& operator=(const ThrowsOnCopy&) = default;
};

TEST(Capture, ValuelessVariantIsNull) {
  std::variant<int, ThrowsOnCopy> v = 1;
  const ThrowsOnCopy source;
  EXPECT_THROW(v.emplace<ThrowsOnCopy>(source), std::runtime_error);
  ASSERT_TRUE(v.valueless_by_exception());
  EXPECT_EQ(mlflow::capture(v), json(nullptr));
}

TEST(Capture, ReferenceWrapper) {
  int x = 9;
  EXPECT_EQ(mlflow::capture(std::ref(x)), json(9));
  EXPECT_EQ(mlflow::capture(std::cref(x)), json(9));
}

// ---- Pointers --------------------------------------------------------------------------------

TEST(CapturePointer, UniquePtr) {
  EXPECT_EQ(mlflow::capture(std::unique_ptr<int>()), json(nullptr));
  EXPECT_EQ(mlflow::capture(std::make_unique<int>(4)), json(4));
  EXPECT_EQ(mlflow::capture(std::make_unique<app::Point>(app::Point{1, 2})),
            (json{{"x", 1}, {"y", 2}}));
  EXPECT_EQ(mlflow::capture(std::make_unique<Opaque>()), json("<Opaque>"));
}

TEST(CapturePointer, SharedPtr) {
  EXPECT_EQ(mlflow::capture(std::shared_ptr<int>()), json(nullptr));
  EXPECT_EQ(mlflow::capture(std::make_shared<std::string>("shared")), json("shared"));
  EXPECT_EQ(mlflow::capture(std::make_shared<const int>(8)), json(8));
}

TEST(CapturePointer, WeakPtr) {
  EXPECT_EQ(mlflow::capture(std::weak_ptr<int>()), json(nullptr));
  auto owner = std::make_shared<int>(6);
  std::weak_ptr<int> weak = owner;
  EXPECT_EQ(mlflow::capture(weak), json(6));
  owner.reset();
  ASSERT_TRUE(weak.expired());
  EXPECT_EQ(mlflow::capture(weak), json(nullptr));
}

TEST(CapturePointer, UnreadablePointeesAreAddresses) {
  // Arrays (the length is unknown), void, and incomplete types are not followed.
  const auto array = std::make_unique<int[]>(3);
  EXPECT_TRUE(MatchesPointer(mlflow::capture(array), "<int ?\\* 0x[0-9a-f]+>"));
  const std::shared_ptr<void> untyped = std::make_shared<int>(1);
  EXPECT_TRUE(MatchesPointer(mlflow::capture(untyped), "<void ?\\* 0x[0-9a-f]+>"));
  int storage = 0;
  const std::unique_ptr<Never, void (*)(Never*)> pimpl(reinterpret_cast<Never*>(&storage),
                                                       [](Never*) {});
  EXPECT_TRUE(MatchesPointer(mlflow::capture(pimpl), "<Never ?\\* 0x[0-9a-f]+>"));
}

TEST(CapturePointer, RawPointers) {
  int x = 1;
  int* p = &x;
  const json j = mlflow::capture(p);
  EXPECT_TRUE(MatchesPointer(j, "<int ?\\* 0x[0-9a-f]+>"));
  // The address is the pointer's value.
  char expected[64];
  std::snprintf(expected, sizeof expected, "0x%jx", static_cast<std::uintmax_t>(
                                                        reinterpret_cast<std::uintptr_t>(p)));
  EXPECT_NE(j.get<std::string>().find(expected), std::string::npos) << j << " vs " << expected;

  const Opaque opaque;
  EXPECT_TRUE(MatchesPointer(mlflow::capture(&opaque), "<const Opaque ?\\* 0x[0-9a-f]+>"));
  const void* untyped = &x;
  EXPECT_TRUE(MatchesPointer(mlflow::capture(untyped), "<const void ?\\* 0x[0-9a-f]+>"));
  int* null_pointer = nullptr;
  EXPECT_EQ(mlflow::capture(null_pointer), json(nullptr));
}

TEST(CapturePointer, FunctionPointers) {
  int (*function)(int) = &free_function;
  const std::string pattern = "<int \\(\\*\\)\\(int\\) 0x[0-9a-f]+>";
  EXPECT_TRUE(MatchesPointer(mlflow::capture(function), pattern));
  // A function itself is captured as its address.
  EXPECT_TRUE(MatchesPointer(mlflow::capture(free_function), pattern));
  int (*null_function)(int) = nullptr;
  EXPECT_EQ(mlflow::capture(null_function), json(nullptr));
}

// ---- Tuples ----------------------------------------------------------------------------------

TEST(Capture, PairAndTuple) {
  EXPECT_EQ(mlflow::capture(std::make_pair(1, std::string("a"))), json::parse(R"([1, "a"])"));
  EXPECT_EQ(mlflow::capture(std::make_tuple(1, 2.5, std::string("b"))),
            json::parse(R"([1, 2.5, "b"])"));
  EXPECT_EQ(mlflow::capture(std::make_tuple(1, Opaque{}, std::optional<int>())),
            json::parse(R"([1, "<Opaque>", null])"));
  EXPECT_EQ(mlflow::capture(std::tuple<>()), json::array());
}

// ---- Containers ------------------------------------------------------------------------------

TEST(CaptureContainer, Vectors) {
  EXPECT_EQ(mlflow::capture(std::vector<int>{1, 2, 3}), json::parse("[1, 2, 3]"));
  EXPECT_EQ(mlflow::capture(std::vector<std::string>{"a", "b"}), json::parse(R"(["a", "b"])"));
  EXPECT_EQ(mlflow::capture(std::vector<std::optional<int>>{1, std::nullopt, 3}),
            json::parse("[1, null, 3]"));
  EXPECT_EQ(mlflow::capture(std::vector<Opaque>(2)), json::parse(R"(["<Opaque>", "<Opaque>"])"));
  EXPECT_EQ(mlflow::capture(std::vector<int>()), json::array());
  EXPECT_EQ(mlflow::capture(std::vector<bool>{true, false}), json::parse("[true, false]"));
}

TEST(CaptureContainer, Maps) {
  EXPECT_EQ(mlflow::capture(std::map<std::string, int>{{"a", 1}, {"b", 2}}),
            json::parse(R"({"a": 1, "b": 2})"));
  // Keys that are not strings: an array of [key, value] pairs, as nlohmann does.
  EXPECT_EQ(mlflow::capture(std::map<int, std::string>{{1, "x"}, {2, "y"}}),
            json::parse(R"([[1, "x"], [2, "y"]])"));
  EXPECT_EQ(mlflow::capture(std::unordered_map<std::string, int>{{"a", 1}, {"b", 2}}),
            json::parse(R"({"a": 1, "b": 2})"));
  EXPECT_EQ(mlflow::capture(std::map<std::string, Opaque>{{"k", Opaque{}}}),
            json::parse(R"({"k": "<Opaque>"})"));
  EXPECT_EQ(mlflow::capture(std::map<int, Opaque>{{1, Opaque{}}}),
            json::parse(R"([[1, "<Opaque>"]])"));
  EXPECT_EQ(mlflow::capture(std::map<std::string, std::optional<int>>{{"a", 1}, {"b", {}}}),
            json::parse(R"({"a": 1, "b": null})"));
  EXPECT_EQ(mlflow::capture(std::unordered_map<std::string_view, Opaque>{{"v", Opaque{}}}),
            json::parse(R"({"v": "<Opaque>"})"));
  EXPECT_EQ(mlflow::capture(std::map<std::string, int>()), json::object());
}

TEST(CaptureContainer, MultimapKeepsEveryEntry) {
  const std::multimap<std::string, int> multi{{"a", 1}, {"a", 2}, {"b", 3}};
  EXPECT_EQ(mlflow::capture(multi), json::parse(R"([["a", 1], ["a", 2], ["b", 3]])"));
}

TEST(CaptureContainer, UserMapLike) {
  app::History history{{{"a", {}}, {"b", {}}}};
  EXPECT_EQ(mlflow::capture(history),
            json::parse(R"({"a": "<app::Widget>", "b": "<app::Widget>"})"));
  // A repeated key would lose a value in an object: then it is an array of pairs.
  history.entries.push_back({"a", {}});
  EXPECT_EQ(mlflow::capture(history), json::parse(R"([["a", "<app::Widget>"],
                                                      ["b", "<app::Widget>"],
                                                      ["a", "<app::Widget>"]])"));
}

TEST(CaptureContainer, Nested) {
  EXPECT_EQ(mlflow::capture(std::vector<std::vector<int>>{{1}, {2, 3}}),
            json::parse("[[1], [2, 3]]"));
  const std::map<std::string, std::vector<std::optional<Opaque>>> nested{
      {"k", {Opaque{}, std::nullopt}}};
  EXPECT_EQ(mlflow::capture(nested), json::parse(R"({"k": ["<Opaque>", null]})"));
  const std::vector<std::map<std::string, std::variant<int, std::string>>> rows{
      {{"id", 1}, {"name", "x"}}};
  EXPECT_EQ(mlflow::capture(rows), json::parse(R"([{"id": 1, "name": "x"}])"));
  const std::vector<std::unique_ptr<int>> pointers = [] {
    std::vector<std::unique_ptr<int>> v;
    v.push_back(std::make_unique<int>(1));
    v.push_back(nullptr);
    return v;
  }();
  EXPECT_EQ(mlflow::capture(pointers), json::parse("[1, null]"));
}

TEST(CaptureContainer, ArraysAndSets) {
  EXPECT_EQ(mlflow::capture(std::array<int, 3>{1, 2, 3}), json::parse("[1, 2, 3]"));
  EXPECT_EQ(mlflow::capture(std::array<Opaque, 2>{}), json::parse(R"(["<Opaque>", "<Opaque>"])"));
  const int c_array[3] = {4, 5, 6};
  EXPECT_EQ(mlflow::capture(c_array), json::parse("[4, 5, 6]"));
  const int matrix[2][2] = {{1, 2}, {3, 4}};
  EXPECT_EQ(mlflow::capture(matrix), json::parse("[[1, 2], [3, 4]]"));
  const Opaque opaques[2] = {};
  EXPECT_EQ(mlflow::capture(opaques), json::parse(R"(["<Opaque>", "<Opaque>"])"));
  const std::string strings[2] = {"a", "b"};
  EXPECT_EQ(mlflow::capture(strings), json::parse(R"(["a", "b"])"));
  EXPECT_EQ(mlflow::capture(std::set<int>{3, 1, 2}), json::parse("[1, 2, 3]"));
  EXPECT_EQ(mlflow::capture(std::set<std::string>{"b", "a"}), json::parse(R"(["a", "b"])"));
}

TEST(CaptureContainer, AdlRange) {
  EXPECT_EQ(mlflow::capture(app::Bag{{1, 2}}), json::parse("[1, 2]"));
}

TEST(CaptureContainer, SelfRangesDoNotRecurse) {
  EXPECT_EQ(mlflow::capture(std::filesystem::path("/tmp/a.txt")), json("/tmp/a.txt"));
  EXPECT_EQ(mlflow::capture(SelfRange{}), json("<SelfRange>"));
}

TEST(CaptureContainer, ReadsWithoutCopying) {
  CopyCounter::copies = 0;
  const std::vector<CopyCounter> values(3);
  const std::vector<std::optional<CopyCounter>> optionals(2, CopyCounter{});
  const std::map<std::string, std::optional<CopyCounter>> by_name{{"a", CopyCounter{}}};
  const CopyCounter c_array[2] = {};
  CopyCounter::copies = 0;
  EXPECT_EQ(mlflow::capture(values), json::parse(R"(["counted", "counted", "counted"])"));
  EXPECT_EQ(mlflow::capture(optionals), json::parse(R"(["counted", "counted"])"));
  EXPECT_EQ(mlflow::capture(by_name), json::parse(R"({"a": "counted"})"));
  EXPECT_EQ(mlflow::capture(c_array), json::parse(R"(["counted", "counted"])"));
  EXPECT_EQ(CopyCounter::copies, 0);
}

// ---- User types ------------------------------------------------------------------------------

TEST(CaptureUserType, AdlToJson) {
  EXPECT_EQ(mlflow::capture(app::Point{1, 2}), json::parse(R"({"x": 1, "y": 2})"));
  EXPECT_EQ(mlflow::capture(std::vector<app::Point>{{1, 2}}), json::parse(R"([{"x": 1, "y": 2}])"));
  EXPECT_EQ(mlflow::capture(std::optional<app::Point>(app::Point{3, 4})),
            json::parse(R"({"x": 3, "y": 4})"));
}

TEST(CaptureUserType, DefineTypeNonIntrusive) {
  EXPECT_EQ(mlflow::capture(app::Document{"doc-1", 0.5}),
            json::parse(R"({"id": "doc-1", "score": 0.5})"));
}

TEST(CaptureUserType, AdlSerializer) { EXPECT_EQ(mlflow::capture(Celsius{21}), json("21C")); }

TEST(CaptureUserType, Enums) {
  EXPECT_EQ(mlflow::capture(app::Color::green), json("green"));
  EXPECT_EQ(mlflow::capture(app::Level::high), json(7));
}

TEST(CaptureUserType, OpaqueFallsBackToTypeName) {
  EXPECT_EQ(mlflow::capture(Opaque{}), json("<Opaque>"));
  EXPECT_EQ(mlflow::capture(app::Widget{}), json("<app::Widget>"));
  EXPECT_EQ(mlflow::capture(app::Box<int>{}), json("<app::Box<int>>"));
}

// ---- Failures --------------------------------------------------------------------------------

TEST(CaptureFailure, ThrowingToJsonBecomesAMessage) {
  json j;
  EXPECT_NO_THROW(j = mlflow::capture(ThrowsStd{}));
  EXPECT_EQ(j, json("<ThrowsStd: capture failed: boom>"));
  EXPECT_NO_THROW(j = mlflow::capture(ThrowsInt{}));
  EXPECT_EQ(j, json("<ThrowsInt: capture failed>"));
}

TEST(CaptureFailure, ContainerConvertedByNlohmannFailsAsAWhole) {
  // nlohmann converts a vector of a type with to_json in one call, so one throw loses it all.
  EXPECT_EQ(mlflow::capture(std::vector<ThrowsStd>(2)),
            json("<std::vector<ThrowsStd>: capture failed: boom>"));
}

TEST(CaptureFailure, OnlyTheFailingValueIsLost) {
  // Elements captured one by one (here, through optional) fail one by one.
  const std::vector<std::optional<ThrowsStd>> elements{ThrowsStd{}, std::nullopt};
  EXPECT_EQ(mlflow::capture(elements),
            json::parse(R"(["<ThrowsStd: capture failed: boom>", null])"));
  const auto pair = std::make_pair(1, ThrowsInt{});
  EXPECT_EQ(mlflow::capture(pair), json::parse(R"([1, "<ThrowsInt: capture failed>"])"));
}

// ---- Recursion limits ------------------------------------------------------------------------

TEST(CaptureRecursion, SharedPtrCycleThroughToJson) {
  auto a = std::make_shared<Node>();
  a->name = "a";
  a->next = a;
  json j;
  EXPECT_NO_THROW(j = mlflow::capture(a));
  EXPECT_TRUE(ContainsCutMarker(j)) << j;
  EXPECT_EQ(j, json::parse(R"({"name": "a", "next": "<...>"})"));
  // Captured by reference, the node is already being captured when its pointer comes back to it.
  EXPECT_EQ(mlflow::capture(*a), json::parse(R"({"name": "a", "next": "<...>"})"));

  auto b = std::make_shared<Node>();
  b->name = "b";
  a->next = b;
  b->next = a;
  EXPECT_EQ(mlflow::capture(a),
            json::parse(R"({"name": "a", "next": {"name": "b", "next": "<...>"}})"));
  a->next.reset();  // break the cycle so both are freed
}

TEST(CaptureRecursion, RawPointerCycleThroughToJsonEndsAtTheFirstRepeat) {
  Link a{"a"}, b{"b"};
  a.left = a.right = &b;
  b.left = b.right = &a;
  const json j = mlflow::capture(a);
  EXPECT_EQ(j, json::parse(R"({"name": "a",
      "left": {"name": "b", "left": "<...>", "right": "<...>"},
      "right": {"name": "b", "left": "<...>", "right": "<...>"}})"));
  EXPECT_EQ(mlflow::detail::capture_state().visits, 0);
}

TEST(CaptureRecursion, SharedPtrCycleOfStandardTypes) {
  auto tree = std::make_shared<Tree>();
  tree->push_back(tree);
  tree->push_back(tree);
  tree->push_back(nullptr);
  EXPECT_EQ(mlflow::capture(tree), json::parse(R"(["<...>", "<...>", null])"));
  tree->clear();
}

TEST(CaptureRecursion, SharedButAcyclicIsRepeated) {
  // The same object twice, side by side, is not a cycle.
  auto leaf = std::make_shared<int>(5);
  EXPECT_EQ(mlflow::capture(std::vector<std::shared_ptr<int>>{leaf, leaf}), json::parse("[5, 5]"));
}

TEST(CaptureRecursion, DepthIsLimited) {
  EXPECT_EQ(mlflow::capture(Chain{2}), json::parse("[[0]]"));

  const json deep = mlflow::capture(Chain{1000});
  int arrays = 0;
  const json* cursor = &deep;
  while (cursor->is_array()) {
    ++arrays;
    cursor = &(*cursor)[0];
  }
  EXPECT_EQ(arrays, mlflow::kMaxCaptureDepth);
  EXPECT_EQ(*cursor, json("<...>"));

  // The depth is back to zero afterwards.
  EXPECT_EQ(mlflow::detail::capture_state().depth, 0);
  EXPECT_EQ(mlflow::detail::capture_state().visits, 0);
  EXPECT_EQ(mlflow::capture(Chain{3}), json::parse("[[[0]]]"));
}

// A JSON document nested 100000 levels deep (nlohmann parses it without recursing) is captured
// and written within the depth limit: nlohmann's copy and dump recurse, and would exhaust the
// stack on it (issue 15, bad input).
TEST(CaptureRecursion, DeepJsonIsCutAtTheDepthLimit) {
  constexpr int kLevels = 100000;
  const json deep = json::parse(std::string(kLevels, '[') + std::string(kLevels, ']'));
  auto count_arrays = [](const json& j) {
    int arrays = 0;
    const json* cursor = &j;
    while (cursor->is_array() && !cursor->empty()) {
      ++arrays;
      cursor = &(*cursor)[0];
    }
    return std::make_pair(arrays, *cursor);
  };
  // Captured alone: the document's levels 1..64 are kept, level 65 is the marker.
  EXPECT_EQ(count_arrays(mlflow::capture(deep)), std::make_pair(mlflow::kMaxCaptureDepth, json("<...>")));
  // Inside a container, it starts one level down. (Moved in: a copy would recurse.)
  std::vector<json> holder;
  holder.push_back(json::parse(std::string(kLevels, '[') + std::string(kLevels, ']')));
  EXPECT_EQ(count_arrays(mlflow::capture(holder)),
            std::make_pair(mlflow::kMaxCaptureDepth, json("<...>")));
  // Given to a span as it is (span.set_inputs(deep)): its text, cut the same way.
  const json written = json::parse(mlflow::detail::json_text(deep));
  EXPECT_EQ(count_arrays(written), std::make_pair(mlflow::kMaxCaptureDepth, json("<...>")));
  // Not deeper than the limit: kept whole.
  const json shallow = json::parse(std::string(64, '[') + std::string(64, ']'));
  EXPECT_EQ(mlflow::capture(shallow), shallow);
  EXPECT_EQ(mlflow::detail::capture_state().depth, 0);
}

// A to_json whose value is a deep document of its own.
struct ReturnsDeepJson {
  int levels = 0;
};
void to_json(json& j, const ReturnsDeepJson& r) {
  // Built bottom up without recursion, moved (not copied) into j.
  json value = json::array();
  for (int i = 1; i < r.levels; ++i) value = json::array({std::move(value)});
  j = std::move(value);
}

TEST(CaptureRecursion, DeepJsonFromToJsonIsCut) {
  const json j = mlflow::capture(ReturnsDeepJson{100000});
  int arrays = 0;
  const json* cursor = &j;
  while (cursor->is_array() && !cursor->empty()) {
    ++arrays;
    cursor = &(*cursor)[0];
  }
  EXPECT_EQ(arrays, mlflow::kMaxCaptureDepth);
  EXPECT_EQ(*cursor, json("<...>"));
}

TEST(CaptureRecursion, StateRestoredAfterFailure) {
  (void)mlflow::capture(std::make_shared<ThrowsStd>());
  (void)mlflow::capture(std::vector<std::optional<ThrowsInt>>{ThrowsInt{}});
  EXPECT_EQ(mlflow::detail::capture_state().depth, 0);
  EXPECT_EQ(mlflow::detail::capture_state().visits, 0);
}

// Iterators are never dereferenced: an output iterator, or one at the end of a buffer without
// a NUL, must not be read (nlohmann would take an iterator over chars for a filesystem path).
TEST(CaptureIterators, AreNamedNotRead) {
  std::vector<char> buffer{'a', 'b'};  // no NUL anywhere
  const json begin = mlflow::capture(buffer.begin());
  ASSERT_TRUE(begin.is_string());
  EXPECT_EQ(begin.get<std::string>().front(), '<');
  EXPECT_TRUE(mlflow::capture(std::back_inserter(buffer)).is_string());
  EXPECT_TRUE(mlflow::capture(std::string("xy").cbegin()).is_string());
}

namespace sentinel_range {
struct End {};
struct Numbers {
  int values[3] = {1, 2, 3};
  struct Iterator {
    using iterator_category = std::forward_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    using pointer = const int*;
    using reference = int;
    const int* p;
    const int* stop;
    int operator*() const { return *p; }
    Iterator& operator++() { ++p; return *this; }
    bool operator!=(End) const { return p != stop; }
  };
  Iterator begin() const { return {values, values + 3}; }
  End end() const { return {}; }
};
}  // namespace sentinel_range

TEST(CaptureRanges, WithASentinelEnd) {
  EXPECT_EQ(mlflow::capture(sentinel_range::Numbers{}), json::parse("[1, 2, 3]"));
}

namespace catch_all {
struct AnyConversion {
  template <class T>
  operator T() const {
    T v{};
    v.x = 42;  // only compiles for types with a member x
    return v;
  }
};
}  // namespace catch_all

TEST(CaptureFallback, TypesConvertibleToAnythingAreNamed) {
  EXPECT_EQ(mlflow::capture(catch_all::AnyConversion{}), json("<catch_all::AnyConversion>"));
}

namespace mutable_only {
struct Range {  // iterable only when not const
  std::vector<int> values{1, 2};
  std::vector<int>::iterator begin() { return values.begin(); }
  std::vector<int>::iterator end() { return values.end(); }
};
}  // namespace mutable_only

TEST(CaptureFallback, RangesIterableOnlyWhenMutableAreNamed) {
  EXPECT_EQ(mlflow::capture(mutable_only::Range{}), json("<mutable_only::Range>"));
}

namespace single_pass {
// Iterating consumes it, like a stream or a scanner's buffer.
struct Tokens {
  mutable int left = 3;
  struct End {};
  struct Iterator {
    const Tokens* tokens;
    int operator*() const { return tokens->left; }
    Iterator& operator++() { --tokens->left; return *this; }
    bool operator!=(End) const { return tokens->left > 0; }
  };
  Iterator begin() const { return {this}; }
  End end() const { return {}; }
};
}  // namespace single_pass

TEST(CaptureRanges, SinglePassRangesAreNamedNotConsumed) {
  single_pass::Tokens tokens;
  EXPECT_EQ(mlflow::capture(tokens), json("<single_pass::Tokens>"));
  EXPECT_EQ(tokens.left, 3);
}
