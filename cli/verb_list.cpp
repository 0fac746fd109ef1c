// `kmc list`: the scenarios with their models and expectations; `--ops` the models' operations
// (with `--markdown`, the tables of scenarios/README.md); `--models` parameters and variants.
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>

#include "cli/common.hpp"
#include "cli/model_docs.hpp"
#include "cli/verbs.hpp"
#include "model/scenario/parser.hpp"

namespace kmc::cli {
namespace {

// On a terminal a long cell is cut to its column (with a trailing "~"); into a pipe or a file
// nothing is cut, so that grep and scripts see whole names.
std::string cut(const std::string& s, std::size_t w, bool terminal) {
  return !terminal || s.size() <= w ? s : s.substr(0, w - 1) + "~";
}

class ListVerb final : public Verb {
 public:
  CLI::App* setup(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "list", "List scenarios (model, threads, expectation), or the models' operations");
    cmd->add_option("paths", paths_, "scenario files or directories (default: scenarios/)");
    cmd->add_flag("--ops", ops_, "list every model's operations with their arguments and docs");
    cmd->add_flag("--models", models_, "list every model's parameters, variants and flags");
    cmd->add_option("--json", json_,
                    "write the scenarios (file, name, model, threads, expectation, description) "
                    "as JSON to FILE, or to stdout with '-'");
    cmd->add_flag("--markdown", markdown_,
                  "with --ops/--models: Markdown tables (as in scenarios/README.md)");
    cmd->footer(
        "Examples:\n"
        "  kmc list\n"
        "  kmc list scenarios/sem\n"
        "  kmc list --json -\n"
        "  kmc list --ops\n"
        "  kmc list --ops --models --markdown > ops.md");
    return cmd;
  }

  int execute() override {
    if (!json_.empty() && (ops_ || models_))
      return usage_error("--json lists scenarios; --ops and --models print text or --markdown");
    if (const std::string e = json_.empty() ? "" : check_output_flag("--json", json_, false);
        !e.empty())
      return usage_error(e);
    if (ops_ || models_) {
      std::cout << (markdown_ ? models_markdown(models_, ops_) : models_text(models_, ops_));
      return kExitPass;
    }
    if (markdown_) return usage_error("--markdown goes with --ops or --models");
    return list_scenarios();
  }

 private:
  int list_scenarios() {
    std::error_code ec;
    if (paths_.empty()) {
      std::string dir = "scenarios";
#ifdef KMC_DEFAULT_SCENARIOS
      if (!std::filesystem::is_directory(dir, ec)) dir = KMC_DEFAULT_SCENARIOS;
#endif
      paths_.push_back(dir);
    }
    std::vector<std::filesystem::path> files;
    for (const std::string& p : paths_) {
      if (std::filesystem::is_directory(p, ec)) {
        std::string error;
        const auto found = scenario::find_scenarios(p, error);
        if (!error.empty()) return usage_error(error);
        files.insert(files.end(), found.begin(), found.end());
      } else if (std::filesystem::exists(p, ec)) {
        files.emplace_back(p);
      } else {
        return usage_error(p + ": no such file or directory");
      }
    }
    int status = kExitPass;
    const bool terminal = isatty(STDOUT_FILENO) != 0 && json_ != "-";
    std::ostream& out = json_ == "-" ? std::cerr : std::cout;
    nlohmann::json list = nlohmann::json::array();
    out << fmt::format("{:<44}  {:<5}  {:>7}  {:<40}  {}\n", "scenario", "model", "threads",
                       "expect", "description");
    for (const auto& f : files) {
      const scenario::ParseResult r = scenario::load_scenario(f);
      if (!r.scenario) {
        for (const scenario::Diagnostic& d : r.errors) std::cerr << d.format() << "\n";
        out << fmt::format("{:<44}  {:<5}  {:>7}  {:<40}  {}\n", cut(f.string(), 44, terminal), "?",
                           "?", "(malformed)", "");
        list.push_back({{"file", f.string()}, {"error", "malformed"}});
        status = kExitUsage;
        continue;
      }
      const scenario::Scenario& s = *r.scenario;
      out << fmt::format("{:<44}  {:<5}  {:>7}  {:<40}  {}\n", cut(f.string(), 44, terminal),
                         s.model->name, s.threads.size(),
                         cut(scenario::to_string(s.expect), 40, terminal),
                         cut(s.description, 70, terminal));
      list.push_back({{"file", f.string()},
                      {"name", s.name},
                      {"model", s.model->name},
                      {"threads", s.threads.size()},
                      {"expectation", scenario::to_string(s.expect)},
                      {"description", s.description}});
    }
    if (!json_.empty() && !write_json(json_, {{"scenarios", list}})) return kExitInternal;
    if (files.empty()) out << "(no scenario files)\n";
    return status;
  }

  std::vector<std::string> paths_;
  bool ops_ = false;
  bool models_ = false;
  bool markdown_ = false;
  std::string json_;
};

}  // namespace

std::unique_ptr<Verb> make_list_verb() {
  return std::make_unique<ListVerb>();
}

}  // namespace kmc::cli
