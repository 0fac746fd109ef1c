// Which scenario threads are mirror images of an earlier one (symmetry_leaders), and that the
// reduction keeps a scenario's verdict while exploring fewer executions.
#include "model/scenario/symmetry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::scenario {
namespace {

Scenario parse(const std::string& text) {
  ParseResult r = parse_scenario(text, "s.scn", testing::toy_models());
  std::string all;
  for (const Diagnostic& d : r.errors) all += d.format() + "\n";
  EXPECT_TRUE(r.scenario) << all;
  return r.scenario ? std::move(*r.scenario) : Scenario{};
}

std::vector<int> leaders(const std::string& body) {
  return symmetry_leaders(parse("model toy\n" + body + "expect pass\n"));
}

TEST(SymmetryLeaders, IdenticalThreadsFormAChain) {
  EXPECT_EQ(leaders("thread A\n  inc\nthread B\n  locked_inc\nthread C\n  inc\nthread D\n  inc\n"),
            (std::vector<int>{-1, -1, 0, 2}));
}

TEST(SymmetryLeaders, ArgumentsMustBeEqual) {
  EXPECT_EQ(leaders("thread A\n  add 1 2\nthread B\n  add 1 3\nthread C\n  add 1 2\n"),
            (std::vector<int>{-1, -1, 0}));
}

TEST(SymmetryLeaders, OwnResultsAreRenamedSetupResultsShared) {
  EXPECT_EQ(leaders("setup\n  alloc -> h\nthread A\n  alloc -> a\n  use a\n  use h\n"
                    "thread B\n  alloc -> b\n  use b\n  use h\n"),
            (std::vector<int>{-1, 0}));
  // One thread uses its own result where the other uses setup's: not the same program.
  EXPECT_EQ(leaders("setup\n  alloc -> h\nthread A\n  alloc -> a\n  use a\n"
                    "thread B\n  alloc -> b\n  use h\n"),
            (std::vector<int>{-1, -1}));
}

TEST(SymmetryLeaders, AThreadInWhoseResultAnotherRunsHasNoTwin) {
  // D runs in the process F's fork returns: swapping F and G would move D.
  EXPECT_EQ(leaders("thread F\n  fork -> c\nthread G\n  fork -> d\nthread D in c\n  inc\n"),
            (std::vector<int>{-1, -1, -1}));
  EXPECT_EQ(leaders("thread F\n  fork -> c\nthread G\n  fork -> d\n"), (std::vector<int>{-1, 0}));
}

TEST(SymmetryLeaders, ThreadsInOtherProcessesOrInAResultHaveNoTwin) {
  EXPECT_EQ(leaders("process P\nthread A\n  inc\nthread B in P\n  inc\nthread C in P\n  inc\n"),
            (std::vector<int>{-1, -1, 1}));
  EXPECT_EQ(leaders("setup\n  fork -> c\nthread A in c\n  inc\nthread B in c\n  inc\n"),
            (std::vector<int>{-1, -1}));
}

TEST(SymmetryLeaders, AllowedBlockedEndsMustAgree) {
  const Scenario s = parse(
      "model toy\nthread A\n  wait\nthread B\n  wait\nthread C\n  post\n"
      "allow blocked A\nexpect pass\n");
  EXPECT_EQ(symmetry_leaders(s), (std::vector<int>{-1, -1, -1}));
}

RunResult explore(const std::string& text, bool symmetry) {
  const ScenarioProgram p(parse(text));
  StrategyOptions so;
  so.name = "dpor";
  std::string error;
  std::unique_ptr<Strategy> s = make_strategy(so, error);
  RunOptions o;
  o.execution = p.execution_options(ExecutionOptions{});
  o.execution.symmetry = symmetry;
  o.keep_going = true;
  return Runner(p, *s, o).run();
}

TEST(ScenarioSymmetry, ThreeLockedIncrementersNeedOneExecutionInsteadOfSix) {
  const std::string text =
      "model toy\nthread A\n  locked_inc\nthread B\n  locked_inc\nthread C\n  locked_inc\n"
      "expect pass\n";
  const RunResult reduced = explore(text, true);
  const RunResult full = explore(text, false);
  EXPECT_TRUE(reduced.complete && full.complete);
  EXPECT_FALSE(reduced.violated() || full.violated());
  EXPECT_EQ(full.stats.executions, 6u);  // the 3! orders of the lock acquisitions
  EXPECT_EQ(reduced.stats.executions, 1u);
  EXPECT_EQ(reduced.stats.symmetric_threads, 2u);
}

TEST(ScenarioSymmetry, TheLostUpdateOfTwinsIsStillFound) {
  const std::string text = "model toy\nthread A\n  inc\nthread B\n  inc\nexpect pass\n";
  const RunResult reduced = explore(text, true);
  ASSERT_TRUE(reduced.violated());
  EXPECT_EQ(reduced.counterexamples.front().violation.kind, ViolationKind::Invariant);
  EXPECT_LT(reduced.stats.executions, explore(text, false).stats.executions);
}

}  // namespace
}  // namespace kmc::scenario
