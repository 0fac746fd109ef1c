// `kmc verify`: usage errors, and found scenarios that replay and match with `kmc test`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

TEST(CliVerify, BadFlagsExitTwoNamingTheFlag) {
  KmcOutput r = run_kmc({"verify", "--model", "sem", "--bound", "9x9"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--bound"), std::string::npos) << r.err;
  r = run_kmc({"verify", "--model", "nope"});
  EXPECT_EQ(r.code, 2);
  r = run_kmc({"verify", "--model", "sem", "--known", "/nonexistent/FINDINGS.md"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--known"), std::string::npos) << r.err;
}

// With no known findings every sem finding is new: each is written with its smallest scenario,
// `kmc test` matches its expectation, and its replay command reproduces the violation.
TEST(CliVerify, NewFindingsAreWrittenAndReplay) {
  const std::filesystem::path dir = fresh_dir("cli_verify_found");
  const std::string known = write_file(dir / "none.md", "# no findings\n");
  const KmcOutput r = run_kmc({"verify", "--model", "sem", "--bound", "2x1", "-q", "--known", known,
                               "--report", (dir / "out").string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("NEW"), std::string::npos) << r.out;
  const KmcOutput t = run_kmc({"test", (dir / "out" / "found").string(), "-q"});
  EXPECT_EQ(t.code, 0) << t.out << t.err;
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "out" / "found")) {
    ++files;
    const std::string text = read_file(e.path());
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("--replay (K2\\.[^ \\n]+)"))) << text;
    std::smatch kind;
    ASSERT_TRUE(std::regex_search(text, kind, std::regex("\\(([a-z-]+)\\)\\n")));
    const KmcOutput replay =
        run_kmc({"run", e.path().string(), "--keep-going", "--replay", m[1].str()});
    EXPECT_EQ(replay.code, 1) << replay.out << replay.err;
    EXPECT_NE(replay.out.find("VIOLATION " + kind[1].str()), std::string::npos) << replay.out;
  }
  EXPECT_GT(files, 0u);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "verify-sem.json"));
  // The heat map is written beside the JSON and named in the text report.
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "matrix.html"));
  EXPECT_NE(r.out.find("heat map: " + (dir / "out" / "matrix.html").string()), std::string::npos)
      << r.out;
}

// The cross model has a catalogue: its scenarios list over its three setups.
TEST(CliVerify, CrossListsItsScenarios) {
  const KmcOutput r = run_kmc({"verify", "--model", "cross", "--list"});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* setup : {" shared [seed] ", " pending [seed] ", " forked [seed] "})
    EXPECT_NE(r.out.find(setup), std::string::npos) << setup;
  EXPECT_NE(r.out.find("forked [seed] T1: exit | T2: close f\n"), std::string::npos);
  EXPECT_NE(r.out.find("forked [seed] T1: close f | T2: exit\n"), std::string::npos);
  EXPECT_EQ(r.out.find("shared [seed] T1: close f | T2: exit\n"), std::string::npos)
      << "exit beside a sibling in process 1 is left out";
}

// --baseline: the same run differs nowhere (exit 0); a baseline that lacks a signature makes each
// case showing it differ (exit 1); --fail-fast stops at the first, the rest unfinished.
TEST(CliVerify, BaselineReportsDifferencesAndFailFastStopsAtTheFirst) {
  const std::filesystem::path dir = fresh_dir("cli_verify_baseline");
  const std::string base = (dir / "base.json").string();
  const std::vector<std::string> run = {"verify", "--model", "sem",    "--bound",
                                        "2x1",    "-q",      "--jobs", "1"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = run;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_kmc(args);
  };
  ASSERT_EQ(with({"--json", base}).code, 0);
  KmcOutput same = with({"--baseline", base});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find(": 0 scenario(s) differ"), std::string::npos) << same.out;

  nlohmann::json doc = nlohmann::json::parse(read_file(base));
  ASSERT_FALSE(doc["findings"].empty());
  const std::string dropped = doc["findings"][0]["signature"];
  const std::size_t showing = doc["findings"][0]["cases"];
  doc["findings"].erase(0);
  const std::string lacking = write_file(dir / "lacking.json", doc.dump());
  const KmcOutput all = with({"--baseline", lacking});
  EXPECT_EQ(all.code, 1) << all.out << all.err;
  EXPECT_NE(all.out.find(fmt::format(": {} scenario(s) differ", showing)), std::string::npos)
      << all.out;
  EXPECT_NE(all.out.find("new signature " + dropped), std::string::npos) << all.out;

  const std::string json = (dir / "fast.json").string();
  const KmcOutput fast = with({"--baseline", lacking, "--fail-fast", "--json", json});
  EXPECT_EQ(fast.code, 1) << fast.out << fast.err;
  EXPECT_NE(fast.out.find("stopped at the first"), std::string::npos) << fast.out;
  const nlohmann::json got = nlohmann::json::parse(read_file(json));
  EXPECT_EQ(got["baseline"]["differences"].size(), 1u) << got["baseline"];
  EXPECT_GT(got["summary"]["unfinished"].get<int>(), 0);

  const KmcOutput other = run_kmc({"verify", "--model", "fd", "--baseline", base});
  EXPECT_EQ(other.code, 2);
  EXPECT_NE(other.err.find("--baseline"), std::string::npos) << other.err;
  const KmcOutput alone = with({"--fail-fast"});
  EXPECT_EQ(alone.code, 2);
  EXPECT_NE(alone.err.find("--fail-fast needs --baseline"), std::string::npos) << alone.err;
}

}  // namespace
}  // namespace kmc::testing
