// lastzero(N) written against Relacy Race Detector (Debian relacy-dev), the peer measurement for
// kmc's bench (DESIGN §5, issue 2 "Performance").
//
//   array[0..N] all 0
//   thread 0:          for (i = N; array[i] != 0; i--);
//   thread j in 1..N:  array[j] = array[j-1] + 1;
//
// every array access a sequentially consistent access to an rl::atomic<int> (rl::var<int> would make
// Relacy report the intended races as data races). This is the same program as kmc's
// bench/classic.cpp build_lastzero.
//
// Relacy redefines new, delete, malloc, free and assert as macros, so this translation unit is on
// its own: it includes nothing of kmc, and every standard header comes before relacy.hpp.
//
// usage: relacy_lastzero N [full|random] [--seconds S] [--iterations K] [--verbose]
// prints one JSON line:
//   {"tool":"relacy","benchmark":"lastzero","n":N,"scheduler":"full","executions":E,
//    "elapsed_s":T,"executions_per_s":R,"complete":bool,"cpu_s":C}
// elapsed_s is wall-clock time around rl::simulate (Relacy's set-up included); cpu_s is this
// process's CPU time over the same span, for machines shared with other work.
//
// What `full` counts. Relacy's full search scheduler has no reduction: it enumerates every
// interleaving of the threads' scheduling points, which are one at each thread's start plus one
// before each shared access. For lastzero that is 10, 672, 144,144, 73,180,800 and
// 74,338,485,760 executions for N = 1..5 (the first four measured, all five from a brute-force
// count of that model), against 2, 5, 12, 28, 64 Mazurkiewicz traces.
//
// Stopping early. Relacy's full search scheduler ignores test_params::iteration_count, and
// rl::simulate has no time limit, so the test suite's before() (run once per iteration, inside the
// simulation) counts iterations, and once the iteration cap or the deadline is passed it raises
// RL_UNTIL. Relacy then ends the search with test_result_until_condition_hit at that iteration
// (which does not run: executions = stop_iteration - 1) and replays that single iteration from its
// saved scheduler state to collect the history (printed to a null stream). `complete` is true only
// when the full search scheduler walked its whole tree; a `random` run is never complete.

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <ostream>
#include <string>
#include <time.h>

#include <relacy/relacy.hpp>

namespace {

// The search limit, read by before(). Plain globals: Relacy runs everything on one OS thread.
struct limits_t {
  std::uint64_t max_iterations = 0;  // 0 = no cap
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::uint64_t started = 0;         // before() calls so far (iterations begun)
  bool stop = false;                 // sticky: the replay of the stopping iteration stops again
  const char* why = nullptr;
};
limits_t g_limits;

constexpr std::uint64_t kClockPeriod = 256;  // read the clock every this many iterations

bool should_stop() {
  limits_t& l = g_limits;
  if (l.stop) return true;
  ++l.started;
  if (l.max_iterations != 0 && l.started > l.max_iterations) {
    l.stop = true;
    l.why = "iterations";
  } else if (l.started % kClockPeriod == 0 && std::chrono::steady_clock::now() >= l.deadline) {
    l.stop = true;
    l.why = "seconds";
  }
  return l.stop;
}

template <int N>
struct lastzero_test : rl::test_suite<lastzero_test<N>, N + 1> {
  rl::atomic<int> array[N + 1];

  void before() {
    RL_UNTIL(should_stop());
    for (int i = 0; i <= N; ++i) array[i]($).store(0, rl::mo_seq_cst);
  }

  void thread(unsigned index) {
    if (index == 0) {
      int i;
      for (i = N; array[i]($).load(rl::mo_seq_cst) != 0; i--) {
      }
      (void)i;
    } else {
      const int j = static_cast<int>(index);
      const int prev = array[j - 1]($).load(rl::mo_seq_cst);
      array[j]($).store(prev + 1, rl::mo_seq_cst);
    }
  }
};

struct outcome_t {
  rl::test_result_e result;
  std::uint64_t stop_iteration;
};

template <int N>
outcome_t run(rl::test_params& params) {
  rl::simulate<lastzero_test<N>>(params);
  return {params.test_result, params.stop_iteration};
}

constexpr int kMaxN = 8;

template <int N>
outcome_t dispatch(int n, rl::test_params& params) {
  if constexpr (N > kMaxN) {
    std::fprintf(stderr, "relacy_lastzero: N must be in 1..%d\n", kMaxN);
    std::exit(2);
  } else {
    if (n == N) return run<N>(params);
    return dispatch<N + 1>(n, params);
  }
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void usage(const char* msg) {
  if (msg != nullptr) std::fprintf(stderr, "relacy_lastzero: %s\n", msg);
  std::fprintf(stderr,
               "usage: relacy_lastzero N [full|random] [--seconds S] [--iterations K] [--verbose]\n"
               "  N             1..%d (N+1 Relacy threads)\n"
               "  full          rl::sched_full, Relacy's exhaustive search (default)\n"
               "  random        rl::sched_random; runs K iterations (default: until the time limit)\n"
               "  --seconds S   stop after about S seconds (default 10; 0 = no limit)\n"
               "  --iterations K  stop after K executions (default: no cap)\n"
               "  --verbose     let Relacy print its own report and progress to stderr\n",
               kMaxN);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int n = -1;
  std::string sched = "full";
  double seconds = 10.0;
  std::uint64_t iterations = 0;
  bool verbose = false;
  bool have_sched = false;

  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto value = [&](const char* name) -> const char* {
      if (a + 1 >= argc) usage((std::string(name) + " needs a value").c_str());
      return argv[++a];
    };
    if (arg == "--seconds" || arg == "-s") {
      char* end = nullptr;
      const char* v = value("--seconds");
      seconds = std::strtod(v, &end);
      if (end == v || *end != '\0' || seconds < 0) usage("bad --seconds");
    } else if (arg == "--iterations" || arg == "-i") {
      char* end = nullptr;
      const char* v = value("--iterations");
      iterations = std::strtoull(v, &end, 10);
      if (end == v || *end != '\0') usage("bad --iterations");
    } else if (arg == "--verbose" || arg == "-v") {
      verbose = true;
    } else if (arg == "--help" || arg == "-h") {
      usage(nullptr);
    } else if (n < 0) {
      char* end = nullptr;
      const long v = std::strtol(arg.c_str(), &end, 10);
      if (end == arg.c_str() || *end != '\0' || v < 1 || v > kMaxN) usage("N must be in 1..8");
      n = static_cast<int>(v);
    } else if (!have_sched) {
      if (arg != "full" && arg != "random") usage("scheduler must be full or random");
      sched = arg;
      have_sched = true;
    } else {
      usage(("unexpected argument " + arg).c_str());
    }
  }
  if (n < 0) usage("missing N");

  std::ostream null_stream(nullptr);  // badbit set: every write is dropped
  rl::test_params params;
  params.output_stream = verbose ? &std::cerr : &null_stream;
  params.progress_stream = verbose ? &std::cerr : &null_stream;
  params.collect_history = false;
  params.output_history = false;
  params.search_type = sched == "full" ? rl::sched_full : rl::sched_random;
  // Only the random scheduler reads iteration_count. Without a cap it runs until the deadline.
  params.iteration_count =
      iterations != 0 ? iterations : std::numeric_limits<rl::iteration_t>::max();
  // Never hit: lastzero's longest execution has 3N+1 shared accesses.
  params.execution_depth_limit = 2000;

  g_limits.max_iterations = iterations;
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  if (seconds > 0) {
    g_limits.deadline =
        start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(seconds));
  }

  const outcome_t out = dispatch<1>(n, params);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;

  std::uint64_t executions = 0;
  bool complete = false;
  if (out.result == rl::test_result_success) {
    executions = out.stop_iteration;
    // Random sampling never covers the state space, even when it ran all its iterations.
    complete = params.search_type == rl::sched_full;
  } else if (out.result == rl::test_result_until_condition_hit && g_limits.stop) {
    executions = out.stop_iteration - 1;
    complete = false;
  } else {
    std::fprintf(stderr, "relacy_lastzero: Relacy reported \"%s\" at iteration %" PRIu64 "\n",
                 rl::test_result_str(out.result), out.stop_iteration);
    return 1;
  }
  if (verbose && g_limits.why != nullptr) {
    std::fprintf(stderr, "relacy_lastzero: stopped by --%s\n", g_limits.why);
  }

  const double rate = elapsed > 0 ? static_cast<double>(executions) / elapsed : 0.0;
  std::printf(
      "{\"tool\":\"relacy\",\"benchmark\":\"lastzero\",\"n\":%d,\"scheduler\":\"%s\","
      "\"executions\":%" PRIu64 ",\"elapsed_s\":%.6f,\"executions_per_s\":%.1f,\"complete\":%s,"
      "\"cpu_s\":%.6f}\n",
      n, sched.c_str(), executions, elapsed, rate, complete ? "true" : "false", cpu);
  return 0;
}
