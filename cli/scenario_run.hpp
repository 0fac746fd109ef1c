// Running one scenario file for `kmc run` and `kmc test`: parse, explore (or replay a token),
// annotate each counterexample with the scenario's operations, and format the outcome.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "cli/common.hpp"
#include "model/scenario/diagnostics.hpp"
#include "model/scenario/program.hpp"
#include "reports/html_index.hpp"
#include "reports/text_report.hpp"

namespace kmc::cli {

struct ScenarioRunOptions {
  ExploreFlags explore;
  std::vector<std::string> variants;  // --variant, switched on in addition to the file's
  std::string replay;                 // --replay TOKEN: run exactly that execution
  std::string program_name = "kmc";   // how kmc was invoked, for the replay command
};

// The outcome of one scenario; `status` is kExitPass/kExitViolation/kExitIncomplete, kExitUsage
// for bad input (parse errors, an unknown variant, a token that does not fit) or kExitInternal.
// A scenario reached after a stop signal is not run at all: `not_run`, status kExitIncomplete.
struct ScenarioRun {
  std::filesystem::path path;
  std::string id;  // "<model>/<name>", the scenario's folder under --report
  std::unique_ptr<scenario::ScenarioProgram> program;
  std::vector<scenario::Diagnostic> errors;
  std::string error;  // the message for kExitUsage / kExitInternal when not a parse error
  int status = kExitPass;
  RunResult result;
  std::string stop_reason;
  std::optional<double> estimated_total;  // the strategy's estimate of all executions, if any
  bool not_run = false;                   // a stop signal came before it started
  std::vector<std::vector<reports::OpMark>> marks;  // per counterexample
  std::optional<Trace> replayed;  // --replay that found no violation: the replayed execution
  std::vector<reports::OpMark> replayed_marks;
  std::string replay_prefix;  // "kmc run FILE [--variant V]... --replay "

  [[nodiscard]] bool ran() const { return program != nullptr && status != kExitUsage && !not_run; }
};

// Parses and runs one file. Never throws: every problem ends up in `status` and `error(s)`.
[[nodiscard]] ScenarioRun run_scenario_file(const std::filesystem::path& path,
                                            const ScenarioRunOptions& options);

// The human report of a run: parse errors, or a header, each counterexample (trace, violation,
// replay command) and the summary line, drawn in `style` (the default suits files).
[[nodiscard]] std::string format_scenario_run(const ScenarioRun& run,
                                              const reports::TextStyle& style = {});

// The JSON result of a run (reports/json_report.hpp), plus `error`/`errors` for bad input.
[[nodiscard]] nlohmann::json scenario_run_json(const ScenarioRun& run);

}  // namespace kmc::cli
