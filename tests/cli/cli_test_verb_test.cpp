// kmc test and kmc list: expectations compared, the summary table, exit codes, --report and
// --json; and the operations listing that scenarios/README.md is generated from.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string with_expect(std::string text, const std::string& expect) {
  text.replace(text.find("expect "), std::string::npos, "expect " + expect + "\n");
  return text;
}

TEST(CliTest, AllMatchExitsZeroWithATable) {
  const auto dir = fresh_dir("test_ok");
  write_file(dir / "a" / "p.scn", kPassScenario);
  write_file(dir / "b" / "v.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"test", dir.string()});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "scenario")) << r.out;
  EXPECT_TRUE(has(r.out, "fd/p ")) << r.out;
  EXPECT_TRUE(has(r.out, "violation use-after-free refcount")) << r.out;
  EXPECT_TRUE(has(r.out, " without; 2 matched, 0 mismatched, 0 errors")) << r.out;
}

TEST(CliTest, MismatchExitsOneAndShowsTheCounterexample) {
  const auto dir = fresh_dir("test_mismatch");
  write_file(dir / "v.scn", with_expect(kViolationScenario, "pass"));
  write_file(dir / "w.scn", with_expect(kViolationScenario, "violation use-after-free"));
  write_file(dir / "p.scn", with_expect(kPassScenario, "violation deadlock"));
  const KmcOutput r = run_kmc({"test", dir.string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "MISMATCH")) << r.out;
  EXPECT_TRUE(has(r.out, "replay token: K2.")) << r.out;
  EXPECT_TRUE(has(r.out, " without; 0 matched, 3 mismatched, 0 errors")) << r.out;
}

TEST(CliTest, MalformedScenarioIsAnErrorRow) {
  const auto dir = fresh_dir("test_malformed");
  write_file(dir / "p.scn", kPassScenario);
  const std::string bad =
      write_file(dir / "q.scn", "model fd\nthread T\n  open 1 2 3\nexpect pass\n");
  const KmcOutput r = run_kmc({"test", dir.string()});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, bad + ":3:")) << r.err;
  EXPECT_TRUE(has(r.out, "ERROR")) << r.out;
  EXPECT_TRUE(has(r.out, " without; 1 matched, 0 mismatched, 1 error")) << r.out;
}

TEST(CliTest, IncompleteExplorationDoesNotProveAPass) {
  const auto dir = fresh_dir("test_incomplete");
  write_file(dir / "p.scn", kPassScenario);
  const KmcOutput r = run_kmc({"test", dir.string(), "--executions", "1", "--json", "-"});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "incomplete (execution limit of 1)")) << r.err;
  EXPECT_TRUE(has(r.err, "INCOMPLETE")) << r.err;
  EXPECT_FALSE(has(r.err, "MISMATCH")) << r.err;
  EXPECT_TRUE(has(r.err, " without; 0 matched, 0 mismatched, 0 errors, 1 incomplete")) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_EQ(j.at("incomplete"), 1u);
  EXPECT_EQ(j.at("mismatched"), 0u);
  EXPECT_EQ(j.at("results").at(0).at("verdict"), "incomplete");
  EXPECT_EQ(j.at("results").at(0).at("status"), "INCOMPLETE");
}

TEST(CliTest, ARealMismatchOutranksAnIncompleteRun) {
  const auto dir = fresh_dir("test_incomplete_mismatch");
  // Two executions: not all three of the passing scenario, but enough for the variant's
  // use-after-free, which 'expect pass' does not allow: a real mismatch, exit 1, not 4.
  write_file(dir / "p.scn", kPassScenario);
  write_file(dir / "w.scn", with_expect(kViolationScenario, "pass"));
  const KmcOutput r = run_kmc({"test", dir.string(), "--executions", "2"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, " without; 0 matched, 1 mismatched, 0 errors, 1 incomplete")) << r.out;
}

// After SIGTERM the scenario being explored is incomplete and the ones after it are listed as
// never run, counted apart from mismatches; the exit status says "incomplete", not "wrong".
TEST(CliTest, SigtermListsTheScenariosNotRun) {
  const auto dir = fresh_dir("test_sigterm");
  write_file(dir / "a_long.scn", read_file(KMC_SOURCE_DIR "/scenarios/kq/timer_delete.scn"));
  write_file(dir / "b.scn", kPassScenario);
  write_file(dir / "c.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"test", dir.string(), "--strategy", "dfs", "--json", "-"},
                              /*signal_after_s=*/0.5, {SIGTERM});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "incomplete (SIGTERM)")) << r.err;
  EXPECT_TRUE(has(r.err, "NOT RUN")) << r.err;
  EXPECT_FALSE(has(r.err, "MISMATCH")) << r.err;
  EXPECT_TRUE(has(r.err, " without; 0 matched, 0 mismatched, 0 errors, 1 incomplete, 2 not run"))
      << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_EQ(j.at("not_run"), 2u);
  EXPECT_EQ(j.at("results").at(2).at("not_run"), true);
  EXPECT_EQ(j.at("results").at(2).at("status"), "NOT RUN");
}

TEST(CliTest, JsonAndReport) {
  const auto dir = fresh_dir("test_report");
  write_file(dir / "in" / "p.scn", kPassScenario);
  write_file(dir / "in" / "v.scn", kViolationScenario);
  const auto out = dir / "out";
  const KmcOutput r =
      run_kmc({"test", (dir / "in").string(), "--report", out.string(), "--json", "-"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("total"), 2u);
  EXPECT_EQ(j.at("matched"), 2u);
  EXPECT_EQ(j.at("verdict"), "pass");
  ASSERT_EQ(j.at("results").size(), 2u);
  for (const auto& s : j.at("results")) {
    EXPECT_TRUE(s.at("expectation").is_string());
    EXPECT_EQ(s.at("matched"), true);
    EXPECT_EQ(s.at("status"), "ok");
  }
  EXPECT_TRUE(std::filesystem::exists(out / "index.html"));
  for (const char* name : {"p", "v"}) {
    EXPECT_TRUE(std::filesystem::exists(out / "fd" / name / "trace.txt")) << name;
    const nlohmann::json rj = nlohmann::json::parse(read_file(out / "fd" / name / "result.json"));
    EXPECT_EQ(rj.at("scenario"), name);
  }
  EXPECT_TRUE(has(read_file(out / "fd" / "v" / "trace.txt"), "replay with:"));
  EXPECT_TRUE(std::filesystem::exists(out / "fd" / "v" / "trace.dot"));
  EXPECT_TRUE(std::filesystem::exists(out / "fd" / "v" / "trace.svg"));
  // The second counterexample kind gets its own pictures.
  bool second = false;
  for (const auto& e : std::filesystem::directory_iterator(out / "fd" / "v"))
    if (e.is_directory() && std::filesystem::exists(e.path() / "trace.svg")) second = true;
  EXPECT_TRUE(second);
}

TEST(CliList, ScenariosWithModelsAndExpectations) {
  const auto dir = fresh_dir("list");
  write_file(dir / "p.scn", kPassScenario);
  write_file(dir / "v.scn", kViolationScenario);
  KmcOutput r = run_kmc({"list", dir.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "p.scn")) << r.out;
  EXPECT_TRUE(has(r.out, "violation use-after-free refcount")) << r.out;
  EXPECT_TRUE(has(r.out, "dup3 racing close, early fcheck")) << r.out;
  write_file(dir / "x.scn", "model nope\n");
  r = run_kmc({"list", dir.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "x.scn:1:7: error: unknown model 'nope'")) << r.err;
}

TEST(CliList, OperationsOfEveryModel) {
  KmcOutput r = run_kmc({"list", "--ops"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(has(r.out, "model fd:")) << r.out;
  EXPECT_TRUE(has(r.out, "dup2 oldfd newfd")) << r.out;
  r = run_kmc({"list", "--ops", "--models", "--markdown"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(has(r.out, "### Model `fd`")) << r.out;
  EXPECT_TRUE(has(r.out, "| operation | arguments | what it does |")) << r.out;
  EXPECT_TRUE(has(r.out, "| `M-FD-noebusy` |")) << r.out;
}

// scenarios/README.md carries the output of `kmc list --models --ops --markdown` between two
// markers; this keeps it true as the models change.
TEST(CliList, ReadmeOperationsAreCurrent) {
  const std::string readme = read_file(KMC_SOURCE_DIR "/scenarios/README.md");
  const std::string begin = "<!-- BEGIN kmc list --models --ops --markdown -->\n";
  const std::string end = "<!-- END kmc list -->";
  const std::size_t b = readme.find(begin);
  const std::size_t e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string section = readme.substr(b + begin.size(), e - b - begin.size());
  const KmcOutput r = run_kmc({"list", "--models", "--ops", "--markdown"});
  EXPECT_EQ(section, r.out) << "scenarios/README.md is out of date: regenerate the section "
                               "between the markers with `kmc list --models --ops --markdown`";
}

}  // namespace
}  // namespace kmc::testing
