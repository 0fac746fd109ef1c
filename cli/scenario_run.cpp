#include "cli/scenario_run.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "checker/replay_token.hpp"
#include "checker/strategies/replay.hpp"
#include "fuzz/check.hpp"
#include "model/scenario/fingerprint.hpp"
#include "model/scenario/parser.hpp"
#include "reports/json_report.hpp"

namespace kmc::cli {
namespace {

std::vector<reports::OpMark> to_marks(const std::vector<scenario::OpRecord>& records) {
  std::vector<reports::OpMark> out;
  out.reserve(records.size());
  for (const scenario::OpRecord& r : records)
    out.push_back({r.thread, r.first_event, r.end_event, r.text, r.where, r.result, r.result_text});
  return out;
}

// Replays `token` once while the program records where its operations fall.
std::vector<reports::OpMark> marks_for(ScenarioRun& run, const std::string& token,
                                       const ExecutionOptions& options,
                                       std::optional<Trace>* trace = nullptr) {
  std::vector<scenario::OpRecord> records;
  run.program->record_operations(&records);
  try {
    Trace t = replay_once(*run.program, token, options);
    if (trace != nullptr) *trace = std::move(t);
  } catch (const std::exception&) {
    records.clear();  // the annotation is a nicety; the counterexample itself was verified
  }
  run.program->record_operations(nullptr);
  return to_marks(records);
}

void explore(ScenarioRun& run, const ScenarioRunOptions& options, const RunOptions& ro) {
  std::string error;
  std::unique_ptr<Strategy> strategy;
  ReplayStrategy* replay = nullptr;
  if (!options.replay.empty()) {
    std::string fingerprint;
    std::optional<Schedule> schedule = decode_token(options.replay, error, &fingerprint);
    if (!schedule) {
      run.status = kExitUsage;
      run.error = "--replay: bad replay token: " + error;
      return;
    }
    if (const std::string why = scenario::explain_mismatch(fingerprint, run.program->scenario());
        !why.empty()) {
      run.status = kExitUsage;
      run.error = "--replay: the token does not fit " + run.path.string() + ": " + why;
      return;
    }
    auto r = std::make_unique<ReplayStrategy>(std::move(*schedule));
    replay = r.get();
    strategy = std::move(r);
  } else {
    strategy = make_strategy_from(options.explore, error);
    if (!strategy) {
      run.status = kExitUsage;
      run.error = "--strategy: " + error;
      return;
    }
  }
  run.result = Runner(*run.program, *strategy, ro).run();
  if (replay != nullptr && !replay->error().empty()) {
    run.status = kExitUsage;
    run.error = "--replay: the token does not fit " + run.path.string() + ": " + replay->error();
    return;
  }
  run.stop_reason = stop_reason(run.result, options.explore);
  run.estimated_total = strategy->estimated_total();
  for (const Counterexample& c : run.result.counterexamples)
    run.marks.push_back(marks_for(run, c.replay, ro.execution));
  if (replay != nullptr && !run.result.violated())
    run.replayed_marks = marks_for(run, options.replay, ro.execution, &run.replayed);
  run.status = exit_code_of(run.result);
  // Only harness breaches (a rule of the models' glue broken with a value known at run time,
  // fuzz/check.hpp): the scenario is bad input, not a finding.
  const std::vector<Counterexample>& cs = run.result.counterexamples;
  if (!cs.empty() && std::all_of(cs.begin(), cs.end(), [](const Counterexample& c) {
        return fuzz::is_harness(c.violation);
      })) {
    run.status = kExitUsage;
    run.error = fmt::format(
        "{}: the scenario breaks a rule of the model harness at run time, which is not a finding: "
        "{} (replay: {}{})",
        run.path.string(), cs[0].violation.message, run.replay_prefix, cs[0].replay);
  }
}

}  // namespace

ScenarioRun run_scenario_file(const std::filesystem::path& path,
                              const ScenarioRunOptions& options) {
  ScenarioRun run;
  run.path = path;
  run.id = path.stem().string();
  if (stop_flag().load()) {
    // After Ctrl-C or SIGTERM the remaining scenarios are reported as never run, not as passed.
    run.not_run = true;
    run.status = kExitIncomplete;
    run.stop_reason = stop_signal_name();
    return run;
  }
  scenario::ParseResult parsed = scenario::load_scenario(path);
  if (!parsed.scenario) {
    run.errors = std::move(parsed.errors);
    run.status = kExitUsage;
    return run;
  }
  scenario::Scenario& s = *parsed.scenario;
  run.id = s.model->name + "/" + s.name;
  run.replay_prefix = shell_quote(options.program_name) + " run " + shell_quote(path.string());
  for (const std::string& v : options.variants) {
    std::string error;
    if (!scenario::add_variant(s, v, error)) {
      run.status = kExitUsage;
      run.error = "--variant: " + path.string() + ": " + error;
      return run;
    }
    run.replay_prefix += " --variant " + shell_quote(v);
  }
  if (options.explore.max_steps != ExploreFlags{}.max_steps)
    run.replay_prefix += " --max-steps " + std::to_string(options.explore.max_steps);
  if (options.explore.memory_model != ExploreFlags{}.memory_model)
    run.replay_prefix += " --memory-model " + options.explore.memory_model;
  run.replay_prefix += " --replay ";
  run.program = std::make_unique<scenario::ScenarioProgram>(std::move(s));
  const RunOptions ro =
      run_options_from(options.explore, run.id, run.program->execution_options(ExecutionOptions{}));
  try {
    explore(run, options, ro);
  } catch (const ReplayMismatch& e) {
    run.status = kExitInternal;
    run.error = "internal error: " + e.message;
  } catch (const std::exception& e) {
    run.status = kExitInternal;
    run.error = std::string("internal error: ") + e.what();
  }
  return run;
}

std::string format_scenario_run(const ScenarioRun& run, const reports::TextStyle& style) {
  std::string out;
  if (run.not_run)
    return fmt::format("== {} ==\nnot run: stopped by {} before it started\n", run.path.string(),
                       run.stop_reason.empty() ? "a stop request" : run.stop_reason);
  if (!run.errors.empty()) {
    for (const scenario::Diagnostic& d : run.errors) out += d.format() + "\n";
    return out;
  }
  if (run.status == kExitUsage) return "kmc: error: " + run.error + "\n";
  const scenario::Scenario& s = run.program->scenario();
  out = fmt::format("== {} (model {}, strategy {}) ==\n", run.path.string(), s.model->name,
                    run.result.strategy.empty() ? "-" : run.result.strategy);
  if (run.status == kExitInternal) return out + "kmc: " + run.error + "\n";
  for (std::size_t i = 0; i < run.result.counterexamples.size(); ++i) {
    const Counterexample& c = run.result.counterexamples[i];
    out += '\n';
    out += reports::format_counterexample(c, run.replay_prefix + c.replay, run.marks[i], style);
  }
  if (run.replayed) {
    out += "\nreplayed execution (no violation):\n";
    out += reports::format_trace(*run.replayed, run.replayed_marks, style);
  }
  out += '\n';
  out += reports::format_summary(run.result, run.stop_reason, run.estimated_total, style);
  out += '\n';
  return out;
}

nlohmann::json scenario_run_json(const ScenarioRun& run) {
  nlohmann::json j;
  if (run.not_run) {
    j["scenario"] = run.path.stem().string();
    j["file"] = run.path.string();
    j["verdict"] = "incomplete";
    j["not_run"] = true;
    j["executions"] = 0;
    j["complete"] = false;
    j["interrupted"] = true;
    j["stop_reason"] = run.stop_reason;
    return j;
  }
  if (run.program != nullptr && run.status != kExitUsage) {
    reports::ResultInfo info;
    const scenario::Scenario& s = run.program->scenario();
    info.scenario = s.name;
    info.file = run.path.string();
    info.model = s.model->name;
    info.stop_reason = run.stop_reason;
    info.estimated_total = run.estimated_total;
    info.marks = run.marks;
    j = reports::result_json(run.result, info);
  } else {
    j["scenario"] = run.path.stem().string();
    j["file"] = run.path.string();
    j["verdict"] = "error";
  }
  if (run.status == kExitInternal) j["verdict"] = "error";
  if (!run.error.empty()) j["error"] = run.error;
  if (!run.errors.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const scenario::Diagnostic& d : run.errors) errors.push_back(d.format());
    j["errors"] = std::move(errors);
  }
  return j;
}

}  // namespace kmc::cli
