// Shrinking under the budget (issues 15 and 18): a find is shrunk to a local minimum (no single
// thread or operation can be removed and still fail the same way), and when the budget ends in
// the middle of shrinking, the smallest failing scenario so far is written and replays.
// Deterministic: a fixed seed, and a budget of scenario checks in place of the clock.
#include <gtest/gtest.h>

#include <algorithm>

#include "fuzz/check.hpp"
#include "fuzz/fuzzer.hpp"
#include "fuzz/minimise.hpp"
#include "fuzz/render.hpp"
#include "model/scenario/parser.hpp"
#include "tests/fuzz/loop_options.hpp"

namespace kmc::fuzz {
namespace {

// Whether `raw` fails with a `kind` violation under `o`'s limits (as the fuzz loop checks).
bool fails(const FuzzOptions& o, const RawScenario& raw, ViolationKind kind) {
  const std::string text = render_scenario(*o.model, raw, {o.variants, "pass", {}});
  scenario::ParseResult parsed = scenario::parse_scenario(text, "candidate.scn");
  EXPECT_TRUE(parsed.scenario.has_value()) << text;
  if (!parsed.scenario) return false;
  return check_scenario(*parsed.scenario, o.limits, kind).found.has_value();
}

int ops_of(const RawScenario& raw) {
  int n = static_cast<int>(raw.setup.size());
  for (const RawThread& t : raw.threads) n += static_cast<int>(t.ops.size());
  return n;
}

TEST(FuzzShrink, OneSmallerRemovesOneThreadOrOneOperation) {
  RawScenario raw;
  raw.setup.resize(1);
  raw.threads.resize(3);
  raw.threads[0].ops.resize(2);
  raw.threads[1].ops.resize(1);
  raw.threads[2].ops.resize(3);
  const std::vector<RawScenario> smaller = one_smaller(raw);
  // 3 threads, then 2 + 3 operations of the threads with more than one, then 1 of setup.
  ASSERT_EQ(smaller.size(), 3u + 5u + 1u);
  for (std::size_t k = 0; k < smaller.size(); ++k) {
    EXPECT_EQ(smaller[k].threads.size(), k < 3 ? 2u : 3u) << k;
    if (k >= 3) {
      EXPECT_EQ(ops_of(smaller[k]), ops_of(raw) - 1) << k;
    }
  }
  EXPECT_EQ(smaller[0].threads.size(), 2u);
  EXPECT_EQ(smaller.back().setup.size(), 0u);
}

RawOp op(int id) {
  RawOp o;
  o.op = id;
  return o;
}

// Fails when one thread runs op 7 and another op 9 (with 5 before it): the scenario a
// RapidCheck shrink can leave bigger than it needs, 3 threads and 8 operations.
bool needs_7_and_5_9(const RawScenario& raw) {
  const auto has = [](const RawThread& t, int id) {
    return std::any_of(t.ops.begin(), t.ops.end(), [id](const RawOp& o) { return o.op == id; });
  };
  for (std::size_t a = 0; a < raw.threads.size(); ++a) {
    for (std::size_t b = 0; b < raw.threads.size(); ++b) {
      if (a != b && has(raw.threads[a], 7) && has(raw.threads[b], 9) && has(raw.threads[b], 5))
        return true;
    }
  }
  return false;
}

RawScenario three_threads_eight_ops() {
  RawScenario raw;
  raw.setup = {op(1), op(2)};
  raw.threads.resize(3);
  raw.threads[0].ops = {op(3), op(7)};
  raw.threads[1].ops = {op(4)};
  raw.threads[2].ops = {op(5), op(6), op(9)};
  return raw;
}

TEST(FuzzShrink, MinimiseReachesALocalMinimum) {
  RawScenario raw = three_threads_eight_ops();
  ASSERT_TRUE(needs_7_and_5_9(raw));
  int steps = 0;
  EXPECT_TRUE(minimise_raw(
      raw, needs_7_and_5_9, [] { return false; }, steps));
  EXPECT_TRUE(needs_7_and_5_9(raw));
  for (const RawScenario& c : one_smaller(raw)) EXPECT_FALSE(needs_7_and_5_9(c));
  ASSERT_EQ(raw.threads.size(), 2u);
  EXPECT_EQ(ops_of(raw), 3);  // 7 | 5 9, no setup
  EXPECT_EQ(steps, 5);        // a thread, then 3, 6 and the two setup operations
}

// A budget of four candidates: the best failing scenario so far comes back, not 1-minimal.
TEST(FuzzShrink, MinimiseStopsWhenTheBudgetEnds) {
  RawScenario raw = three_threads_eight_ops();
  int asked = 0;
  int steps = 0;
  EXPECT_FALSE(minimise_raw(
      raw, needs_7_and_5_9, [&asked] { return ++asked > 4; }, steps));
  EXPECT_TRUE(needs_7_and_5_9(raw));
  EXPECT_LT(ops_of(raw), 8);
  EXPECT_GT(ops_of(raw), 3);
}

// The sem find of seed 1 (S3, SEM-I8), run once for the tests below.
const FuzzReport& sem_find() {
  static const FuzzReport r = run_fuzz(loop_options("sem", 50, 1, "sem-minimal-"));
  return r;
}

// That find's written scenario is 1-minimal, and replays.
TEST(FuzzShrink, FindIsOneMinimal) {
  const FuzzOptions o = loop_options("sem", 50, 1, "sem-minimal-");
  const FuzzReport& r = sem_find();
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_TRUE(r.minimal);
  for (const RawScenario& c : one_smaller(r.raw))
    EXPECT_FALSE(fails(o, c, r.kind)) << render_scenario(*o.model, c, {});
  std::string error;
  EXPECT_TRUE(replays(r.file.string(), r.token, r.kind, o.limits.max_steps, r.keep_going, error))
      << error;
}

// The same find with a budget that ends one check after the failing scenario: shrinking stops at
// once, and what is written is the failing scenario found, with a token that replays it.
TEST(FuzzShrink, BudgetEndingWhileShrinkingWritesTheBestSoFar) {
  FuzzOptions o = loop_options("sem", 50, 1, "sem-cut-");
  const FuzzReport& full = sem_find();
  ASSERT_TRUE(full.found) << full.error;
  ASSERT_GT(full.shrink_steps, 0);
  o.max_checks = full.runs + 1;
  const FuzzReport r = run_fuzz(o);
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(r.minimal);
  EXPECT_EQ(r.runs, full.runs);
  EXPECT_EQ(r.kind, full.kind);
  EXPECT_LE(r.shrink_steps, 1);
  EXPECT_GE(r.threads + r.ops, full.threads + full.ops);
  EXPECT_TRUE(fails(o, r.raw, r.kind));
  std::string error;
  EXPECT_TRUE(replays(r.file.string(), r.token, r.kind, o.limits.max_steps, r.keep_going, error))
      << error;
  EXPECT_NE(r.text.find("budget spent"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace kmc::fuzz
