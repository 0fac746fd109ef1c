// kmc's usage: help for every verb, and bad flags, values and files give exit 2 with a message
// naming the flag or the file:line:column.
#include <gtest/gtest.h>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliUsage, NoArgumentsPrintsUsageAndExits2) {
  const KmcOutput r = run_kmc({});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "Subcommands")) << r.err;
}

TEST(CliUsage, HelpForEveryVerbWithExamples) {
  for (const char* verb : {"run", "test", "list", "replay", "bench"}) {
    const KmcOutput r = run_kmc({verb, "--help"});
    EXPECT_EQ(r.code, 0) << verb;
    EXPECT_TRUE(has(r.out, "Examples:")) << verb << ":\n" << r.out;
    EXPECT_TRUE(has(r.out, std::string("kmc ") + verb)) << verb;
  }
  const KmcOutput top = run_kmc({"--help"});
  EXPECT_EQ(top.code, 0);
  EXPECT_TRUE(has(top.out, "Exit status"));
  EXPECT_EQ(run_kmc({"--version"}).code, 0);
}

TEST(CliUsage, UnknownVerbOrFlag) {
  KmcOutput r = run_kmc({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "frobnicate")) << r.err;
  r = run_kmc({"run", "--bogus", "x.scn"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--bogus")) << r.err;
}

TEST(CliUsage, BadFlagValuesNameTheFlag) {
  const std::string f = write_file(fresh_dir("badvalues") / "p.scn", kPassScenario);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"run", f, "--executions", "abc"}, "--executions"},
      {{"run", f, "--executions", "0"}, "--executions"},
      {{"run", f, "--strategy", "magic"}, "--strategy"},
      {{"run", f, "--jobs", "0"}, "--jobs"},
      {{"run", f, "--time-limit", "-1"}, "--time-limit"},
      {{"run", f, "--time-limit", "nan"}, "--time-limit"},
      {{"run", f, "--time-limit", "inf"}, "--time-limit"},
      {{"test", f, "--time-limit", "NaN"}, "--time-limit"},
      {{"bench", "lastzero", "3", "--time-limit", "-inf"}, "--time-limit"},
      {{"fuzz", "--model", "fd", "--seconds", "nan"}, "--seconds"},
      {{"fuzz", "--model", "fd", "--seconds", "inf"}, "--seconds"},
      {{"fuzz", "--model", "fd", "--seconds", "-3"}, "--seconds"},
      {{"fuzz", "--model", "fd", "--scenario-seconds", "nan"}, "--scenario-seconds"},
      {{"run", f, "--preemptions", "99999"}, "--preemptions"},
      {{"test", f, "--max-steps", "0"}, "--max-steps"},
      {{"run", f, "--memory-model", "tso"}, "--memory-model"},
      {{"test", f, "--memory-model", "SC"}, "--memory-model"},
      {{"bench", "lastzero", "3", "--memory-model", "arm"}, "--memory-model"},
      {{"replay", f, "K1.AA.00000000", "--memory-model", "x86"}, "--memory-model"},
      {{"bench", "lastzero", "x"}, "n"},
      {{"run"}, "scenarios"},
  };
  for (const auto& [args, flag] : cases) {
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 2) << args[0] << " " << flag << "\n" << r.err;
    EXPECT_TRUE(has(r.err, flag)) << flag << ":\n" << r.err;
  }
}

TEST(CliUsage, MalformedScenarioGivesFileLineColumn) {
  const auto dir = fresh_dir("malformed");
  const std::string f = write_file(dir / "bad.scn", "model fd\nthread T\n  opne\nexpect pass\n");
  KmcOutput r = run_kmc({"run", f});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, f + ":3:3: error: unknown operation 'opne' of model fd, did you mean "
                             "'open'?"))
      << r.err;
  const std::string g = write_file(dir / "model.scn", "model fdd\nthread T\n  open\nexpect pass\n");
  r = run_kmc({"run", g});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, g + ":1:7: error: unknown model 'fdd'")) << r.err;
  r = run_kmc({"run", (dir / "missing.scn").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "missing.scn: error: cannot open the file")) << r.err;
}

TEST(CliUsage, BadReplayTokens) {
  const auto dir = fresh_dir("badtoken");
  const std::string f = write_file(dir / "p.scn", kPassScenario);
  KmcOutput r = run_kmc({"run", f, "--replay", "garbage"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--replay: bad replay token")) << r.err;
  r = run_kmc({"replay", f, "K1.AAAA.00000000"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--replay")) << r.err;
  r = run_kmc({"run", f, f, "--replay", "K1.AAAA.00000000"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--replay takes exactly one scenario")) << r.err;
}

TEST(CliUsage, UnknownVariant) {
  const std::string f = write_file(fresh_dir("variant") / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"run", f, "--variant", "M-FD-earlyfchek"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--variant: ")) << r.err;
  EXPECT_TRUE(has(r.err, "did you mean 'M-FD-earlyfcheck'?")) << r.err;
}

TEST(CliUsage, TestVerbBadPaths) {
  KmcOutput r = run_kmc({"test", "no/such/dir"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "no/such/dir: no such file or directory")) << r.err;
  r = run_kmc({"test", fresh_dir("emptydir").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "no scenario files")) << r.err;
  r = run_kmc({"list", "--markdown"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "--markdown")) << r.err;
}

}  // namespace
}  // namespace kmc::testing
