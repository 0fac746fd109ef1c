// What `kmc run` and `kmc test` write besides their text: --json, --report DIR, --junit FILE and
// --sarif FILE, gathered scenario by scenario and written at the end from one set of counts.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/judge.hpp"
#include "cli/report_dir.hpp"
#include "reports/ci_formats.hpp"

namespace kmc::cli {

// The output flags of a verb ("" when not given).
struct OutputFlags {
  std::string json, report, junit, sarif;
};

// Adds --json (with `json_help`), --report, --junit and --sarif to `cmd`.
void add_output_flags(CLI::App& cmd, OutputFlags& flags, const std::string& json_help);

// Adds --junit FILE and --sarif FILE alone (fuzz and verify, which write their own JSON).
void add_ci_flags(CLI::App& cmd, OutputFlags& flags);

// True when one of the flags writes to stdout ("-"): the text then goes to stderr.
[[nodiscard]] inline bool writes_stdout(const OutputFlags& f) {
  return f.json == "-" || f.junit == "-" || f.sarif == "-";
}

// check_output_flag for each flag given; "" or the first problem, for usage_error.
[[nodiscard]] std::string check_output_flags(const OutputFlags& flags);

// Writes the JUnit and SARIF files the flags name (`suite` is the JUnit suite name, `command`
// the SARIF invocation's command line, "kmc test"); false with the error on stderr when a file
// cannot be written.
[[nodiscard]] bool write_ci_files(const OutputFlags& flags, const std::string& suite,
                                  const std::string& command,
                                  const std::vector<reports::CiCase>& cases);

// Collects the scenarios of one run/test invocation and writes every output from them.
class BatchOutputs {
 public:
  // `verb` is "run" or "test": under test a JUnit failure is a missed expectation, under run a
  // violation (what each verb's exit status says).
  BatchOutputs(OutputFlags flags, std::string verb);
  // Opens the report folder (merging into an earlier report); "" or the usage error.
  [[nodiscard]] std::string open();
  // Records one scenario: its JSON result (`json`), text, and its pictures under --report.
  void add(const ScenarioRun& run, const Judgement& j, const std::string& text,
           nlohmann::json json);
  // "N with a violation, M without" over the scenarios added so far.
  [[nodiscard]] std::string violation_counts() const;
  // Writes --json (the object `top` with "results" and the counts added), --report, --junit and
  // --sarif; returns kExitInternal when a write failed, else kExitPass. Names the report on `out`.
  [[nodiscard]] int finish(std::ostream& out, nlohmann::json top);

 private:
  OutputFlags flags_;
  std::string verb_;
  std::optional<ReportDir> report_;
  nlohmann::json results_ = nlohmann::json::array();
  std::vector<reports::CiCase> cases_;
  // The runs behind cases_[i].result: kept whole, since a CiCase points into its result.
  std::vector<std::unique_ptr<RunResult>> keep_;
  std::size_t with_violation_ = 0;
};

}  // namespace kmc::cli
