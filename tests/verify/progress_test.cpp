// verify's progress line: counts, the estimate of the time left, and the redraw throttle, with
// the clock values given by the test.
#include <gtest/gtest.h>

#include "verify/progress.hpp"

namespace kmc::verify {
namespace {

CaseResult result(CaseStatus s, std::uint64_t executions) {
  CaseResult r;
  r.status = s;
  r.executions = executions;
  return r;
}

TEST(VerifyProgress, CountsEachFinishedScenario) {
  ProgressCounts c;
  c.total = 10;
  count_result(c, result(CaseStatus::Proved, 120));
  count_result(c, result(CaseStatus::Violation, 30));
  count_result(c, result(CaseStatus::Unfinished, 5000));  // cut by --scenario-seconds
  count_result(c, result(CaseStatus::Unfinished, 0));     // never started (--time-limit)
  EXPECT_EQ(c.done, 4u);
  EXPECT_EQ(c.ran, 3u);
  EXPECT_EQ(c.executions, 5150u);
  EXPECT_EQ(c.violations, 1u);
  EXPECT_EQ(c.unfinished, 2u);
}

TEST(VerifyProgress, EstimateIsTheMeanTimePerExploredScenarioTimesTheRest) {
  ProgressCounts c{10, 110, 10, 0, 0, 0};
  EXPECT_DOUBLE_EQ(estimate_seconds_left(c, 20), 200);
  // Skipped scenarios took no time: they do not lower the mean.
  c = ProgressCounts{20, 100, 10, 0, 0, 10};
  EXPECT_DOUBLE_EQ(estimate_seconds_left(c, 20), 160);
  // One scenario a hundred times as long as the others moves the estimate as it moves the total.
  c = ProgressCounts{4, 8, 4, 0, 0, 0};
  EXPECT_DOUBLE_EQ(estimate_seconds_left(c, 103), 103);
  // Too little to go on: fewer than 3 explored scenarios, or under 2 s.
  EXPECT_LT(estimate_seconds_left(ProgressCounts{2, 100, 2, 0, 0, 0}, 50), 0);
  EXPECT_LT(estimate_seconds_left(ProgressCounts{30, 100, 30, 0, 0, 0}, 1.5), 0);
  EXPECT_LT(estimate_seconds_left(ProgressCounts{30, 100, 0, 0, 0, 30}, 50), 0);
}

TEST(VerifyProgress, DurationsForPeople) {
  EXPECT_EQ(human_duration(0), "0 s");
  EXPECT_EQ(human_duration(-3), "0 s");
  EXPECT_EQ(human_duration(59.4), "59 s");
  EXPECT_EQ(human_duration(61), "1 min 01 s");
  EXPECT_EQ(human_duration(3599), "59 min 59 s");
  EXPECT_EQ(human_duration(3725), "1 h 02 min");
  EXPECT_EQ(group_digits(0), "0");
  EXPECT_EQ(group_digits(999), "999");
  EXPECT_EQ(group_digits(48211), "48,211");
  EXPECT_EQ(group_digits(1234567), "1,234,567");
}

TEST(VerifyProgress, TheLineSaysEstimate) {
  EXPECT_EQ(progress_line(ProgressCounts{1, 2495, 1, 9, 0, 0}, 0.4),
            "verify: 1/2495 scenarios, 9 executions, 0 violation(s), 0 unfinished, 0 s, "
            "estimating time left");
  EXPECT_EQ(progress_line(ProgressCounts{120, 2495, 120, 48211, 2, 1}, 70),
            "verify: 120/2495 scenarios, 48,211 executions, 2 violation(s), 1 unfinished, "
            "1 min 10 s, estimate 23 min 05 s left");
  EXPECT_EQ(progress_line(ProgressCounts{5, 5, 5, 10, 0, 0}, 3),
            "verify: 5/5 scenarios, 10 executions, 0 violation(s), 0 unfinished, 3 s, done");
}

TEST(VerifyProgress, RedrawnAtMostTwiceASecondAndAlwaysAtTheEnd) {
  ProgressThrottle t;
  ProgressCounts c{1, 4, 1, 0, 0, 0};
  EXPECT_TRUE(t.due(c, 10.0));
  EXPECT_FALSE(t.due(c, 10.3));
  EXPECT_TRUE(t.due(c, 10.5));
  EXPECT_FALSE(t.due(c, 10.9));
  c.done = 4;
  EXPECT_TRUE(t.due(c, 10.95));
}

}  // namespace
}  // namespace kmc::verify
