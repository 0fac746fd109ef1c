// What the kmc verbs share: exit codes, the exploration flags, the Ctrl-C stop flag, the progress
// line, and building a strategy and run options from the flags.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"

namespace kmc::cli {

// DESIGN §4.
inline constexpr int kExitPass = 0;       // no violation (every expectation met, for `test`)
inline constexpr int kExitViolation = 1;  // a violation found, or an expectation missed
inline constexpr int kExitUsage = 2;      // bad input or usage
inline constexpr int kExitInternal = 3;   // internal error (engine inconsistency)

// The flags that say how to explore, shared by run, test and bench.
struct ExploreFlags {
  std::string strategy = "dpor";
  std::uint32_t preemptions = 2;
  std::uint64_t seed = 1;
  std::uint32_t depth = 3;
  std::uint64_t executions = 0;  // 0: exhaustive strategies unlimited, random/pct 1000
  double time_limit_s = 0;
  std::uint32_t max_steps = 100000;
  bool keep_going = false;
  bool quiet = false;
};

// Adds --strategy, --preemptions, --seed, --depth, --executions, --time-limit, --max-steps,
// --keep-going (unless `with_keep_going` is false) and --quiet to `cmd`.
void add_explore_flags(CLI::App& cmd, ExploreFlags& flags, bool with_keep_going = true);

// The strategy the flags describe (the flags were validated by CLI11, so this cannot fail
// except for an engine refusal, which is reported in `error`).
[[nodiscard]] std::unique_ptr<Strategy> make_strategy_from(const ExploreFlags& flags,
                                                           std::string& error);

// The Ctrl-C flag: the first SIGINT sets it (runs stop cleanly and still report); a second one
// kills the process the usual way. A function-local static, because a signal handler can reach
// nothing else.
[[nodiscard]] std::atomic<bool>& stop_flag();
void install_sigint_handler();

// Run options from the flags: limits, the stop flag and, when stderr is a terminal and not
// `quiet`, a progress line labelled `label`.
[[nodiscard]] RunOptions run_options_from(const ExploreFlags& flags, const std::string& label,
                                          ExecutionOptions execution);

// Erases the progress line if one was drawn (call before printing results).
void clear_progress_line();

// Why a run that was not complete stopped: "interrupted (Ctrl-C)", "time limit of 5 s",
// "execution limit of 100", or "" when it was not interrupted.
[[nodiscard]] std::string stop_reason(const RunResult& r, const ExploreFlags& flags);

// Writes `j` to FILE, or to stdout for "-"; false with a message on stderr when it cannot.
[[nodiscard]] bool write_json(const std::string& target, const nlohmann::json& j);

// "kmc: error: MESSAGE" on stderr; returns kExitUsage.
int usage_error(const std::string& message);

// Quotes a word for a shell command line when it needs it.
[[nodiscard]] std::string shell_quote(const std::string& word);

}  // namespace kmc::cli
