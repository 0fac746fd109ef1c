// Report pages and summaries that tell the truth (issue 15): `run --report` judges each scenario
// against its expectation, the counts of `test`'s page, text summary and JSON agree with the
// results, and a second report into the same folder merges with the first (or is refused).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The violation scenario of cli_scenarios.hpp, but expecting a pass: it must not "match".
std::string expect_pass_but_violates() {
  std::string s = kViolationScenario;
  s.replace(s.find("expect violation"), std::string::npos, "expect pass\n");
  return s;
}

// The number in attribute `attr` of the page's summary paragraph.
std::size_t summary_count(const std::string& page, const std::string& attr) {
  std::smatch m;
  const std::regex re("id=\"summary\"[^>]*" + attr + "=\"([0-9]+)\"");
  EXPECT_TRUE(std::regex_search(page, m, re)) << attr;
  return m.empty() ? 0 : std::stoul(m[1]);
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(CliReportTruth, RunReportSaysAnExpectPassViolationDidNotMatch) {
  const auto dir = fresh_dir("truth_run");
  const std::string f = write_file(dir / "bad.scn", expect_pass_but_violates());
  const KmcOutput r = run_kmc({"run", f, "--report", (dir / "rep").string(), "--json", "-"});
  EXPECT_EQ(r.code, 1) << r.err;
  const std::string page = read_file(dir / "rep" / "index.html");
  EXPECT_TRUE(has(page, "data-matched=\"no\"")) << page;
  EXPECT_FALSE(has(page, "&#10003; yes")) << "an expect-pass scenario with a violation matched";
  EXPECT_EQ(summary_count(page, "data-mismatched"), 1u);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("results").at(0).at("matched"), false);
  EXPECT_EQ(j.at("results").at(0).at("expectation"), "pass");
}

TEST(CliReportTruth, TestCountsAgreeOnPageTextAndJson) {
  const auto dir = fresh_dir("truth_test");
  write_file(dir / "in" / "p.scn", kPassScenario);
  write_file(dir / "in" / "v.scn", kViolationScenario);
  write_file(dir / "in" / "w.scn", expect_pass_but_violates());
  const auto out = dir / "out";
  const auto json = dir / "all.json";
  const KmcOutput r =
      run_kmc({"test", (dir / "in").string(), "--report", out.string(), "--json", json.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  const nlohmann::json j = nlohmann::json::parse(read_file(json));
  std::size_t with = 0;
  std::size_t matched = 0;
  for (const nlohmann::json& s : j.at("results")) {
    with += s.at("violations").empty() ? 0 : 1;
    matched += s.at("matched").get<bool>() ? 1 : 0;
  }
  ASSERT_EQ(with, 2u);     // v and w
  ASSERT_EQ(matched, 2u);  // p and v
  EXPECT_EQ(j.at("with_violation"), with);
  EXPECT_EQ(j.at("without_violation"), 3 - with);
  EXPECT_EQ(j.at("matched"), matched);
  EXPECT_EQ(j.at("mismatched"), 3 - matched);
  const std::string page = read_file(out / "index.html");
  EXPECT_EQ(summary_count(page, "data-total"), 3u);
  EXPECT_EQ(summary_count(page, "data-with-violation"), with);
  EXPECT_EQ(summary_count(page, "data-without-violation"), 3 - with);
  EXPECT_EQ(summary_count(page, "data-matched"), matched);
  EXPECT_EQ(summary_count(page, "data-mismatched"), 3 - matched);
  EXPECT_EQ(occurrences(page, "data-violation=\"yes\""), with);
  EXPECT_TRUE(has(page, "3 scenarios: 2 with a violation, 1 without")) << page;
  EXPECT_TRUE(has(r.out, "3 scenarios: 2 with a violation, 1 without; 2 matched, 1 mismatched"))
      << r.out;
}

TEST(CliReportTruth, SecondReportIntoTheSameFolderMergesIntoOneIndex) {
  const auto dir = fresh_dir("truth_merge");
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const auto rep = dir / "rep";
  ASSERT_EQ(run_kmc({"run", p, "--report", rep.string()}).code, 0);
  const KmcOutput second = run_kmc({"run", v, "--report", rep.string()});
  EXPECT_EQ(second.code, 1) << second.err;
  EXPECT_TRUE(has(second.out, "1 scenario(s) of an earlier report kept")) << second.out;
  const std::string page = read_file(rep / "index.html");
  EXPECT_EQ(occurrences(page, "<tr id=\"row-"), 2u) << page;
  EXPECT_TRUE(has(page, "data-scenario=\"fd/p\"")) << page;
  EXPECT_TRUE(has(page, "data-scenario=\"fd/v\"")) << page;
  // The same scenario again replaces its row rather than adding one.
  ASSERT_EQ(run_kmc({"run", v, "--report", rep.string()}).code, 1);
  EXPECT_EQ(occurrences(read_file(rep / "index.html"), "<tr id=\"row-"), 2u);
  EXPECT_EQ(nlohmann::json::parse(read_file(rep / "index.json")).at("rows").size(), 2u);
}

TEST(CliReportTruth, FolderWithAForeignIndexIsRefused) {
  const auto dir = fresh_dir("truth_foreign");
  const std::string p = write_file(dir / "p.scn", kPassScenario);
  write_file(dir / "rep" / "index.html", "<html>someone else's</html>");
  const KmcOutput r = run_kmc({"run", p, "--report", (dir / "rep").string()});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "--report: ")) << r.err;
  EXPECT_TRUE(has(r.err, "index.json")) << r.err;
  EXPECT_EQ(read_file(dir / "rep" / "index.html"), "<html>someone else's</html>");
}

// The lock-order picture is reachable from the command line: bench abba's cycle, drawn.
TEST(CliReportTruth, BenchWritesAReportWithTheLockOrderGraph) {
  const auto dir = fresh_dir("truth_bench");
  const KmcOutput r = run_kmc({"bench", "abba", "1", "--report", (dir / "rep").string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "rep" / "bench" / "abba-1" / "lockgraph.svg"));
  EXPECT_TRUE(std::filesystem::exists(dir / "rep" / "bench" / "abba-1" / "trace.txt"));
  const std::string page = read_file(dir / "rep" / "index.html");
  EXPECT_TRUE(has(page, "data-scenario=\"bench/abba-1\"")) << page;
  EXPECT_TRUE(has(page, "lock-order graph")) << page;
  EXPECT_EQ(summary_count(page, "data-with-violation"), 1u);
}

// A shipped scenario whose finding is a lock-order cycle (the M-SEM-freeorder variant): its
// report draws the cycle, both lock classes named in the picture.
TEST(CliReportTruth, ShippedLockOrderScenarioDrawsTheCycle) {
  const auto dir = fresh_dir("truth_lock_order");
  const KmcOutput r =
      run_kmc({"run", "scenarios/sem/free_order.scn", "-q", "--report", (dir / "rep").string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "VIOLATION lock-order: lock-order cycle")) << r.out;
  const auto pictures = dir / "rep" / "sem" / "free_order";
  ASSERT_TRUE(std::filesystem::exists(pictures / "lockgraph.svg"));
  for (const char* file : {"lockgraph.svg", "lockgraph.dot"}) {
    const std::string picture = read_file(pictures / file);
    EXPECT_TRUE(has(picture, "ks_interlock")) << file;
    EXPECT_TRUE(has(picture, "ksem_mutex")) << file;
  }
  EXPECT_TRUE(has(read_file(dir / "rep" / "index.html"), "lock-order graph"));
}

}  // namespace
}  // namespace kmc::testing
