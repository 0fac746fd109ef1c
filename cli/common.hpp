// What the kmc verbs share: exit codes, the exploration flags, the Ctrl-C stop flag, the progress
// line, and building a strategy and run options from the flags.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <ios>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"

namespace kmc::cli {

// DESIGN §4.
inline constexpr int kExitPass = 0;        // no violation (every expectation met, for `test`)
inline constexpr int kExitViolation = 1;   // a violation found, or an expectation missed
inline constexpr int kExitUsage = 2;       // bad input or usage
inline constexpr int kExitInternal = 3;    // internal error (engine inconsistency)
inline constexpr int kExitIncomplete = 4;  // no violation found, but the exploration was
                                           // incomplete (time limit, execution cap, signal)

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
  bool no_symmetry = false;          // explore mirror images of identical threads too
  std::string memory_model = "sc";  // --memory-model sc|rc11 (docs/weak-memory.md)
  // Which of the strategy-specific flags were given (each applies to some strategies only).
  bool preemptions_given = false;
  bool seed_given = false;
  bool depth_given = false;
};

// One warning per given flag that `flags.strategy` ignores ("--seed is ignored by --strategy dpor
// (only pct and random use it)"), so a mistyped strategy does not pass silently.
[[nodiscard]] std::vector<std::string> ignored_flag_warnings(const ExploreFlags& flags);
// Prints those warnings on stderr as "kmc VERB: warning: ...".
void warn_ignored_flags(const ExploreFlags& flags, std::string_view verb);

// Adds --strategy, --preemptions, --seed, --depth, --executions, --time-limit, --max-steps,
// --keep-going (unless `with_keep_going` is false), --no-symmetry and --quiet to `cmd`.
void add_explore_flags(CLI::App& cmd, ExploreFlags& flags, bool with_keep_going = true);

// The strategy the flags describe (the flags were validated by CLI11, so this cannot fail
// except for an engine refusal, which is reported in `error`).
[[nodiscard]] std::unique_ptr<Strategy> make_strategy_from(const ExploreFlags& flags,
                                                           std::string& error);

// The stop flag: the first SIGINT, SIGTERM or SIGHUP sets it (runs stop cleanly and still
// report, as incomplete); a second one kills the process the usual way. A function-local static,
// because a signal handler can reach nothing else.
[[nodiscard]] std::atomic<bool>& stop_flag();
// Installs the handler (sigaction) for SIGINT, SIGTERM and SIGHUP.
void install_stop_handlers();
// The signal that set the stop flag ("Ctrl-C (SIGINT)", "SIGTERM", ...), or "" if none did.
[[nodiscard]] std::string stop_signal_name();

// A validator for a floating-point flag: a finite number in [min, max] (CLI11's Range lets NaN
// through, since every comparison with NaN is false).
[[nodiscard]] CLI::Validator finite_range(double min, double max);

// A validator for a 64-bit unsigned flag such as --seed: decimal digits only, at most 2^64-1
// (CLI11 would take "-1" or a larger number and wrap it).
[[nodiscard]] CLI::Validator uint64_text();

// A validator for a flag whose value must not be empty or blank (--replay '', --reproduce '').
[[nodiscard]] CLI::Validator not_blank();

// Run options from the flags: limits, the stop flag and, when stderr is a terminal and not
// `quiet`, a progress line labelled `label`.
[[nodiscard]] RunOptions run_options_from(const ExploreFlags& flags, const std::string& label,
                                          ExecutionOptions execution);

// Erases the progress line if one was drawn (call before printing results).
void clear_progress_line();

// Why a run without a violation did not explore everything: "Ctrl-C (SIGINT)", "SIGTERM",
// "time limit of 5 s", "execution limit of 100", "the pct strategy's budget of 1000 executions
// (it samples, it is not exhaustive)", or "" when it was complete.
[[nodiscard]] std::string stop_reason(const RunResult& r, const ExploreFlags& flags);

// The exit code of one run's result: kExitViolation, kExitPass or kExitIncomplete.
[[nodiscard]] int exit_code_of(const RunResult& r);

// Writes `j`, stamped with `schema_version` and `tool` (reports::stamped), to FILE (whole or not
// at all: checker/output_file.hpp), or to stdout for "-"; false
// with the path and the system error on stderr when it cannot (the caller exits kExitInternal).
[[nodiscard]] bool write_json(const std::string& target, const nlohmann::json& j);

// Checks before any work that `path`, the value of output flag `flag` (--json, --report, --out),
// can be written: a FILE (`directory` false; "-" is stdout) or a folder, created if missing.
// "" or "FLAG: why not", for usage_error.
[[nodiscard]] std::string check_output_flag(const std::string& flag, const std::string& path,
                                            bool directory);

// check_output_flag for `--json FILE` and `--report DIR` where given (non-empty); "" or the first
// problem.
[[nodiscard]] std::string check_outputs(const std::string& json, const std::string& report);

// While alive, std::cout writes through a buffer that remembers why a write to stdout failed
// (flush_stdout reports it). It owns that buffer; its destructor flushes and gives std::cout its
// previous buffer back, so that nothing written later (iostreams' own flush at exit included)
// reaches a buffer that is gone. One per process, made first in main.
class StdoutCapture {
 public:
  StdoutCapture();
  ~StdoutCapture();
  StdoutCapture(const StdoutCapture&) = delete;
  StdoutCapture& operator=(const StdoutCapture&) = delete;

 private:
  std::unique_ptr<std::streambuf> buf_;
  std::streambuf* previous_;
  std::ios_base::fmtflags previous_flags_;
};

// Flushes stdout; false with the system error on stderr when what was printed could not be
// written (a full disk, a closed pipe): the run's result is then lost, an internal error.
[[nodiscard]] bool flush_stdout();

// "kmc: error: MESSAGE" on stderr; returns kExitUsage.
int usage_error(const std::string& message);

// Quotes a word for a shell command line when it needs it.
[[nodiscard]] std::string shell_quote(const std::string& word);

}  // namespace kmc::cli
