// `kmc test [PATH...]`: runs every scenario and compares its verdict with its expectation.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "cli/batch.hpp"
#include "cli/judge.hpp"
#include "cli/limits_help.hpp"
#include "cli/outputs.hpp"
#include "cli/report_dir.hpp"
#include "cli/terminal.hpp"
#include "cli/verbs.hpp"
#include "model/scenario/parser.hpp"
#include "reports/colour.hpp"

namespace kmc::cli {
namespace {

std::string cell(std::string s, std::size_t w) {
  if (s.size() > w) s = s.substr(0, w - 1) + "~";
  return s + std::string(w - s.size(), ' ');
}

class TestVerb final : public Verb {
 public:
  explicit TestVerb(std::string argv0) { options_.program_name = std::move(argv0); }

  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "test", "Run every scenario and check each verdict against its expectation");
    cmd->add_option("paths", paths_,
                    "scenario files or directories searched for *.scn (default: scenarios/)");
    cmd->add_option("--jobs", jobs_, "scenarios explored in parallel")->check(CLI::Range(1u, 256u));
    add_output_flags(*cmd, outputs_, "write all results as JSON to FILE, or to stdout with '-'");
    add_explore_flags(*cmd, options_.explore, /*with_keep_going=*/false);
    add_text_flags(*cmd, text_flags_);
    cmd->footer(
        "Each run explores everything (keeping one counterexample per violation kind) and\n"
        "matches when it finds exactly the expected kinds; 'expect pass' also needs the\n"
        "exploration to be complete. Exit status: 0 when every scenario matches, 1 when one\n"
        "does not, 2 for bad input (a malformed scenario), 3 for an internal error, 4 when the\n"
        "only problems are incomplete runs (--time-limit, --executions, or a signal: after\n"
        "Ctrl-C, SIGTERM or SIGHUP the scenarios not yet started are listed as 'not run').\n"
        "--time-limit is per scenario.\n" +
        std::string(kReportMergeHelp) + "\n\n" + std::string(kLimitsHelp) +
        "\nExamples:\n"
        "  kmc test\n"
        "  kmc test scenarios/sem --jobs 2 --report out/\n"
        "  kmc test scenarios/fd/dup2_larval.scn --json -\n"
        "  kmc test scenarios --junit junit.xml --sarif kmc.sarif");
    return cmd;
  }

  int execute() override {
    warn_ignored_flags(options_.explore, "test");
    options_.explore.keep_going = true;
    std::vector<std::filesystem::path> files;
    if (const std::string e = check_output_flags(outputs_); !e.empty()) return usage_error(e);
    BatchOutputs outputs(outputs_, "test");
    if (const std::string e = outputs.open(); !e.empty()) return usage_error(e);
    if (const int status = collect(files); status != kExitPass) return status;
    std::ostream& out = writes_stdout(outputs_) ? std::cerr : std::cout;
    std::vector<std::pair<std::string, Judgement>> rows;
    int status = kExitPass;
    std::uint64_t executions = 0;
    const auto start = std::chrono::steady_clock::now();
    const bool terminal = isatty(STDERR_FILENO) != 0 && !options_.explore.quiet;
    const reports::TextStyle style =
        text_style_for(text_flags_, writes_stdout(outputs_) ? STDERR_FILENO : STDOUT_FILENO);
    run_batch(files, options_, jobs_, [&](std::size_t i, ScenarioRun& run) {
      clear_progress_line();
      const Judgement j = judge(run);
      const std::string text = format_scenario_run(run);  // for the files: the default style
      if (!j.matched && !run.not_run)
        (run.status == kExitUsage ? std::cerr : out) << format_scenario_run(run, style) << "\n";
      if (terminal)
        std::cerr << fmt::format("[{}/{}] {}: {}\n", i + 1, files.size(), run.id, j.status);
      nlohmann::json js = scenario_run_json(run);
      js["expectation"] = j.expect;
      js["matched"] = j.matched;
      js["status"] = j.status;
      outputs.add(run, j, text, std::move(js));
      executions += run.result.stats.executions;
      const std::string name = run.program ? run.id : run.path.string();
      rows.emplace_back(name, j);
      status = worst_status(status, status_of(j, run));
      summary_rows_.push_back({run.result.stats.executions, run.result.stats.elapsed_s});
    });
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_table(out, rows, elapsed, executions, outputs.violation_counts(), style.color);
    nlohmann::json all;
    const Tally t = tally(rows);
    all["total"] = rows.size();
    all["matched"] = t.matched;
    all["mismatched"] = t.mismatched;
    all["incomplete"] = t.incomplete;
    all["not_run"] = t.not_run;
    all["errors"] = t.errors;
    all["executions"] = executions;
    all["elapsed_s"] = elapsed;
    all["verdict"] = verdict_of(t);
    return worst_status(status, outputs.finish(out, std::move(all)));
  }

 private:
  struct Counts {
    std::uint64_t executions;
    double seconds;
  };

  // The rows by status, for the summary line and the JSON.
  struct Tally {
    std::size_t matched = 0, mismatched = 0, incomplete = 0, not_run = 0, errors = 0;
  };
  [[nodiscard]] static Tally tally(const std::vector<std::pair<std::string, Judgement>>& rows) {
    Tally t;
    for (const auto& [name, j] : rows) {
      if (j.matched)
        ++t.matched;
      else if (j.status == "ERROR")
        ++t.errors;
      else if (j.status == "INCOMPLETE")
        ++t.incomplete;
      else if (j.status == "NOT RUN")
        ++t.not_run;
      else
        ++t.mismatched;
    }
    return t;
  }

  // "fail" when a scenario mismatched or could not run, "incomplete" when the only problems are
  // incomplete runs, else "pass".
  [[nodiscard]] static std::string verdict_of(const Tally& t) {
    if (t.mismatched + t.errors != 0) return "fail";
    return t.incomplete + t.not_run != 0 ? "incomplete" : "pass";
  }

  // The scenario files named by the paths (default: ./scenarios, else the source tree's).
  int collect(std::vector<std::filesystem::path>& files) {
    std::error_code ec;
    if (paths_.empty()) {
      std::string dir = "scenarios";
#ifdef KMC_DEFAULT_SCENARIOS
      if (!std::filesystem::is_directory(dir, ec)) dir = KMC_DEFAULT_SCENARIOS;
#endif
      paths_.push_back(dir);
    }
    for (const std::string& p : paths_) {
      if (std::filesystem::is_directory(p, ec)) {
        std::string error;
        std::vector<std::filesystem::path> found = scenario::find_scenarios(p, error);
        if (!error.empty()) return usage_error(error);
        if (found.empty()) return usage_error(p + ": no scenario files (*.scn) in this directory");
        files.insert(files.end(), found.begin(), found.end());
      } else if (std::filesystem::exists(p, ec)) {
        files.emplace_back(p);
      } else {
        return usage_error(p + ": no such file or directory");
      }
    }
    return kExitPass;
  }

  void print_table(std::ostream& out, const std::vector<std::pair<std::string, Judgement>>& rows,
                   double elapsed, std::uint64_t executions, const std::string& violation_counts,
                   bool color) const {
    std::size_t wn = 8, we = 6, wv = 7;
    for (const auto& [name, j] : rows) {
      wn = std::max(wn, std::min<std::size_t>(44, name.size()));
      we = std::max(we, std::min<std::size_t>(36, j.expect.size()));
      wv = std::max(wv, std::min<std::size_t>(36, j.verdict.size()));
    }
    out << "\n"
        << cell("scenario", wn) << "  " << cell("expect", we) << "  " << cell("verdict", wv) << "  "
        << fmt::format("{:>11}  {:>8}", "executions", "time") << "  result\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& [name, j] = rows[i];
      out << cell(name, wn) << "  " << cell(j.expect, we) << "  " << cell(j.verdict, wv) << "  "
          << fmt::format("{:>11}  {:>7.2f}s", summary_rows_[i].executions, summary_rows_[i].seconds)
          << "  " << reports::paint(j.status, reports::tone_of(j.status), color) << "\n";
    }
    const Tally t = tally(rows);
    std::string unfinished;
    if (t.incomplete != 0) unfinished += fmt::format(", {} incomplete", t.incomplete);
    if (t.not_run != 0) unfinished += fmt::format(", {} not run", t.not_run);
    out << "\n"
        << reports::paint(
               fmt::format(
                   "{} scenario{}: {}; {} matched, {} mismatched, {} error{}{} ({} executions, "
                   "{:.1f} s)\n",
                   rows.size(), rows.size() == 1 ? "" : "s", violation_counts, t.matched,
                   t.mismatched, t.errors, t.errors == 1 ? "" : "s", unfinished, executions,
                   elapsed),
               reports::tone_of(verdict_of(t)), color);
  }

  ScenarioRunOptions options_;
  std::vector<std::string> paths_;
  OutputFlags outputs_;
  TextFlags text_flags_;
  unsigned jobs_ = 1;
  std::vector<Counts> summary_rows_;
};

}  // namespace

std::unique_ptr<Verb> make_test_verb(const std::string& argv0) {
  return std::make_unique<TestVerb>(argv0);
}

}  // namespace kmc::cli
