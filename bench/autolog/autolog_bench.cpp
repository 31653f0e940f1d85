// autolog_bench.cpp: what a call site rewritten by autolog adds to a request that is not an LLM
// call (issue 12's target: under 50 ns).
//
// The plugin turns a user's `curl_easy_perform(handle)` or `client.Post(path, body, type)` into
// Redirect<tag, Fn, &callee, R, P...>::call(...), which goes to the integration's adapter
// (<mlflow/detail/autolog/libcurl.h>, <mlflow/detail/autolog/cpp-httplib.h>). For a request
// whose URL is not an LLM route the adapter only decides so and makes the call as written: no
// span is made, so no exporter and no other thread is involved, and the cost is all on the
// calling thread (Google Benchmark's CPU time is that thread's).
//
// Everything is measured in one process and one run, the repetitions of the benchmarks
// interleaved at random (the defaults in main()); bench/summarize.py takes the medians over the
// repetitions and sets the differences against the target.
//
//   The adapters on their own, as twins ("adapter minus direct"): the exact expression the plugin
//   writes, with a cheap stand-in callee of the client function's exact signature (stand_ins.h),
//   against calling the stand-in.
//     BM_CurlPerform_Direct / _Adapter                 no handle in the process points at an LLM
//                                                      route: one relaxed load
//     BM_CurlPerform_AdapterOtherLlmHandle             another handle does: a lookup under a lock
//     BM_CurlPerform_AdapterDisabled                   mlflow::autolog::disable("libcurl")
//     BM_HttplibPost_Direct / _Adapter / _AdapterDisabled
//                                                      Post("/v1/echo", body, type): the path's
//                                                      route is looked up per call
//   Through the real plugin: perform_call.cpp compiled without the plugin (perform_plain) and
//   with it (perform_rewritten), each calling the real curl_easy_perform on a handle whose URL
//   has a scheme libcurl rejects at once, without any network (CURLE_UNSUPPORTED_PROTOCOL). Such
//   a call takes microseconds, and these shared VMs move it by more than the difference sought
//   from one repetition to the next (twin benchmarks of it differed by -20 to +60 ns, their
//   standard deviation 60-120 ns). So the two are compared within one benchmark, in alternating
//   blocks of calls (plain, rewritten, rewritten, plain, ...) each timed by the calling thread's
//   CPU clock; the counters are plain_ns, rewritten_ns and extra_ns (their difference) per call
//   (the benchmark's own time is per round of 4 blocks):
//     BM_RealCurlPerform_Paired / _PairedOtherLlmHandle / _PairedDisabled
//   And, to see where the cpp-httplib adapter's time goes, the runtime's route_of on its path:
//     BM_RouteOf_NonLlmPath
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <httplib.h>

#include <mlflow/autolog.h>
#include <mlflow/detail/autolog.h>
#include <mlflow/detail/autolog/cpp-httplib.h>
#include <mlflow/detail/autolog/libcurl.h>
#include <mlflow/detail/autolog_handles.h>

#include "stand_ins.h"

// perform_call.cpp, compiled without and with the plugin.
CURLcode perform_plain(CURL* handle);
CURLcode perform_rewritten(CURL* handle);

namespace {

namespace autolog = mlflow::detail::autolog;
using autolog_bench::stand_in_perform;
using autolog_bench::StandInClient;

// What the plugin writes for `curl_easy_perform(handle)` and for
// `client.Post("/v1/echo", body, type)` (plugin/autolog/CallSiteRedirect.h), the stand-ins in
// place of the client's functions. Redirect<...>::call only forwards to Adapter<tag>::call.
using PerformFn = CURLcode (*)(CURL*);
using RewrittenPerform = autolog::Redirect<autolog::tags::libcurl_perform, PerformFn,
                                           &stand_in_perform, CURLcode, CURL*>;
using PostFn = httplib::Result (StandInClient::*)(const std::string&, const std::string&,
                                                  const std::string&);
using RewrittenPost =
    autolog::Redirect<autolog::tags::cpp_httplib_post, PostFn, &StandInClient::Post,
                      httplib::Result, StandInClient&, const std::string&, const std::string&,
                      const std::string&>;

// libcurl rejects the scheme before any connection or name lookup.
constexpr const char* kNonLlmUrl = "nosuchscheme://x/v1/echo";
constexpr const char* kLlmUrl = "http://127.0.0.1:9/v1/chat/completions";
constexpr const char* kNonLlmPath = "/v1/echo";

CURL* g_handle = nullptr;  // the requests measured: a URL that is not an LLM route
CURL* g_other = nullptr;   // another handle, at an LLM route for the *OtherLlmHandle benchmarks
const std::string kBody = R"({"text":"hello"})";
const std::string kContentType = "application/json";

// What the setopt adapter records for a rewritten curl_easy_setopt(other, CURLOPT_URL, ...) in
// a user's file: from then on perform's fast path (no handle at an LLM route) is off.
void other_handle_at_llm_route(bool yes) {
  if (yes)
    autolog::handle_set_url(g_other, kLlmUrl);
  else
    autolog::handle_forget(g_other);
}

// The state of each benchmark, put back when it ends.
class Setting {
 public:
  Setting(bool other_llm_handle, const char* disabled_integration)
      : other_llm_handle_(other_llm_handle), disabled_(disabled_integration) {
    other_handle_at_llm_route(other_llm_handle_);
    if (disabled_ != nullptr && !mlflow::autolog::disable(disabled_)) {
      std::fprintf(stderr, "autolog_bench: unknown integration %s\n", disabled_);
      std::exit(1);
    }
  }
  ~Setting() {
    if (other_llm_handle_) other_handle_at_llm_route(false);
    if (disabled_ != nullptr) mlflow::autolog::enable(disabled_);
  }
  Setting(const Setting&) = delete;
  Setting& operator=(const Setting&) = delete;

 private:
  bool other_llm_handle_;
  const char* disabled_;
};

// --- The adapters on their own, with stand-in callees --------------------------------------------

void BM_CurlPerform_Direct(benchmark::State& state) {
  Setting setting(false, nullptr);
  for (auto _ : state) benchmark::DoNotOptimize(stand_in_perform(g_handle));
}
void BM_CurlPerform_Adapter(benchmark::State& state) {
  Setting setting(false, nullptr);
  for (auto _ : state) benchmark::DoNotOptimize(RewrittenPerform::call(g_handle));
}
void BM_CurlPerform_AdapterOtherLlmHandle(benchmark::State& state) {
  Setting setting(true, nullptr);
  for (auto _ : state) benchmark::DoNotOptimize(RewrittenPerform::call(g_handle));
}
void BM_CurlPerform_AdapterDisabled(benchmark::State& state) {
  Setting setting(true, "libcurl");  // a handle at an LLM route too: the switch alone decides
  for (auto _ : state) benchmark::DoNotOptimize(RewrittenPerform::call(g_handle));
}

void BM_HttplibPost_Direct(benchmark::State& state) {
  Setting setting(false, nullptr);
  StandInClient client;
  for (auto _ : state) {
    httplib::Result result = client.Post(kNonLlmPath, kBody, kContentType);
    benchmark::DoNotOptimize(result.error());
  }
  benchmark::DoNotOptimize(client.bytes());
}
void BM_HttplibPost_Adapter(benchmark::State& state) {
  Setting setting(false, nullptr);
  StandInClient client;
  for (auto _ : state) {
    httplib::Result result = RewrittenPost::call(client, kNonLlmPath, kBody, kContentType);
    benchmark::DoNotOptimize(result.error());
  }
  benchmark::DoNotOptimize(client.bytes());
}
void BM_HttplibPost_AdapterDisabled(benchmark::State& state) {
  Setting setting(false, "cpp-httplib");
  StandInClient client;
  for (auto _ : state) {
    httplib::Result result = RewrittenPost::call(client, kNonLlmPath, kBody, kContentType);
    benchmark::DoNotOptimize(result.error());
  }
  benchmark::DoNotOptimize(client.bytes());
}

// What the cpp-httplib adapter asks the runtime for each request (runtime/src/autolog/route.cpp).
void BM_RouteOf_NonLlmPath(benchmark::State& state) {
  const std::string path = kNonLlmPath;
  for (auto _ : state) {
    benchmark::DoNotOptimize(path.data());
    benchmark::DoNotOptimize(autolog::route_of(path));
  }
}

// --- Through the real plugin, on the real curl_easy_perform --------------------------------------

// Calls in blocks of kBlock, alternating plain (A) and rewritten (B) as A B B A, so that a drift
// of the machine's speed within a round weighs on both alike.
std::int64_t thread_cpu_ns() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

constexpr int kBlock = 64;

template <CURLcode (*Perform)(CURL*)>
std::int64_t timed_block() {
  const std::int64_t start = thread_cpu_ns();
  for (int i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(Perform(g_handle));
  return thread_cpu_ns() - start;
}

void paired(benchmark::State& state) {
  std::int64_t plain_ns = 0, rewritten_ns = 0, rounds = 0;
  for (auto _ : state) {
    plain_ns += timed_block<perform_plain>();
    rewritten_ns += timed_block<perform_rewritten>();
    rewritten_ns += timed_block<perform_rewritten>();
    plain_ns += timed_block<perform_plain>();
    ++rounds;
  }
  const double calls = static_cast<double>(rounds) * 2 * kBlock;  // per side
  state.counters["plain_ns"] = static_cast<double>(plain_ns) / calls;
  state.counters["rewritten_ns"] = static_cast<double>(rewritten_ns) / calls;
  state.counters["extra_ns"] = static_cast<double>(rewritten_ns - plain_ns) / calls;
}

void BM_RealCurlPerform_Paired(benchmark::State& state) {
  Setting setting(false, nullptr);
  paired(state);
}
void BM_RealCurlPerform_PairedOtherLlmHandle(benchmark::State& state) {
  Setting setting(true, nullptr);
  paired(state);
}
void BM_RealCurlPerform_PairedDisabled(benchmark::State& state) {
  Setting setting(true, "libcurl");
  paired(state);
}

void fail(const char* what) {
  std::fprintf(stderr, "autolog_bench: %s\n", what);
  std::exit(1);
}

// The measured requests are what they are meant to be, before anything is measured.
void set_up() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) fail("curl_global_init failed");
  g_handle = curl_easy_init();
  g_other = curl_easy_init();
  if (g_handle == nullptr || g_other == nullptr) fail("curl_easy_init failed");
  curl_easy_setopt(g_handle, CURLOPT_URL, kNonLlmUrl);
  curl_easy_setopt(g_other, CURLOPT_URL, kLlmUrl);
  // What the rewritten curl_easy_setopt of a user's file records for the measured handle.
  autolog::handle_set_url(g_handle, kNonLlmUrl);

  mlflow::autolog::enable_all();  // whatever MLFLOW_CPP_AUTOLOG says
  if (autolog::route_of(kNonLlmUrl) != autolog::Api::kNone ||
      autolog::route_of(kNonLlmPath) != autolog::Api::kNone)
    fail("the non-LLM request is an LLM route");
  if (autolog::route_of(kLlmUrl) == autolog::Api::kNone) fail("the LLM URL is not an LLM route");
  if (perform_plain(g_handle) != CURLE_UNSUPPORTED_PROTOCOL ||
      perform_rewritten(g_handle) != CURLE_UNSUPPORTED_PROTOCOL)
    fail("curl_easy_perform on the non-LLM handle did not fail at once with "
         "CURLE_UNSUPPORTED_PROTOCOL");
  autolog::HandleRequest request;
  if (autolog::handle_request(g_handle, request)) fail("the measured handle is an LLM request");
  other_handle_at_llm_route(true);  // the lookup the *OtherLlmHandle benchmarks pay for
  if (!autolog::handle_request(g_other, request) || autolog::handle_request(g_handle, request))
    fail("the other handle is not the only one at an LLM route");
  other_handle_at_llm_route(false);
}

}  // namespace

BENCHMARK(BM_CurlPerform_Direct);
BENCHMARK(BM_CurlPerform_Adapter);
BENCHMARK(BM_CurlPerform_AdapterOtherLlmHandle);
BENCHMARK(BM_CurlPerform_AdapterDisabled);
BENCHMARK(BM_HttplibPost_Direct);
BENCHMARK(BM_HttplibPost_Adapter);
BENCHMARK(BM_HttplibPost_AdapterDisabled);
BENCHMARK(BM_RouteOf_NonLlmPath);
BENCHMARK(BM_RealCurlPerform_Paired);
BENCHMARK(BM_RealCurlPerform_PairedOtherLlmHandle);
BENCHMARK(BM_RealCurlPerform_PairedDisabled);

// Repetitions interleaved at random across the benchmarks by default, so that twins see the
// same machine; flags on the command line come after these and win.
int main(int argc, char** argv) {
  static char repetitions[] = "--benchmark_repetitions=12";
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  static char aggregates[] = "--benchmark_display_aggregates_only=true";
  std::vector<char*> args = {argv[0], repetitions, interleave, aggregates};
  args.insert(args.end(), argv + 1, argv + argc);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  set_up();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  curl_easy_cleanup(g_other);
  curl_easy_cleanup(g_handle);
  curl_global_cleanup();
  return 0;
}
