#include "cli/common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace kmc::cli {

void add_explore_flags(CLI::App& cmd, ExploreFlags& f, bool with_keep_going) {
  cmd.add_option("--strategy", f.strategy,
                 "exploration: dpor (exhaustive, default), dfs (exhaustive, no reduction), "
                 "bounded (preemption-bounded DFS), pct, random")
      ->check(CLI::IsMember({"dpor", "dfs", "bounded", "pct", "random"}));
  cmd.add_option("--preemptions", f.preemptions, "preemption bound for --strategy bounded")
      ->check(CLI::Range(0u, 1000u));
  cmd.add_option("--seed", f.seed, "random seed for pct and random");
  cmd.add_option("--depth", f.depth, "bug depth d for pct")->check(CLI::Range(1u, 1000u));
  cmd.add_option("--executions", f.executions,
                 "stop after N executions (pct/random: how many to run, default 1000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 62));
  cmd.add_option("--time-limit", f.time_limit_s, "stop after SECONDS and report what was explored")
      ->check(CLI::Range(0.001, 1e7));
  cmd.add_option("--max-steps", f.max_steps, "livelock bound: steps in one execution")
      ->check(CLI::Range(1u, 100000000u));
  if (with_keep_going)
    cmd.add_flag("--keep-going", f.keep_going,
                 "explore everything and keep one counterexample per violation kind");
  cmd.add_flag("-q,--quiet", f.quiet, "no progress line");
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
void on_sigint(int) {
  stop_flag().store(true, std::memory_order_relaxed);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
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

void install_sigint_handler() {
  std::signal(SIGINT, on_sigint);
}

RunOptions run_options_from(const ExploreFlags& f, const std::string& label,
                            ExecutionOptions execution) {
  RunOptions o;
  o.execution = execution;
  o.execution.max_steps = f.max_steps;
  const bool sampling = f.strategy == "pct" || f.strategy == "random";
  o.max_executions = sampling ? 0 : f.executions;
  o.time_limit_s = f.time_limit_s;
  o.keep_going = f.keep_going;
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
  if (!r.interrupted) return "";
  if (stop_flag().load()) return "interrupted (Ctrl-C)";
  if (f.time_limit_s > 0 && r.stats.elapsed_s >= f.time_limit_s)
    return fmt::format("time limit of {} s", f.time_limit_s);
  if (f.executions != 0 && r.stats.executions >= f.executions)
    return fmt::format("execution limit of {}", f.executions);
  return "limit reached";
}

bool write_json(const std::string& target, const nlohmann::json& j) {
  if (target == "-") {
    std::cout << j.dump(2) << std::endl;
    return true;
  }
  std::ofstream out(target);
  if (out) out << j.dump(2) << '\n';
  if (!out) {
    std::cerr << "kmc: error: --json: cannot write " << target << "\n";
    return false;
  }
  return true;
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
