// DPOR must explore exactly one execution per Mazurkiewicz trace on the classic benchmarks
// (DESIGN §5), with no redundant (sleep-set blocked) executions.
#include <gtest/gtest.h>

#include "bench/bench.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {

struct Case {
  const char* name;
  int n;
};

class ClassicCounts : public ::testing::TestWithParam<Case> {};

TEST_P(ClassicCounts, DporFindsExactlyTheTraces) {
  const Case c = GetParam();
  const bench::Benchmark* b = bench::find_benchmark(c.name);
  ASSERT_NE(b, nullptr);
  auto program = b->make(c.n);
  const RunResult r = testing::run_all(*program, "dpor");
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.stats.executions, *b->expected_traces(c.n)) << c.name << "(" << c.n << ")";
  EXPECT_EQ(r.stats.blocked, 0u);
  EXPECT_EQ(r.stats.disabled_branches, 0u);
  EXPECT_FALSE(r.violated());
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (int n = 1; n <= 12; ++n) cases.push_back({"lastzero", n});
  for (int n : {1, 2, 4, 8, 12, 14}) cases.push_back({"readers", n});
  for (int n = 13; n <= 19; ++n) cases.push_back({"filesystem", n});
  for (int n = 11; n <= 15; ++n) cases.push_back({"indexer", n});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Benchmarks, ClassicCounts, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           return std::string(info.param.name) + std::to_string(info.param.n);
                         });

TEST(Abba, ReportsLockOrderWithoutDeadlockAndTheDeadlock) {
  auto program = bench::find_benchmark("abba")->make(1);
  const RunResult r = testing::run_all(*program, "dpor");
  ASSERT_TRUE(testing::found(r, ViolationKind::LockOrder));
  ASSERT_TRUE(testing::found(r, ViolationKind::Deadlock));
  for (const Counterexample& c : r.counterexamples) {
    if (c.violation.kind != ViolationKind::LockOrder) continue;
    // The lock-order counterexample comes from an execution that finished without deadlock.
    EXPECT_FALSE(c.trace.threads.empty());
    for (const ThreadInfo& t : c.trace.threads) EXPECT_TRUE(t.finished) << t.name;
    EXPECT_LT(c.execution, 3u);
  }
}

}  // namespace
}  // namespace kmc
