#include "cli/outputs.hpp"

#include <fmt/format.h>

#include <iostream>

#include "checker/output_file.hpp"

namespace kmc::cli {

void add_ci_flags(CLI::App& cmd, OutputFlags& flags) {
  cmd.add_option("--junit", flags.junit,
                 "write JUnit XML to FILE: one test case per scenario, a failure's text is the "
                 "violation and its replay command");
  cmd.add_option("--sarif", flags.sarif,
                 "write SARIF 2.1.0 to FILE: one result per violation at its model and seed "
                 "lines, the trace as a code flow");
}

void add_output_flags(CLI::App& cmd, OutputFlags& flags, const std::string& json_help) {
  cmd.add_option("--report", flags.report,
                 "write DIR/<model>/<scenario>/{trace.txt,result.json,*.svg}, DIR/index.html and "
                 "DIR/index.json (merged into an earlier report in DIR)");
  cmd.add_option("--json", flags.json, json_help);
  add_ci_flags(cmd, flags);
}

std::string check_output_flags(const OutputFlags& flags) {
  const std::pair<const char*, const std::string*> files[] = {
      {"--json", &flags.json}, {"--junit", &flags.junit}, {"--sarif", &flags.sarif}};
  for (const auto& [flag, path] : files)
    if (!path->empty())
      if (std::string e = check_output_flag(flag, *path, false); !e.empty()) return e;
  if (!flags.report.empty()) return check_output_flag("--report", flags.report, true);
  return "";
}

bool write_ci_files(const OutputFlags& flags, const std::string& suite, const std::string& command,
                    const std::vector<reports::CiCase>& cases) {
  bool ok = true;
  const auto put = [&](const char* flag, const std::string& path, const std::string& text) {
    if (path.empty()) return;
    if (path == "-") {
      std::cout << text;
      ok = flush_stdout() && ok;
      return;
    }
    if (const std::string error = write_file_atomic(path, text); !error.empty()) {
      std::cerr << "kmc: error: " << flag << ": cannot write " << error << "\n";
      ok = false;
    }
  };
  put("--junit", flags.junit, reports::junit_xml(suite, cases));
  if (!flags.sarif.empty())
    put("--sarif", flags.sarif, reports::sarif_log(cases, command).dump(2) + "\n");
  return ok;
}

BatchOutputs::BatchOutputs(OutputFlags flags, std::string verb)
    : flags_(std::move(flags)), verb_(std::move(verb)) {}

std::string BatchOutputs::open() {
  if (flags_.report.empty()) return "";
  report_.emplace(flags_.report);
  return report_->open();
}

void BatchOutputs::add(const ScenarioRun& run, const Judgement& j, const std::string& text,
                       nlohmann::json json) {
  const bool violated = has_violation(run);
  with_violation_ += violated ? 1 : 0;
  if (report_) report_->add(run.id, text, json, run.ran() ? &run.result : nullptr, index_row(run));
  results_.push_back(std::move(json));
  if (flags_.junit.empty() && flags_.sarif.empty()) return;
  reports::CiCase c;
  c.name = run.id;
  c.suite = "kmc." + (run.program ? run.program->scenario().model->name : std::string("scenario"));
  c.file = run.path.string();
  c.seconds = run.result.stats.elapsed_s;
  c.replay_prefix = run.replay_prefix;
  const bool by_expectation = verb_ == "test";
  c.expected = by_expectation && j.matched;
  if (j.status == "ERROR") {
    c.outcome = "error";
    c.message = j.verdict;
    c.details = text;
  } else if (by_expectation ? !j.matched && j.status == "MISMATCH" : violated) {
    c.outcome = "failure";
    c.message =
        by_expectation ? fmt::format("expected {}, got {}", j.expect, j.verdict) : j.verdict;
  } else if (by_expectation ? !j.matched : !run.result.complete) {
    c.outcome = "skipped";
    c.message = j.verdict;
  }
  if (c.outcome == "failure") {
    for (const Counterexample& cex : run.result.counterexamples)
      c.details +=
          fmt::format("{}: {}\nreplay: {}{}\n", to_string(cex.violation.kind),
                      reports::shorten_paths(cex.violation.message), run.replay_prefix, cex.replay);
    if (c.details.empty()) c.details = c.message + "\n";
  }
  if (violated) {
    keep_.push_back(std::make_unique<RunResult>(run.result));
    c.result = keep_.back().get();
  }
  cases_.push_back(std::move(c));
}

std::string BatchOutputs::violation_counts() const {
  return fmt::format("{} with a violation, {} without", with_violation_,
                     results_.size() - with_violation_);
}

int BatchOutputs::finish(std::ostream& out, nlohmann::json top) {
  int status = kExitPass;
  if (!flags_.json.empty()) {
    top["with_violation"] = with_violation_;
    top["without_violation"] = results_.size() - with_violation_;
    top["results"] = results_;
    if (!write_json(flags_.json, top)) status = kExitInternal;
  }
  if (!write_ci_files(flags_, "kmc " + verb_, "kmc " + verb_, cases_)) status = kExitInternal;
  if (report_) {
    if (!report_->finish()) {
      status = kExitInternal;
    } else {
      out << "report: " << (report_->dir() / "index.html").string();
      if (report_->kept_rows() != 0)
        out << " (merged: " << report_->kept_rows() << " scenario(s) of an earlier report kept)";
      out << "\n";
    }
  }
  return status;
}

}  // namespace kmc::cli
