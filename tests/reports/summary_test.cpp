// The verdict and summary line of a run (reports/text_report.hpp) and the JSON verdict fields
// (reports/json_report.hpp), on hand-made results: an unfinished run is never a pass, and DPOR
// fallback branches are never hidden behind "complete".
#include <gtest/gtest.h>

#include "reports/json_report.hpp"
#include "reports/text_report.hpp"

namespace kmc::reports {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

RunResult result(bool complete, bool interrupted, std::uint64_t executions) {
  RunResult r;
  r.program = "p";
  r.strategy = "dfs";
  r.complete = complete;
  r.interrupted = interrupted;
  r.stats.executions = executions;
  return r;
}

TEST(Summary, CompleteRunIsAPass) {
  const RunResult r = result(true, false, 12);
  EXPECT_EQ(verdict_of(r), "pass");
  const std::string s = format_summary(r);
  EXPECT_TRUE(has(s, "pass: all invariants hold in every execution (12 executions")) << s;
  EXPECT_TRUE(has(s, "; complete)")) << s;
  const nlohmann::json j = result_json(r, {});
  EXPECT_EQ(j.at("verdict"), "pass");
  EXPECT_EQ(j.at("anomalies").at("dpor_fallback_branches"), 0u);
}

TEST(Summary, StoppedRunIsIncompleteWithItsReasonAndWhatRemains) {
  const RunResult r = result(false, true, 1);
  EXPECT_EQ(verdict_of(r), "incomplete");
  const std::string s = format_summary(r, "execution limit of 1", 40.0);
  EXPECT_TRUE(has(s,
                  "incomplete: no violation in the 1 execution explored; stopped by execution "
                  "limit of 1; about 39 remain"))
      << s;
  EXPECT_FALSE(has(s, "pass")) << s;
  // Without an estimate the "remain" clause is left out rather than guessed.
  EXPECT_FALSE(has(format_summary(r, "SIGTERM"), "remain")) << format_summary(r, "SIGTERM");
  ResultInfo info;
  info.stop_reason = "execution limit of 1";
  info.estimated_total = 40.0;
  const nlohmann::json j = result_json(r, info);
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_EQ(j.at("complete"), false);
  EXPECT_EQ(j.at("estimated_remaining"), 39.0);
}

TEST(Summary, SamplingStrategyThatRanItsBudgetIsIncomplete) {
  RunResult r = result(false, false, 1000);
  r.strategy = "pct";
  EXPECT_EQ(verdict_of(r), "incomplete");
  EXPECT_EQ(result_json(r, {}).at("verdict"), "incomplete");
}

TEST(Summary, ViolationInAnInterruptedRunIsStillAViolation) {
  RunResult r = result(false, true, 3);
  r.counterexamples.emplace_back();
  r.counterexamples.back().violation.kind = ViolationKind::UseAfterFree;
  EXPECT_EQ(verdict_of(r), "violation");
  EXPECT_TRUE(has(format_summary(r, "SIGTERM"), "VIOLATION: use-after-free"));
  EXPECT_EQ(result_json(r, {}).at("verdict"), "violation");
}

TEST(Summary, ReplayedExecutionWithoutViolationIsNotIncomplete) {
  RunResult r = result(false, false, 1);
  r.strategy = "replay";
  EXPECT_EQ(verdict_of(r), "pass");
  EXPECT_EQ(format_summary(r), "replayed 1 execution: no violation");
}

TEST(Summary, DporFallbackBranchesAreNamedNotHidden) {
  RunResult r = result(true, false, 7);
  r.strategy = "dpor";
  r.stats.disabled_branches = 5;
  const std::string s = format_summary(r);
  EXPECT_TRUE(has(s, "complete, but 5 branches needed the DPOR fallback)")) << s;
  EXPECT_FALSE(has(s, "; complete)")) << s;
  const nlohmann::json j = result_json(r, {});
  EXPECT_EQ(j.at("disabled_branches"), 5u);
  EXPECT_EQ(j.at("anomalies").at("dpor_fallback_branches"), 5u);
  // Also when the run was stopped early or found a violation.
  r.complete = false;
  r.interrupted = true;
  EXPECT_TRUE(has(format_summary(r, "SIGTERM"), "5 branches needed the DPOR fallback"));
  r.stats.disabled_branches = 1;
  r.counterexamples.emplace_back();
  EXPECT_TRUE(has(format_summary(r), "1 branch needed the DPOR fallback"));
}

}  // namespace
}  // namespace kmc::reports
