// kmc::main: the kmc command over a driver's models. The verbs are in verb_*.cpp; this file
// parses the command line and turns every failure into the exit codes of DESIGN §4.
#include "kmc/main.hpp"

#include <iostream>
#include <vector>

#include "cli/common.hpp"
#include "cli/verbs.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace kmc::cli;
  const std::string argv0 = argc > 0 && argv[0] != nullptr ? argv[0] : "kmc";
  CLI::App app(
      "kmc: explores every interleaving of kernel-concurrency scenarios and checks "
      "refcounts, memory lifetimes, lock order and invariants.",
      "kmc");
  app.set_version_flag("--version", "kmc 0.1");
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
      "  kmc bench lastzero 6                      # a classic DPOR benchmark");
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitPass;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitPass;
  } catch (const CLI::CallForVersion&) {
    std::cout << "kmc 0.1\n";
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

int kmc::main(int argc, char** argv, std::vector<const model::ModelDescriptor*> models) {
  try {
    const model::RegisteredModels registered(std::move(models));
    kmc::cli::install_stdout_buffer();
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
