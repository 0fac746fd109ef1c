#include "cli/common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <string_view>

#include "checker/output_file.hpp"
#include "reports/json_report.hpp"
#include "reports/text_report.hpp"

namespace kmc::cli {

void add_explore_flags(CLI::App& cmd, ExploreFlags& f, bool with_keep_going) {
  cmd.add_option("--strategy", f.strategy,
                 "exploration: dpor (exhaustive, default), dfs (exhaustive, no reduction), "
                 "bounded (preemption-bounded DFS), pct, random")
      ->check(CLI::IsMember({"dpor", "dfs", "bounded", "pct", "random"}));
  // The strategy-specific flags: given to another strategy they are ignored, with a warning.
  cmd.add_option("--preemptions", f.preemptions, "preemption bound for --strategy bounded")
      ->check(CLI::Range(0u, 1000u))
      ->each([&f](const std::string&) { f.preemptions_given = true; });
  cmd.add_option("--seed", f.seed, "random seed for pct and random (0 .. 2^64-1)")
      ->check(uint64_text())
      ->each([&f](const std::string&) { f.seed_given = true; });
  cmd.add_option("--depth", f.depth, "bug depth d for pct")
      ->check(CLI::Range(1u, 1000u))
      ->each([&f](const std::string&) { f.depth_given = true; });
  cmd.add_option("--executions", f.executions,
                 "stop after N executions (pct/random: how many to run, default 1000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 62));
  cmd.add_option("--time-limit", f.time_limit_s, "stop after SECONDS and report what was explored")
      ->check(finite_range(0.001, 1e7));
  cmd.add_option("--max-steps", f.max_steps, "livelock bound: steps in one execution")
      ->check(CLI::Range(1u, 100000000u));
  cmd.add_option("--memory-model", f.memory_model,
                 "sc (default: every atomic access sequentially consistent) or rc11 (a load may "
                 "read any store the C11 memory orders allow; docs/weak-memory.md)")
      ->check(CLI::IsMember({"sc", "rc11"}));
  if (with_keep_going)
    cmd.add_flag("--keep-going", f.keep_going,
                 "explore everything and keep one counterexample per violation kind; a violation "
                 "the kernel survives (unlock by a non-owner, refcount, invariant, leak) does not "
                 "end its execution");
  cmd.add_flag("--no-symmetry", f.no_symmetry,
               "also explore the mirror images of threads with identical operations (by default "
               "such a thread starts only after its earlier twin: the same verdicts, fewer "
               "executions; README \"Symmetry\")");
  cmd.add_flag("-q,--quiet", f.quiet, "no progress line");
}

std::vector<std::string> ignored_flag_warnings(const ExploreFlags& f) {
  std::vector<std::string> out;
  // `users`: "bounded uses", "pct and random use".
  const auto warn = [&](bool given, bool used, const char* flag, const char* users) {
    if (given && !used)
      out.push_back(
          fmt::format("{} is ignored by --strategy {} (only {} it)", flag, f.strategy, users));
  };
  warn(f.preemptions_given, f.strategy == "bounded", "--preemptions", "bounded uses");
  warn(f.seed_given, f.strategy == "pct" || f.strategy == "random", "--seed", "pct and random use");
  warn(f.depth_given, f.strategy == "pct", "--depth", "pct uses");
  return out;
}

void warn_ignored_flags(const ExploreFlags& f, std::string_view verb) {
  for (const std::string& w : ignored_flag_warnings(f))
    std::cerr << "kmc " << verb << ": warning: " << w << "\n";
}

std::unique_ptr<Strategy> make_strategy_from(const ExploreFlags& f, std::string& error) {
  StrategyOptions o;
  o.name = f.strategy;
  o.preemptions = f.preemptions;
  o.seed = f.seed;
  o.pct_depth = f.depth;
  o.executions = f.executions != 0 ? f.executions : 1000;
  return make_strategy(o, error);
}

std::atomic<bool>& stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
// Set together with the stop flag, so the report can say what stopped the run.
volatile std::sig_atomic_t g_stop_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "the handler needs a lock-free flag");

// Async-signal-safe: only a lock-free atomic, a sig_atomic_t, sigaction and raise.
void on_stop_signal(int sig) {
  if (stop_flag().exchange(true, std::memory_order_relaxed)) {
    // The second signal: the run did not stop in time for the user, so end at once, by the
    // signal itself (the parent sees WIFSIGNALED, as a shell expects).
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);  // pending until this handler returns, since `sig` is blocked in it
    return;
  }
  g_stop_signal = sig;
}

// The progress line is drawn only on a terminal; remember whether one is on screen.
std::atomic<bool>& progress_drawn() {
  static std::atomic<bool> drawn{false};
  return drawn;
}

std::string human(double x) {
  if (x >= 1e9) return fmt::format("{:.1f}G", x / 1e9);
  if (x >= 1e6) return fmt::format("{:.1f}M", x / 1e6);
  if (x >= 1e4) return fmt::format("{:.1f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}
}  // namespace

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  // Blocking the other stop signals in the handler keeps "first" and "second" well defined.
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sa.sa_mask, sig);
  sa.sa_flags = SA_RESTART;  // a write of the partial result must not fail with EINTR
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

std::string stop_signal_name() {
  switch (g_stop_signal) {
    case 0:
      return "";
    case SIGINT:
      return "Ctrl-C (SIGINT)";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "signal " + std::to_string(g_stop_signal);
  }
}

CLI::Validator finite_range(double min, double max) {
  return CLI::Validator(
      [min, max](const std::string& text) -> std::string {
        double x = 0;
        if (!CLI::detail::lexical_cast(text, x)) return "not a number: " + text;
        if (!std::isfinite(x) || x < min || x > max)
          return fmt::format("{} is not a finite number in [{} - {}]", text, min, max);
        return "";
      },
      fmt::format("FINITE in [{} - {}]", min, max));
}

CLI::Validator uint64_text() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        std::uint64_t x = 0;
        const char* end = text.data() + text.size();
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        const auto [ptr, ec] = std::from_chars(text.data(), end, x);
        if (!digits || ec != std::errc() || ptr != end)
          return "'" + text + "' is not an integer in [0, 18446744073709551615]";
        return "";
      },
      "UINT64");
}

CLI::Validator not_blank() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) return "an empty value";
        return "";
      },
      "TEXT");
}

RunOptions run_options_from(const ExploreFlags& f, const std::string& label,
                            ExecutionOptions execution) {
  RunOptions o;
  o.execution = execution;
  o.execution.max_steps = f.max_steps;
  o.execution.memory_model = f.memory_model == "rc11" ? MemoryModel::Rc11 : MemoryModel::Sc;
  const bool sampling = f.strategy == "pct" || f.strategy == "random";
  o.max_executions = sampling ? 0 : f.executions;
  o.time_limit_s = f.time_limit_s;
  o.keep_going = f.keep_going;
  o.execution.keep_going = f.keep_going;  // replays (replay_once) must go on as the run did
  o.execution.symmetry = !f.no_symmetry;
  o.stop = &stop_flag();
  if (!f.quiet && isatty(STDERR_FILENO) != 0) {
    o.progress = [label](const RunResult& r, std::optional<double> estimate) {
      const double rate = r.stats.elapsed_s > 0 ? r.stats.executions / r.stats.elapsed_s : 0;
      std::string line = fmt::format("{}: {} executions, {}/s, {:.1f} s", label,
                                     human(static_cast<double>(r.stats.executions)), human(rate),
                                     r.stats.elapsed_s);
      if (r.violated()) line += fmt::format(", {} violation(s)", r.counterexamples.size());
      if (estimate && *estimate >= 1) {
        const double done = std::min(1.0, static_cast<double>(r.stats.executions) / *estimate);
        line += fmt::format(", ~{:.0f}% of an estimated {}", done * 100, human(*estimate));
        if (rate > 0 && *estimate > r.stats.executions)
          line += fmt::format(" (~{:.0f} s left)", (*estimate - r.stats.executions) / rate);
      }
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
      std::fflush(stderr);
      progress_drawn() = true;
    };
  }
  return o;
}

void clear_progress_line() {
  if (progress_drawn().exchange(false)) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

std::string stop_reason(const RunResult& r, const ExploreFlags& f) {
  if (r.complete) return "";
  if (!r.interrupted) {
    if (r.strategy == "replay") return "";
    return fmt::format(
        "the {} strategy's budget of {} executions (it samples, it is not "
        "exhaustive)",
        r.strategy, f.executions != 0 ? f.executions : 1000);
  }
  if (stop_flag().load()) {
    const std::string name = stop_signal_name();
    return name.empty() ? "a stop request" : name;
  }
  if (f.time_limit_s > 0 && r.stats.elapsed_s >= f.time_limit_s)
    return fmt::format("time limit of {} s", f.time_limit_s);
  if (f.executions != 0 && r.stats.executions >= f.executions)
    return fmt::format("execution limit of {}", f.executions);
  return "limit reached";
}

int exit_code_of(const RunResult& r) {
  const std::string_view verdict = reports::verdict_of(r);
  return verdict == "violation" ? kExitViolation : verdict == "pass" ? kExitPass : kExitIncomplete;
}

bool write_json(const std::string& target, const nlohmann::json& document) {
  const nlohmann::json j = reports::stamped(document);
  if (target == "-") {
    std::cout << j.dump(2) << '\n';
    return flush_stdout();
  }
  if (const std::string error = write_file_atomic(target, j.dump(2) + "\n"); !error.empty()) {
    std::cerr << "kmc: error: --json: cannot write " << error << "\n";
    return false;
  }
  return true;
}

std::string check_output_flag(const std::string& flag, const std::string& path, bool directory) {
  if (path.empty()) return flag + ": an empty path";
  if (!directory && path == "-") return "";
  const std::string error = directory ? probe_output_dir(path) : probe_output_file(path);
  return error.empty() ? "" : flag + ": " + error;
}

std::string check_outputs(const std::string& json, const std::string& report) {
  std::string error;
  if (!json.empty()) error = check_output_flag("--json", json, false);
  if (error.empty() && !report.empty()) error = check_output_flag("--report", report, true);
  return error;
}

namespace {
// std::cout's buffer: writes to fd 1 with write(2) and keeps the errno of the first failed write,
// which stdio loses (a later call overwrites errno before anyone asks for it).
class StdoutBuf final : public std::streambuf {
 public:
  StdoutBuf() { setp(buf_, buf_ + sizeof buf_); }
  // The errno of the first failed write, or 0.
  [[nodiscard]] int error() const { return error_; }

 protected:
  int overflow(int c) override {
    if (sync() != 0) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buf_, buf_ + sizeof buf_);
    while (!pending.empty() && error_ == 0) {
      const ssize_t n = ::write(STDOUT_FILENO, pending.data(), pending.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      if (n > 0) pending.remove_prefix(static_cast<std::size_t>(n));
    }
    return error_ == 0 ? 0 : -1;
  }

 private:
  char buf_[1 << 16];
  int error_ = 0;
};
}  // namespace

StdoutCapture::StdoutCapture()
    : buf_(std::make_unique<StdoutBuf>()),
      previous_(std::cout.rdbuf(buf_.get())),
      previous_flags_(std::cout.flags()) {
  if (isatty(STDOUT_FILENO) != 0) std::cout << std::unitbuf;  // a terminal sees lines at once
}

StdoutCapture::~StdoutCapture() {
  std::cout.flush();  // what a verb printed after main's own check still goes out
  std::cout.rdbuf(previous_);
  std::cout.flags(previous_flags_);
}

bool flush_stdout() {
  std::cout.flush();
  // Without a StdoutCapture (a test calling a verb directly) std::cout has its own buffer, and
  // its failures show only in std::cout's state.
  const auto* capture = dynamic_cast<const StdoutBuf*>(std::cout.rdbuf());
  const int err = capture != nullptr ? capture->error() : 0;
  if (err == 0 && std::cout.good()) return true;
  static std::atomic<bool> said{false};  // once, though both the verb and main() flush
  if (said.exchange(true)) return false;
  clear_progress_line();
  std::cerr << "kmc: error: cannot write to stdout"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return false;
}

int usage_error(const std::string& message) {
  clear_progress_line();
  std::cerr << "kmc: error: " << message << "\n";
  return kExitUsage;
}

std::string shell_quote(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of(
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789-_./=:+,@%") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace kmc::cli
