// `kmc run SCENARIO...` and `kmc replay SCENARIO TOKEN`.
#include <unistd.h>

#include <iostream>

#include "cli/batch.hpp"
#include "cli/limits_help.hpp"
#include "cli/outputs.hpp"
#include "cli/report_dir.hpp"
#include "cli/terminal.hpp"
#include "cli/verbs.hpp"

namespace kmc::cli {
namespace {

class RunVerb final : public Verb {
 public:
  RunVerb(std::string argv0, bool replay_verb) : replay_verb_(replay_verb) {
    options_.program_name = std::move(argv0);
  }

  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd = nullptr;
    if (replay_verb_) {
      cmd = app.add_subcommand("replay", "Replay one execution of a scenario from its token");
      cmd->add_option("scenario", replay_file_, "the scenario file")->required();
      cmd->add_option("token", options_.replay, "the replay token a run printed")
          ->required()
          ->check(not_blank());
      cmd->add_option("--max-steps", options_.explore.max_steps,
                      "livelock bound, as given to the run that printed the token")
          ->check(CLI::Range(1u, 100000000u));
      cmd->add_option("--memory-model", options_.explore.memory_model,
                      "sc or rc11, as given to the run that printed the token")
          ->check(CLI::IsMember({"sc", "rc11"}));
      cmd->footer(
          "Runs exactly the execution the token describes and prints its trace (the same as\n"
          "'kmc run SCENARIO --replay TOKEN').\n\n"
          "Examples:\n"
          "  kmc replay scenarios/fd/dup2_larval-noebusy.scn "
          "K2.GwERAgQDBQIBAA.fd-4af427-efdfe4-dc62d4-9c8b0c-e1.b39332d2");
    } else {
      cmd = app.add_subcommand("run", "Explore every interleaving of scenarios and report");
      cmd->add_option("scenarios", files_, "scenario files (.scn)")->required();
      cmd->add_option("--replay", options_.replay,
                      "run exactly the execution of this token (one scenario only)")
          ->check(not_blank());
      cmd->add_option("--jobs", jobs_, "scenarios explored in parallel")
          ->check(CLI::Range(1u, 256u));
      add_explore_flags(*cmd, options_.explore);
      cmd->footer(
          "Exit status: 0 no violation (complete exploration), 1 violation found, 2 bad input\n"
          "or usage, 3 internal error, 4 no violation found but the exploration was incomplete.\n"
          "A run stopped by --time-limit, --executions, Ctrl-C, SIGTERM or SIGHUP still prints\n"
          "(and writes with --json/--report) what it explored, with the verdict 'incomplete';\n"
          "a second Ctrl-C ends kmc at once. --report, --json, --junit and --sarif show whether\n"
          "each scenario matched the expectation its file states; the exit status does not.\n"
          "The notation of a trace (>, [op] => N, file#1, fget(4,0)*, a cut cell's ~) is\n"
          "explained in docs/traces.md.\n" +
          std::string(kReportMergeHelp) + "\n\n" + std::string(kLimitsHelp) +
          "\nExamples:\n"
          "  kmc run scenarios/fd/dup2_larval.scn\n"
          "  kmc run scenarios/sem/*.scn --strategy bounded --preemptions 2 --jobs 2\n"
          "  kmc run scenarios/fd/fget_close.scn --variant M-FD-plaininc --report out/\n"
          "  kmc run scenarios/kq/deliver_close_nohack.scn --time-limit 60 --json result.json\n"
          "  kmc run scenarios/fd/dup2_larval-noebusy.scn --replay "
          "K2.GwERAgQDBQIBAA.fd-4af427-efdfe4-dc62d4-9c8b0c-e1.b39332d2\n"
          "  kmc run scenarios/fd/dup2_larval.scn --variant M-FD-noebusy --replay "
          "K2.GwERAgQDBQIBAA.fd-4af427-efdfe4-dc62d4-9c8b0c-e1.b39332d2");
    }
    cmd->add_option("--variant", options_.variants,
                    "switch on a model variant (repeatable), as if the file said 'variant NAME'");
    add_text_flags(*cmd, text_flags_);
    add_output_flags(*cmd, outputs_,
                     "write the results as JSON to FILE, or to stdout with '-': an object whose "
                     "'results' array has one entry per scenario");
    return cmd;
  }

  int execute() override {
    warn_ignored_flags(options_.explore, "run");
    if (replay_verb_) files_ = {replay_file_};
    if (!options_.replay.empty() && files_.size() != 1)
      return usage_error("--replay takes exactly one scenario, got " +
                         std::to_string(files_.size()));
    if (const std::string e = check_output_flags(outputs_); !e.empty()) return usage_error(e);
    BatchOutputs outputs(outputs_, "run");
    if (const std::string e = outputs.open(); !e.empty()) return usage_error(e);
    std::vector<std::filesystem::path> paths(files_.begin(), files_.end());
    std::ostream& out = writes_stdout(outputs_) ? std::cerr : std::cout;
    const reports::TextStyle style =
        text_style_for(text_flags_, writes_stdout(outputs_) ? STDERR_FILENO : STDOUT_FILENO);
    int status = kExitPass;
    run_batch(paths, options_, jobs_, [&](std::size_t, ScenarioRun& run) {
      clear_progress_line();
      // The files (trace.txt, JUnit) get the default style: columns, whole, no colour.
      const std::string text = format_scenario_run(run);
      (run.status == kExitUsage ? std::cerr : out) << format_scenario_run(run, style) << std::flush;
      const Judgement j = judge(run);
      nlohmann::json js = scenario_run_json(run);
      js["expectation"] = j.expect;
      js["matched"] = j.matched;
      outputs.add(run, j, text, std::move(js));
      status = worst_status(status, run.status);
    });
    if (paths.size() > 1)
      out << paths.size() << " scenarios: " << outputs.violation_counts() << "\n";
    return worst_status(status, outputs.finish(out, nlohmann::json::object()));
  }

 private:
  bool replay_verb_;
  ScenarioRunOptions options_;
  std::vector<std::string> files_;
  std::string replay_file_;
  OutputFlags outputs_;
  TextFlags text_flags_;
  unsigned jobs_ = 1;
};

}  // namespace

std::unique_ptr<Verb> make_run_verb(const std::string& argv0) {
  return std::make_unique<RunVerb>(argv0, false);
}
std::unique_ptr<Verb> make_replay_verb(const std::string& argv0) {
  return std::make_unique<RunVerb>(argv0, true);
}

}  // namespace kmc::cli
