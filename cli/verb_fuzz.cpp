// `kmc fuzz --model M`: property-based fuzzing of generated scenarios (fuzz/fuzzer.hpp); on a
// failure, writes the shrunk scenario and checks that `kmc run FILE --replay TOKEN` reproduces it.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "cli/limits_help.hpp"
#include "cli/outputs.hpp"
#include "cli/scenario_run.hpp"
#include "cli/terminal.hpp"
#include "cli/verbs.hpp"
#include "fuzz/fuzzer.hpp"
#include "fuzz/protocol.hpp"
#include "model/model_api.hpp"
#include "reports/colour.hpp"

namespace kmc::cli {
namespace {

class FuzzVerb final : public Verb {
 public:
  explicit FuzzVerb(std::string argv0) : argv0_(std::move(argv0)) {}

  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "fuzz", "Generate random scenarios, model-check each, shrink and save a failure");
    cmd->add_option("--model", model_, "the model: one of the registered models")
        ->required()
        ->check(CLI::IsMember(model::model_names()));
    cmd->add_option("--threads", o_.shape.max_threads,
                    "threads per scenario: 2..N, 2 in three scenarios of four (default 3)")
        ->check(CLI::Range(2, 8));
    cmd->add_option("--ops", o_.shape.max_ops, "operations per thread: 1..N (default 3)")
        ->check(CLI::Range(1, 16));
    cmd->add_option("--setup", o_.shape.max_setup, "setup operations: 0..N (default 3)")
        ->check(CLI::Range(0, 16));
    auto* secs =
        cmd->add_option("--seconds", o_.seconds,
                        "time budget: generating, shrinking and writing a find all end by it")
            ->check(finite_range(0.001, 1e7));
    auto* runs = cmd->add_option("--runs", o_.runs, "scenarios to check")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
    secs->excludes(runs);
    cmd->add_option("--seed", o_.seed, "RapidCheck seed (default 1)")->check(uint64_text());
    cmd->add_option("--strategy", o_.limits.strategy,
                    "per scenario: dpor (exhaustive up to the caps), pct, random")
        ->check(CLI::IsMember({"dpor", "pct", "random"}));
    cmd->add_option("--executions", o_.limits.executions,
                    "per scenario: DPOR cap, or pct/random executions (default 2000)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
    cmd->add_option("--scenario-seconds", o_.limits.seconds, "per scenario time limit (default 2)")
        ->check(finite_range(0.001, 1e5));
    cmd->add_option("--variant", o_.variants, "switch on a model variant (repeatable)");
    cmd->add_flag("--random-variants", o_.shape.variants,
                  "let the generator switch the model's M-/F- variants on too, like the other "
                  "settings (they break or fix the seed on purpose, so by default they stay off)");
    cmd->add_option("--out", out_, "where to write the failing scenario (default fuzz-out)");
    auto* reproduce =
        cmd->add_option("--reproduce", o_.reproduce,
                        "re-run the failing case of a RapidCheck reproduce string printed earlier "
                        "(--runs does not apply; --campaign cannot take it)")
            ->check(not_blank());
    cmd->add_option("--kind", kind_,
                    "count only violations of this kind (use-after-free, deadlock, ...)");
    cmd->add_option("--ignore", ignore_,
                    "look past a known finding: KIND:TEXT, KIND or TEXT, where TEXT is part of "
                    "the violation's message and * stands for anything (repeatable)");
    cmd->add_option("--known", known_files_,
                    "a file of --ignore patterns, one a line, # comments (repeatable)");
    // A campaign goes from seed to seed; one fixed case to reproduce has no next seed.
    cmd->add_flag("--campaign", campaign_,
                  "spend all of --seconds: after each find, look past it (its message with "
                  "numbers as *) and go on with the next seed; files MODEL-ROUND-KIND.scn")
        ->excludes(reproduce);
    cmd->add_flag("-q,--quiet", quiet_, "no progress lines");
    add_color_flag(*cmd, color_);
    cmd->add_option("--json", outputs_.json,
                    "write the outcome as JSON to FILE, or to stdout with '-' (the find, its "
                    "file, replay and reproduce commands, the counts)");
    add_ci_flags(*cmd, outputs_);
    cmd_ = cmd;
    cmd->footer(
        "Configuration: each scenario draws its settings from the model's descriptor. Every\n"
        "parameter (kmc list --models) and every option that applies to the model\n"
        "(fault-injection, address-reuse; biglock for sem only) keeps its seed default in nine\n"
        "scenarios of ten, else takes another value: any value of a small range, the minimum\n"
        "or a small value of a large one. The M-/F- variants stay off (--random-variants).\n"
        "Written scenarios carry their config and option lines; shrinking puts each setting\n"
        "the failure does not need back to its default. The summary counts the scenarios\n"
        "that used each thread count and each non-default setting.\n\n"
        "Exit status: 0 no violation within the budget, 1 a violation found (scenario written\n"
        "and replayed), 2 bad input or usage, 3 internal error, 4 no violation found but the\n"
        "budget was not spent (Ctrl-C, SIGTERM or SIGHUP; a find being shrunk is still "
        "written).\n\n"
        "Budget: --seconds holds while shrinking too. When it ends (or Ctrl-C comes) during\n"
        "shrinking, the smallest failing scenario so far is written with the counterexample\n"
        "already found and its replay line: kmc ends at most one execution plus one replay past\n"
        "the budget. A shrink that finishes is 1-minimal: no single thread or operation can be\n"
        "removed and still fail the same way. --scenario-seconds bounds each scenario's "
        "check.\n\n" +
        std::string(kLimitsHelp) +
        "\nExamples:\n"
        "  kmc fuzz --model sem --variant M-SEM-nowaiters --runs 500\n"
        "  kmc fuzz --model fd --threads 4 --ops 4 --seconds 120 --out found/\n"
        "  kmc fuzz --model kq --random-variants --seconds 60\n"
        "  kmc fuzz --model kq --strategy pct --executions 300 --seconds 60\n"
        "  kmc fuzz --model sem --ignore 'invariant:SEM-I8:' --seconds 60\n"
        "  kmc fuzz --model fd --campaign --seconds 120 --out found/");
    return cmd;
  }

  // "; stopped by SIGTERM before the budget was spent" when a signal ended the loop early.
  [[nodiscard]] static std::string stopped_note(bool interrupted) {
    if (!interrupted) return "";
    const std::string name = stop_signal_name();
    return "; stopped by " + (name.empty() ? std::string("a stop request") : name) +
           " before the budget was spent (incomplete)";
  }

  int execute() override {
    o_.model = model::find_model(model_);
    if (o_.model == nullptr) return usage_error("--model: unknown model " + model_);
    for (const std::string& v : o_.variants)
      if (!o_.model->has_variant(v))
        return usage_error("--variant: model " + model_ + " has no variant " + v);
    if (!kind_.empty()) {
      ViolationKind k{};
      if (!parse_violation_kind(kind_, k)) return usage_error("--kind: unknown kind " + kind_);
      o_.only = k;
    }
    for (const std::string& spec : ignore_) {
      fuzz::KnownPattern p;
      std::string error;
      if (!fuzz::parse_known(spec, p, error)) return usage_error("--ignore: " + error);
      o_.limits.known.push_back(p);
    }
    for (const std::string& file : known_files_) {
      std::string error;
      if (!fuzz::load_known(file, o_.limits.known, error)) return usage_error("--known: " + error);
    }
    if (campaign_ && o_.seconds <= 0) return usage_error("--campaign needs --seconds");
    if (const std::string e = check_output_flag("--out", out_, true); !e.empty())
      return usage_error(e);
    if (const std::string e = check_output_flags(outputs_); !e.empty()) return usage_error(e);
    if (campaign_ && !(outputs_.json.empty() && outputs_.junit.empty() && outputs_.sarif.empty()))
      return usage_error("--json, --junit and --sarif are not written by --campaign");
    // A reproduction re-runs the one case its string names: a scenario count means nothing there.
    if (!o_.reproduce.empty() && o_.runs != 0)
      std::cerr << "kmc fuzz: warning: --runs is ignored with --reproduce (it re-runs the one "
                   "failing case the string names)\n";
    if (o_.runs == 0 && o_.seconds <= 0 && o_.reproduce.empty()) o_.runs = 200;
    o_.out = out_;
    o_.limits.stop = &stop_flag();
    for (const model::OpSpec& op : o_.model->ops)
      o_.shape.max_args = std::max(o_.shape.max_args, static_cast<int>(op.args.size()));
    if (!quiet_) o_.log = [](const std::string& line) { std::cerr << line << std::endl; };
    if (campaign_) return campaign();
    const fuzz::FuzzReport r = fuzz::run_fuzz(o_);
    if (!r.error.empty()) {
      std::cerr << "kmc fuzz: error: " << r.error << "\n";
      return r.error.rfind("--", 0) == 0 ? kExitUsage : kExitInternal;
    }
    std::ostream& out = writes_stdout(outputs_) ? std::cerr : std::cout;
    const bool color = color_for(color_, writes_stdout(outputs_) ? STDERR_FILENO : STDOUT_FILENO);
    if (!r.found) {
      out << reports::paint(
          fmt::format("fuzz {}: no violation in {} scenarios ({} broke a harness rule, {} a "
                      "run-time contract breach, {} showed only known findings), {:.1f} s{}\n",
                      model_, r.runs, r.harness, r.contract, r.known, r.seconds,
                      stopped_note(r.interrupted)),
          r.interrupted ? reports::Tone::Incomplete : reports::Tone::Pass, color);
      out << r.config.format(*o_.model);
      const int status = r.interrupted ? kExitIncomplete : kExitPass;
      return write_outputs(r, nullptr) ? status : kExitInternal;
    }
    const ScenarioRun run = replay_find(r);
    const bool same = reproduces(run, r);
    out << r.text << "\n"
        << reports::paint(fmt::format("fuzz {}: VIOLATION {} after {} scenarios, {:.1f} s ({} "
                                      "shrink steps, {:.1f} s in all)\n",
                                      model_, to_string(r.kind), r.runs, r.seconds_to_find,
                                      r.shrink_steps, r.seconds),
                          reports::Tone::Violation, color)
        << fmt::format(
               "  {}\n  shrunk to {} threads, {} operations; schedule with {} preemption(s), {} "
               "events\n  written: {}\n  replay:  {}\n  RapidCheck: {}\n",
               r.message, r.threads, r.ops, r.preemptions, r.trace_events, r.file.string(),
               replay_command(r), reproduce_command(r));
    out << r.config.format(*o_.model);
    if (!same) {
      std::cerr << "kmc fuzz: internal error: '" << replay_command(r)
                << "' does not reproduce the violation\n"
                << format_scenario_run(run);
      return kExitInternal;
    }
    return write_outputs(r, &run) ? kExitViolation : kExitInternal;
  }

  // The flags given on the command line that shape which scenarios are generated and how each is
  // checked (everything but the budget, the output and --seed), as they were given: a
  // --reproduce string only replays under the same generator and limits.
  [[nodiscard]] std::string shaping_flags() const {
    static const std::set<std::string> kNotShaping = {
        "--seconds", "--runs", "--out",   "--reproduce", "--quiet", "--campaign", "--help",
        "--seed",    "--json", "--junit", "--sarif",     "--model", "--color"};
    std::string flags;
    for (const CLI::Option* opt : cmd_->get_options()) {
      const std::string name = opt->get_name();
      if (opt->count() == 0 || kNotShaping.count(name) != 0) continue;
      if (opt->get_expected_min() == 0) {
        flags += " " + name;
        continue;
      }
      for (const std::string& value : opt->results())
        flags += " " + name + " " + shell_quote(value);
    }
    return flags;
  }

  // The command that re-runs the failing case: every flag that shaped the run, then --reproduce.
  [[nodiscard]] std::string reproduce_command(const fuzz::FuzzReport& r) const {
    return fmt::format("{} fuzz --model {} --seed {}{} --reproduce {}", shell_quote(argv0_), model_,
                       o_.seed, shaping_flags(), shell_quote(r.reproduce));
  }

  // --json, --junit and --sarif: the outcome of a fuzz run (`run` the replayed find, if any).
  [[nodiscard]] bool write_outputs(const fuzz::FuzzReport& r, const ScenarioRun* run) const {
    if (!outputs_.json.empty()) {
      nlohmann::json j = {{"model", model_},
                          {"found", r.found},
                          {"runs", r.runs},
                          {"harness", r.harness},
                          {"contract", r.contract},
                          {"known", r.known},
                          {"seconds", r.seconds},
                          {"interrupted", r.interrupted},
                          {"seed", o_.seed},
                          {"verdict", r.found         ? "violation"
                                      : r.interrupted ? "incomplete"
                                                      : "pass"}};
      if (r.found)
        j["find"] = {{"kind", to_string(r.kind)},
                     {"message", r.message},
                     {"file", r.file.string()},
                     {"token", r.token},
                     {"threads", r.threads},
                     {"operations", r.ops},
                     {"seconds_to_find", r.seconds_to_find},
                     {"replay", replay_command(r)},
                     {"reproduce", reproduce_command(r)}};
      if (!write_json(outputs_.json, j)) return false;
    }
    reports::CiCase c;
    c.name = "fuzz/" + model_;
    c.suite = "kmc.fuzz";
    c.seconds = r.seconds;
    if (r.found) {
      c.file = r.file.string();
      c.outcome = "failure";
      c.message = fmt::format("{}: {}", to_string(r.kind), r.message);
      c.details = fmt::format("{}\nreplay: {}\nreproduce: {}\n", c.message, replay_command(r),
                              reproduce_command(r));
      c.result = &run->result;
      c.replay_prefix = run->replay_prefix;
    } else if (r.interrupted) {
      c.outcome = "skipped";
      c.message = "stopped before the budget was spent";
    }
    return write_ci_files(outputs_, "kmc fuzz", "kmc fuzz --model " + model_, {c});
  }

  // Replays a find's file through exactly the code path of `kmc run FILE --replay TOKEN`.
  [[nodiscard]] ScenarioRun replay_find(const fuzz::FuzzReport& r) const {
    ScenarioRunOptions ro;
    ro.replay = r.token;
    ro.program_name = argv0_;
    ro.explore.quiet = true;
    ro.explore.max_steps = o_.limits.max_steps;
    ro.explore.keep_going = r.keep_going;
    return run_scenario_file(r.file, ro);
  }

  // The replay gave the find's violation (with --keep-going, among the others it records).
  [[nodiscard]] static bool reproduces(const ScenarioRun& run, const fuzz::FuzzReport& r) {
    const std::vector<Counterexample>& cs = run.result.counterexamples;
    return run.status == kExitViolation &&
           std::any_of(cs.begin(), cs.end(),
                       [&](const Counterexample& c) { return c.violation.kind == r.kind; });
  }

  // `kmc run FILE --replay TOKEN`, with --keep-going when the token needs it.
  [[nodiscard]] std::string replay_command(const fuzz::FuzzReport& r) const {
    return fmt::format("{} run {} --replay {}{}", argv0_, shell_quote(r.file.string()), r.token,
                       r.keep_going ? " --keep-going" : "");
  }

  // --campaign: every find of the budget, each replayed through `kmc run`'s code path.
  int campaign() {
    int status = kExitPass;
    const bool color = color_for(color_, STDOUT_FILENO);
    const fuzz::CampaignReport c = fuzz::run_campaign(o_, [&](const fuzz::FuzzReport& r) {
      const bool same = reproduces(replay_find(r), r);
      std::cout << reports::paint(
                       fmt::format("find: {} {} after {} scenarios, {:.1f} s: {}\n", model_,
                                   to_string(r.kind), r.runs, r.seconds_to_find, r.message),
                       reports::Tone::Violation, color)
                << fmt::format("  shrunk to {} threads, {} operations; {}\n  replay: {}{}\n",
                               r.threads, r.ops, r.file.string(), replay_command(r),
                               same ? "" : "\n  ERROR: the replay does not reproduce it");
      if (!same) {
        status = kExitInternal;
      } else if (status == kExitPass) {
        status = kExitViolation;
      }
    });
    if (!c.error.empty()) {
      std::cerr << "kmc fuzz: error: " << c.error << "\n";
      return kExitInternal;
    }
    std::cout << fmt::format(
        "campaign {}: {} distinct finds in {} scenarios, {:.1f} s ({} broke a harness rule, {} "
        "a run-time contract breach, {} showed only known findings)\n",
        model_, c.finds.size(), c.runs, c.seconds, c.harness, c.contract, c.known);
    if (c.interrupted) std::cout << stopped_note(true).substr(2) << "\n";
    std::cout << c.config.format(*o_.model);
    for (std::size_t i = 0; i < c.finds.size(); ++i)
      std::cout << fmt::format("  {}  {}\n", c.finds[i].file.string(), c.patterns[i]);
    return status == kExitPass && c.interrupted ? kExitIncomplete : status;
  }

 private:
  std::string argv0_;
  std::vector<std::string> ignore_;
  std::vector<std::string> known_files_;
  bool campaign_ = false;
  std::string model_;
  std::string kind_;
  std::string out_ = "fuzz-out";
  bool quiet_ = false;
  std::string color_ = "auto";
  fuzz::FuzzOptions o_;
  OutputFlags outputs_;
  CLI::App* cmd_ = nullptr;
};

}  // namespace

std::unique_ptr<Verb> make_fuzz_verb(const std::string& argv0) {
  return std::make_unique<FuzzVerb>(argv0);
}

}  // namespace kmc::cli
