// kmc::main: the kmc command over a driver's models. The verbs are in verb_*.cpp; this file
// parses the command line and turns every failure into the exit codes of DESIGN §4.
#include "kmc/main.hpp"

#include <algorithm>
#include <iostream>
#include <vector>

#include "checker/version.hpp"
#include "cli/common.hpp"
#include "cli/verbs.hpp"
#include "model/scenario/diagnostics.hpp"

namespace {

// "unknown verb 'verfy' (did you mean 'verify'?); the verbs: run, ..." for usage_error.
std::string unknown_verb(const std::string& word, const std::vector<std::string>& names) {
  // A verb the word starts (`ver`), else the nearest by edit distance (diagnostics.hpp).
  std::string best = kmc::scenario::closest(word, names);
  for (const std::string& n : names)
    if (!word.empty() && n.rfind(word, 0) == 0) best = n;
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  return "unknown verb '" + word + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
         "; the verbs: " + list + ", help. 'kmc help VERB' shows a verb's flags";
}

int run(int argc, char** argv) {
  using namespace kmc::cli;
  const std::string argv0 = argc > 0 && argv[0] != nullptr ? argv[0] : "kmc";
  CLI::App app(
      "kmc: explores every interleaving of kernel-concurrency scenarios and checks "
      "refcounts, memory lifetimes, lock order and invariants.",
      "kmc");
  app.set_version_flag("--version", kmc::version_line(),
                       "print the version and the git commit kmc was built from");
  app.require_subcommand(0, 1);
  app.footer(
      "Exit status: 0 no violation (complete exploration), 1 violation found (or an expectation\n"
      "missed), 2 bad input or usage, 3 internal error, 4 no violation found but the exploration\n"
      "was incomplete (time limit, execution cap, Ctrl-C/SIGTERM/SIGHUP). 'kmc VERB --help'\n"
      "shows each verb's flags and examples.\n\n"
      "Examples:\n"
      "  kmc test                                  # every scenario under scenarios/\n"
      "  kmc run scenarios/fd/dup2_larval.scn      # one scenario, counterexample if any\n"
      "  kmc run FILE --replay TOKEN               # replay a counterexample\n"
      "  kmc list --ops                            # the operations scenarios can use\n"
      "  kmc bench lastzero 6                      # a classic DPOR benchmark\n"
      "  kmc help verify                           # the same as 'kmc verify --help'");
  std::vector<std::pair<CLI::App*, std::unique_ptr<Verb>>> verbs;
  std::vector<std::unique_ptr<Verb>> made;
  made.push_back(make_run_verb(argv0));
  made.push_back(make_test_verb(argv0));
  made.push_back(make_list_verb());
  made.push_back(make_replay_verb(argv0));
  made.push_back(make_bench_verb());
  made.push_back(make_fuzz_verb(argv0));
  made.push_back(make_verify_verb());
  for (std::unique_ptr<Verb>& v : made) {
    CLI::App* cmd = v->setup(app);
    verbs.emplace_back(cmd, std::move(v));
  }
  // `kmc help [VERB]`, and an unknown verb named as such (with the nearest one), before CLI11
  // would read the word as a stray argument.
  if (argc > 1 && argv[1] != nullptr && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const auto& [cmd, verb] : verbs) names.push_back(cmd->get_name());
    const std::string word = argv[1];
    if (word == "help") {
      if (argc == 2) {
        std::cout << app.help();
        return kExitPass;
      }
      const std::string topic = argv[2] != nullptr ? argv[2] : "";
      for (const auto& [cmd, verb] : verbs) {
        if (cmd->get_name() == topic) {
          std::cout << cmd->help("kmc");
          return kExitPass;
        }
      }
      return usage_error(unknown_verb(topic, names));
    }
    if (std::find(names.begin(), names.end(), word) == names.end())
      return usage_error(unknown_verb(word, names));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitPass;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitPass;
  } catch (const CLI::CallForVersion&) {
    std::cout << kmc::version_line() << "\n";
    return kExitPass;
  } catch (const CLI::ParseError& e) {
    std::string where = "kmc";
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::cerr << where << ": error: " << e.what() << "\nRun '" << where << " --help' for usage.\n";
    return kExitUsage;
  }
  for (auto& [cmd, verb] : verbs) {
    if (cmd->parsed()) {
      install_stop_handlers();
      return verb->execute();
    }
  }
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace

int kmc::main(int argc, char** argv, std::vector<ModelEntry> models) {
  try {
    std::vector<const model::ModelDescriptor*> descriptors;
    std::vector<verify::CatalogueEntry> catalogues;
    std::vector<fuzz::RulesEntry> rules;
    for (ModelEntry& e : models) {
      descriptors.push_back(e.model);
      catalogues.push_back({e.model, std::move(e.catalogue)});
      rules.push_back({e.model, std::move(e.fuzz_rules)});
    }
    const model::RegisteredModels registered(std::move(descriptors));
    const verify::RegisteredCatalogues registered_catalogues(std::move(catalogues));
    const fuzz::RegisteredRules registered_rules(std::move(rules));
    const kmc::cli::StdoutCapture stdout_capture;
    const int status = run(argc, argv);
    // What went to stdout must have reached it: a result lost on a full disk is no result.
    return kmc::cli::flush_stdout() ? status : kmc::cli::kExitInternal;
  } catch (const std::bad_alloc&) {
    std::cerr << "kmc: internal error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "kmc: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kmc: internal error: unknown exception\n";
  }
  return kmc::cli::kExitInternal;
}
