// Command-line hygiene (issue 15): a mistyped verb is exit 2 with the verb it is nearest to,
// `kmc help VERB` shows that verb's help, `kmc list` into a pipe cuts no name, and a flag the
// chosen strategy ignores is warned about; kmc fuzz's own flags are checked the same way.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliHygiene, MistypedVerbIsUsageErrorWithDidYouMean) {
  const KmcOutput r = run_kmc({"verfy", "--model", "fd"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "unknown verb 'verfy' (did you mean 'verify'?)")) << r.err;
  const KmcOutput far = run_kmc({"frobnicate"});
  EXPECT_EQ(far.code, 2);
  EXPECT_TRUE(has(far.err, "unknown verb 'frobnicate'; the verbs: run")) << far.err;
}

TEST(CliHygiene, HelpVerbShowsThatVerbsHelp) {
  for (const char* verb : {"run", "test", "list", "fuzz", "verify", "bench", "replay"}) {
    const KmcOutput help = run_kmc({"help", verb});
    EXPECT_EQ(help.code, 0) << verb;
    EXPECT_TRUE(has(help.out, std::string("Usage: kmc ") + verb)) << help.out;
    EXPECT_EQ(help.out, run_kmc({verb, "--help"}).out) << verb;
  }
  EXPECT_EQ(run_kmc({"help"}).code, 0);
  EXPECT_EQ(run_kmc({"help", "nosuch"}).code, 2);
}

TEST(CliHygiene, ListIntoAPipeCutsNothing) {
  const KmcOutput r = run_kmc({"list", "scenarios/fd"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Long descriptions end whole: no cell cut to its column with a trailing '~'.
  EXPECT_FALSE(has(r.out, "~\n")) << r.out;
  EXPECT_TRUE(has(r.out, "scenarios/fd/fget_raw_light_foreign_close-light-noshortcut.scn "))
      << r.out;
}

// The man page is generated from the --help texts (cmake/man.cmake, target kmc_man).
TEST(CliHygiene, ManPageHasEveryVerbsHelp) {
  const std::string page = read_file(std::filesystem::path(KMC_BINARY_DIR) / "kmc.1");
  ASSERT_FALSE(page.empty()) << "build the kmc_man target";
  EXPECT_EQ(page.rfind(".TH KMC 1", 0), 0u);
  for (const char* verb : {"run", "test", "list", "replay", "bench", "fuzz", "verify"})
    EXPECT_TRUE(has(page, std::string(".SH \"KMC ") + verb + "\"")) << verb;
  EXPECT_TRUE(has(page, "--junit")) << "the verbs' flags come from their --help";
}

// The bash completion offers the verbs, then each verb's flags from its --help.
TEST(CliHygiene, BashCompletionOffersVerbsAndFlags) {
  const std::string script = KMC_SOURCE_DIR "/cli/share/kmc.bash-completion";
  const auto complete = [&](const std::string& words, int cword) {
    return run_program({"/bin/bash", "-c",
                        "source '" + script + "'; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                            std::to_string(cword) + "; _kmc; printf '%s\\n' \"${COMPREPLY[@]}\""})
        .out;
  };
  EXPECT_TRUE(has(complete("kmc ver", 1), "verify\n"));
  EXPECT_TRUE(has(complete(KMC_BINARY_DIR "/kmc test --ju", 2), "--junit\n"));
  EXPECT_TRUE(has(complete(KMC_BINARY_DIR "/kmc run --sa", 2), "--sarif\n"));
}

// A strategy-specific flag given to another strategy is ignored with a warning naming both, and
// taken without one by the strategy that uses it.
TEST(CliHygiene, FlagsTheStrategyIgnoresAreWarnedAbout) {
  const std::string scn = "scenarios/sem/wait_post_trywait.scn";
  const KmcOutput dpor =
      run_kmc({"run", scn, "-q", "--seed", "7", "--preemptions", "1", "--depth", "2"});
  EXPECT_EQ(dpor.code, 0) << dpor.err;
  EXPECT_TRUE(has(dpor.err,
                  "kmc run: warning: --seed is ignored by --strategy dpor (only pct and "
                  "random use it)"))
      << dpor.err;
  EXPECT_TRUE(has(dpor.err, "--preemptions is ignored by --strategy dpor (only bounded uses it)"))
      << dpor.err;
  EXPECT_TRUE(has(dpor.err, "--depth is ignored by --strategy dpor (only pct uses it)"))
      << dpor.err;
  const KmcOutput pct = run_kmc(
      {"run", scn, "-q", "--strategy", "pct", "--seed", "7", "--depth", "2", "--executions", "5"});
  EXPECT_FALSE(has(pct.err, "warning")) << pct.err;
  const KmcOutput test = run_kmc(
      {"test", scn, "-q", "--strategy", "random", "--preemptions", "1", "--executions", "5"});
  EXPECT_TRUE(has(test.err, "kmc test: warning: --preemptions is ignored by --strategy random"))
      << test.err;
  EXPECT_FALSE(has(run_kmc({"run", scn, "-q"}).err, "warning"));
}

// kmc fuzz's own flags: a bad value is exit 2 naming the flag; a flag the run would not use is
// warned about (--runs under --reproduce) or refused (--campaign with --reproduce, which it
// used to report as an internal error).
TEST(CliHygiene, FuzzFlagsAreCheckedAndIgnoredOnesNamed) {
  const auto dir = fresh_dir("hygiene_fuzz");
  const std::vector<std::string> base = {"fuzz", "--model", "sem", "-q", "--out", dir.string()};
  const std::vector<std::pair<std::string, std::string>> bad = {{"--threads", "1"},
                                                                {"--threads", "nan"},
                                                                {"--ops", "0"},
                                                                {"--ops", "1000"},
                                                                {"--setup", "-1"},
                                                                {"--seconds", "nan"},
                                                                {"--seconds", "inf"},
                                                                {"--seconds", "-1"},
                                                                {"--seconds", "1e9"},
                                                                {"--runs", "0"},
                                                                {"--runs", "-1"},
                                                                {"--runs", "1e3"},
                                                                {"--seed", "-1"},
                                                                {"--seed", "1.5"},
                                                                {"--executions", "-1"},
                                                                {"--executions", "1e300"},
                                                                {"--scenario-seconds", "nan"},
                                                                {"--scenario-seconds", "-2"},
                                                                {"--strategy", "bounded"},
                                                                {"--kind", "nosuch"},
                                                                {"--variant", "M-NOSUCH"},
                                                                {"--ignore", ""},
                                                                {"--reproduce", " "},
                                                                {"--color", "red"}};
  for (const auto& [flag, value] : bad) {
    std::vector<std::string> args = base;
    args.insert(args.end(), {flag, value});
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 2) << flag << " " << value << ": " << r.err;
    EXPECT_TRUE(has(r.err, flag)) << flag << " " << value << ": " << r.err;
  }
  // A find of seed 1 (S3, reports/FINDINGS.md) and its reproduce string.
  std::vector<std::string> find = base;
  find.insert(find.end(), {"--runs", "2", "--json", (dir / "find.json").string()});
  ASSERT_EQ(run_kmc(find).code, 1);
  // The command ends "--reproduce 'STRING'" (shell-quoted: the string holds a space).
  const std::string command =
      nlohmann::json::parse(read_file(dir / "find.json")).at("find").at("reproduce");
  const std::size_t at = command.find("--reproduce '");
  ASSERT_NE(at, std::string::npos) << command;
  const std::string reproduce = command.substr(at + 13, command.size() - at - 14);
  std::vector<std::string> again = base;
  again.insert(again.end(), {"--reproduce", reproduce});
  const KmcOutput quiet = run_kmc(again);
  EXPECT_EQ(quiet.code, 1) << quiet.err;
  EXPECT_FALSE(has(quiet.err, "warning")) << quiet.err;
  again.insert(again.end(), {"--runs", "5"});
  const KmcOutput warned = run_kmc(again);
  EXPECT_EQ(warned.code, 1) << warned.err;
  EXPECT_TRUE(has(warned.err, "kmc fuzz: warning: --runs is ignored with --reproduce"))
      << warned.err;
  std::vector<std::string> campaign = base;
  campaign.insert(campaign.end(), {"--campaign", "--seconds", "1", "--reproduce", reproduce});
  const KmcOutput refused = run_kmc(campaign);
  EXPECT_EQ(refused.code, 2) << refused.err;
  EXPECT_TRUE(has(refused.err, "--campaign")) << refused.err;
  EXPECT_TRUE(has(refused.err, "--reproduce")) << refused.err;
}

}  // namespace
}  // namespace kmc::testing
