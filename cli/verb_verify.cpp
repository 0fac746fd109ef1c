// `kmc verify --model M`: enumerate every scenario within a bound over the model's canonical
// setups and actions (verify/), prove each with DPOR, and report the coverage matrix and findings.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "cli/common.hpp"
#include "cli/limits_help.hpp"
#include "cli/outputs.hpp"
#include "cli/terminal.hpp"
#include "cli/verbs.hpp"
#include "model/model_api.hpp"
#include "reports/colour.hpp"
#include "verify/baseline.hpp"
#include "verify/distribute.hpp"
#include "verify/heatmap.hpp"
#include "verify/progress.hpp"
#include "verify/report.hpp"
#include "verify/signature.hpp"

namespace kmc::cli {
namespace {

class VerifyVerb final : public Verb {
 public:
  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "verify", "Prove a model over every small scenario: a coverage matrix and its findings");
    cmd->add_option("--model", model_, "the model: one of the registered models")
        ->required()
        ->check(CLI::IsMember(model::model_names()));
    cmd->add_option("--bound", bound_,
                    "default (every pair of actions, and two-deep pairs of core actions) or TxO: "
                    "T threads of up to O actions each, T and O in 1..4");
    cmd->add_option("--config-space", space_,
                    "default: the seed's settings only; all: also each configuration point that "
                    "changes interleavings or checks (fault injection, address reuse, ...)")
        ->check(CLI::IsMember({"default", "all"}));
    cmd->add_option("--jobs", jobs_, "worker threads (default: the machine's cores)")
        ->check(CLI::Range(1, 256));
    cmd->add_option("--scenario-seconds", o_.scenario_seconds,
                    "per scenario, wall time: past it the scenario is unfinished (default 300)")
        ->check(finite_range(0.001, 1e6));
    cmd->add_option("--time-limit", o_.time_limit_s,
                    "the whole run: scenarios running then stop there, those not started are "
                    "unfinished")
        ->check(finite_range(0.001, 1e7));
    cmd->add_option("--known", known_,
                    "findings to match, in the format of reports/FINDINGS.md (default: that file)");
    cmd->add_option("--baseline", baseline_file_,
                    "an earlier `kmc verify --json` of the same model, bound and config space: "
                    "report each scenario that now shows a signature it never reported (model "
                    "lines masked) or a violation where it proved the scenario")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--no-symmetry", no_symmetry_,
                  "also explore the mirror images of threads with identical operations");
    cmd->add_flag("--fail-fast", fail_fast_,
                  "with --baseline: stop at the first scenario that differs (the rest unfinished); "
                  "the scenarios with the fewest actions run first");
    cmd->add_option(
        "--report", report_,
        "write DIR/verify-MODEL.json, the heat map DIR/matrix.html and DIR/found/*.scn");
    cmd->add_option("--json", json_, "write the matrix as JSON to FILE ('-' for stdout)");
    add_ci_flags(*cmd, ci_);
    cmd->add_flag("--list", list_, "print the scenarios of the bound and exit");
    cmd->add_flag("-q,--quiet", quiet_, "no progress line (it is drawn only on a terminal)");
    add_color_flag(*cmd, color_);
    cmd->footer(
        "Every scenario is explored with DPOR and --keep-going to its end (or to\n"
        "--scenario-seconds: then it is unfinished and proves nothing). Violations are grouped by\n"
        "signature (kind, seed line of the violating event, seed line of the other party) and\n"
        "matched with the known findings; new ones come first, each written with its smallest\n"
        "scenario to DIR/found/ (with --report, which also draws the matrix as a heat map,\n"
        "DIR/matrix.html). On a terminal a progress line on stderr estimates the time left.\n\n"
        "Exit status: 0 every scenario proved or only known findings, 1 a new finding, 2 bad\n"
        "input, 3 an engine or catalogue error, 4 some scenario unfinished. With --baseline,\n"
        "1 means a scenario differs from the baseline (findings the baseline had do not "
        "count).\n\n" +
        std::string(kLimitsHelp) +
        "\nExamples:\n"
        "  kmc verify --model sem\n"
        "  kmc verify --model fd --bound 2x2 --jobs 2 --report verify-out\n"
        "  kmc verify --model kq --config-space all --json kq-matrix.json\n"
        "  kmc verify --model cross --report verify-cross   # then open verify-cross/matrix.html\n"
        "  kmc verify --model fd --json base.json\n"
        "  kmc verify --model fd --baseline base.json --fail-fast   # after a model change");
    return cmd;
  }

  int execute() override {
    verify::Distribution dist;  // joins the MPI job when an MPI launcher started kmc
    // By default the machine's cores, shared among the ranks on it.
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    o_.jobs = jobs_ > 0 ? jobs_ : std::max(1, cores / dist.local_size());
    o_.stop = &stop_flag();
    if (dist.rank() > 0) {
      dist.serve(o_);
      return dist.finish(kExitPass);
    }
    return dist.finish(verify_here(dist));
  }

 private:
  // Rank 0 (or kmc alone): the whole run, with `dist` running the scenarios.
  [[nodiscard]] int verify_here(verify::Distribution& dist) {
    const verify::Catalogue* c = verify::catalogue_of(model_);
    if (c == nullptr) return usage_error("--model: unknown model " + model_);
    verify::Bound bound;
    std::string error;
    if (!verify::parse_bound(bound_, bound, error)) return usage_error(error);
    std::vector<int> configs{0};
    if (space_ == "all")
      for (std::size_t i = 1; i < c->configs.size(); ++i) configs.push_back(static_cast<int>(i));
    verify::VerifyReport r;
    r.catalogue = c;
    r.bound = bound_;
    r.config_space = space_;
    r.configs = configs;
    r.cases = verify::enumerate(*c, bound, configs);
    if (list_) {
      for (std::size_t i = 0; i < r.cases.size(); ++i)
        std::cout << fmt::format("#{} {} [{}] {}\n", i + 1,
                                 c->setups[static_cast<std::size_t>(r.cases[i].setup)].name,
                                 c->configs[static_cast<std::size_t>(r.cases[i].config)].name,
                                 verify::describe_case(*c, r.cases[i]));
      return kExitPass;
    }
    if (const std::string e = check_outputs(json_, report_); !e.empty()) return usage_error(e);
    if (const std::string e = check_output_flags(ci_); !e.empty()) return usage_error(e);
    std::vector<verify::KnownFinding> findings;
    if (!load_findings(findings)) return kExitUsage;
    if (fail_fast_ && baseline_file_.empty()) return usage_error("--fail-fast needs --baseline");
    o_.symmetry = !no_symmetry_;
    if (!baseline_file_.empty()) {
      if (!verify::load_baseline(baseline_file_, model_, bound_, space_, baseline_, error))
        return usage_error("--baseline: " + error);
      o_.case_done = [this, &r](std::size_t index, const verify::CaseResult& res) {
        std::optional<std::string> d =
            verify::difference(baseline_, verify::case_key(*r.catalogue, r.cases[index]), res);
        if (!d) return;
        differences_.emplace_back(index, std::move(*d));
        // The process's stop request: the running scenarios end where they are, unfinished.
        if (fail_fast_) stop_flag().store(true);
      };
      // Stopping at the first difference: the cheap scenarios first find it sooner.
      o_.fewest_first = fail_fast_;
    }
    const auto start = std::chrono::steady_clock::now();
    if (!quiet_ && isatty(STDERR_FILENO) != 0) {
      // Serialised by run_verify; redrawn at most twice a second.
      o_.progress = [start, counts = verify::ProgressCounts{},
                     throttle = verify::ProgressThrottle{}](
                        std::size_t, std::size_t total, const verify::CaseResult& last) mutable {
        counts.total = total;
        verify::count_result(counts, last);
        const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
        if (!throttle.due(counts, spent.count())) return;
        std::cerr << "\r" << verify::progress_line(counts, spent.count()) << "\x1b[K" << std::flush;
      };
    }
    verify::VerifyRun run = verify::run_verify(*c, r.cases, findings, o_, dist);
    r.results = std::move(run.results);
    if (o_.progress) std::cerr << "\n";
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    for (const std::string& s : run.skipped)
      std::cerr << "kmc verify: note: known finding scenario " << s << " did not run\n";
    verify::collect_findings(r, run.known);
    if (!report_.empty() && !verify::write_found(r, report_, error)) {
      std::cerr << "kmc verify: error: " << error << "\n";
      return kExitInternal;
    }
    // The matrix as JSON only when someone reads it: for thousands of cases it is a serial cost
    // that weighs on --jobs N.
    std::sort(differences_.begin(), differences_.end());
    if (!report_.empty() || !json_.empty()) {
      nlohmann::json j = verify::report_json(r);
      if (!baseline_file_.empty()) j["baseline"] = baseline_json();
      if (!report_.empty() &&
          !write_json((std::filesystem::path(report_) / ("verify-" + model_ + ".json")).string(),
                      j))
        return kExitInternal;
      if (!report_.empty() && !verify::write_heatmap(j, report_, error)) {
        std::cerr << "kmc verify: error: " << error << "\n";
        return kExitInternal;
      }
      if (!json_.empty() && !write_json(json_, j)) return kExitInternal;
    }
    if (!write_ci_files(ci_, "kmc verify " + model_, "kmc verify --model " + model_, ci_cases(r)))
      return kExitInternal;
    // `--json -` shares stdout with this text: never colour what a JSON reader gets. Under an
    // MPI launcher rank 0's stdout is the launcher's relay, a terminal whatever the user's is:
    // auto leaves it plain there.
    const bool color = json_ != "-" && color_for(color_, STDOUT_FILENO) &&
                       (dist.size() == 1 || color_ == "always");
    std::cout << painted(verify::report_text(r), exit_status(r), color)
              << painted_baseline(baseline_text(r), color)
              << (report_.empty()
                      ? ""
                      : fmt::format(
                            "  heat map: {}\n",
                            (std::filesystem::path(report_) / verify::kHeatmapFile).string()))
              << fmt::format("  {:.1f} s on {}{} job(s)\n", spent.count(),
                             dist.size() > 1 ? fmt::format("{} ranks x ", dist.size()) : "",
                             o_.jobs);
    return exit_status(r);
  }

  // The report's text on a terminal: its counts line in the tone of the exit status, each new
  // finding red. The text is verify::report_text's, painted line by line.
  [[nodiscard]] static std::string painted(const std::string& text, int status, bool color) {
    if (!color) return text;
    const reports::Tone tone = status == kExitPass         ? reports::Tone::Pass
                               : status == kExitIncomplete ? reports::Tone::Incomplete
                                                           : reports::Tone::Violation;
    std::string out;
    std::size_t line = 0;
    for (std::size_t at = 0; at < text.size(); ++line) {
      const std::size_t end = std::min(text.find('\n', at), text.size() - 1) + 1;
      const std::string_view l(text.data() + at, end - at);
      if (line == 1)
        out += reports::paint(l, tone, true);
      else
        out += reports::paint(l, reports::Tone::Violation, l.rfind("  NEW ", 0) == 0);
      at = end;
    }
    return out;
  }

  // baseline_text with its first line red when a scenario differs (a mismatch), green when none.
  [[nodiscard]] std::string painted_baseline(const std::string& text, bool color) const {
    const std::size_t first = text.find('\n');
    if (!color || first == std::string::npos) return text;
    return reports::paint(text.substr(0, first + 1),
                          differences_.empty() ? reports::Tone::Pass : reports::Tone::Violation,
                          true) +
           text.substr(first + 1);
  }

  // The differences from --baseline, for the JSON document.
  [[nodiscard]] nlohmann::json baseline_json() const {
    nlohmann::json d = nlohmann::json::array();
    for (const auto& [index, what] : differences_)
      d.push_back({{"case", index + 1}, {"what", what}});
    return {{"file", baseline_file_}, {"fail_fast", fail_fast_}, {"differences", d}};
  }

  // "baseline F: N scenario(s) differ" and the first few, for the terminal.
  [[nodiscard]] std::string baseline_text(const verify::VerifyReport& r) const {
    if (baseline_file_.empty()) return "";
    std::string out =
        fmt::format("  baseline {}: {} scenario(s) differ{}\n", baseline_file_, differences_.size(),
                    fail_fast_ && !differences_.empty()
                        ? " (--fail-fast: stopped at the first, the rest unfinished)"
                        : "");
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < differences_.size() && i < kShown; ++i) {
      const auto& [index, what] = differences_[i];
      out += fmt::format("    #{} {}: {}\n", index + 1,
                         verify::describe_case(*r.catalogue, r.cases[index]), what);
    }
    if (differences_.size() > kShown)
      out += fmt::format("    ... and {} more\n", differences_.size() - kShown);
    return out;
  }

  // The known findings and their scenarios, from --known or the source tree's reports/FINDINGS.md.
  bool load_findings(std::vector<verify::KnownFinding>& findings) {
    std::filesystem::path file = known_;
    const std::filesystem::path root = std::filesystem::path(KMC_DEFAULT_SCENARIOS).parent_path();
    if (file.empty()) file = root / "reports" / "FINDINGS.md";
    std::string error;
    if (!verify::read_findings(file, root, findings, error)) {
      usage_error("--known: " + error);
      return false;
    }
    return true;
  }

  // For --junit and --sarif: a test case per finding signature (a new one fails, a known one
  // passes and is a SARIF note), and one per unfinished or erroneous scenario.
  [[nodiscard]] std::vector<reports::CiCase> ci_cases(const verify::VerifyReport& r) const {
    std::vector<reports::CiCase> cases;
    for (const verify::FindingRow& f : r.findings) {
      reports::CiCase c;
      c.name = f.known.empty() ? f.signature : f.known + " " + f.signature;
      c.suite = "kmc.verify." + model_;
      c.file = f.file;
      c.expected = !f.known.empty();
      const std::string replay = f.file.empty() ? "(write the scenario with --report DIR)"
                                                : fmt::format("kmc run {} --keep-going --replay {}",
                                                              shell_quote(f.file), f.example.token);
      reports::CiFinding finding{
          std::string(to_string(f.example.kind)), f.example.message, f.signature, replay, {}};
      // "use-after-free@R520~R164": the seed labels after '@', split at '~'.
      const std::string places = f.signature.substr(f.signature.find('@') + 1);
      for (std::size_t at = 0; at <= places.size();) {
        const std::size_t end = std::min(places.find('~', at), places.size());
        finding.seeds.push_back(places.substr(at, end - at));
        at = end + 1;
      }
      c.findings.push_back(std::move(finding));
      if (f.known.empty()) {
        c.outcome = "failure";
        c.message = fmt::format("new finding {} in {} scenario(s)", f.signature, f.cases);
        c.details = fmt::format("{}\nreplay: {}\n", f.example.message, replay);
      }
      cases.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < r.results.size(); ++i) {
      const verify::CaseResult& res = r.results[i];
      if (res.status != verify::CaseStatus::Unfinished && res.status != verify::CaseStatus::Error)
        continue;
      reports::CiCase c;
      c.name = verify::describe_case(*r.catalogue, r.cases[i]);
      c.suite = "kmc.verify." + model_;
      c.outcome = res.status == verify::CaseStatus::Error ? "error" : "skipped";
      c.message = res.status == verify::CaseStatus::Error ? res.error : "unfinished";
      cases.push_back(std::move(c));
    }
    return cases;
  }

  // With --baseline, only differences from it count as violations.
  [[nodiscard]] int exit_status(const verify::VerifyReport& r) const {
    bool unfinished = false;
    for (const verify::CaseResult& res : r.results) {
      if (res.status == verify::CaseStatus::Error) return kExitInternal;
      unfinished = unfinished || res.status == verify::CaseStatus::Unfinished;
    }
    if (!differences_.empty()) return kExitViolation;
    for (const verify::FindingRow& f : r.findings)
      if (f.known.empty() && baseline_file_.empty()) return kExitViolation;
    return unfinished ? kExitIncomplete : kExitPass;
  }

  std::string model_;
  std::string bound_ = "default";
  std::string space_ = "default";
  int jobs_ = 0;
  std::string known_;
  std::string baseline_file_;
  bool fail_fast_ = false;
  bool no_symmetry_ = false;
  verify::Baseline baseline_;
  std::vector<std::pair<std::size_t, std::string>> differences_;  // case index, how it differs
  std::string report_;
  std::string json_;
  bool list_ = false;
  bool quiet_ = false;
  std::string color_ = "auto";
  verify::VerifyOptions o_;
  OutputFlags ci_;
};

}  // namespace

std::unique_ptr<Verb> make_verify_verb() {
  return std::make_unique<VerifyVerb>();
}

}  // namespace kmc::cli
