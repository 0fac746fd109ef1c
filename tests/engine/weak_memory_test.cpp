// --memory-model rc11 beyond the litmus outcome sets: what a missing release or barrier lets a
// model do (a stale read, a data race on a field published by a relaxed store), that every
// strategy finds it, and that its counterexample replays from the token exactly.
#include <gtest/gtest.h>

#include <string>

#include "checker/primitives/variables.hpp"
#include "checker/primitives/weak_memory.hpp"
#include "checker/replay_token.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

Violation assertion(std::string message) {
  Violation v;
  v.kind = ViolationKind::Assertion;
  v.message = std::move(message);
  return v;
}

ExecutionOptions rc11() {
  ExecutionOptions o;
  o.memory_model = MemoryModel::Rc11;
  return o;
}

// A writer fills a plain field and then sets a flag with `publish`; a reader that sees the flag
// (read with `consume`) reads the field. Without release/acquire the field's accesses race.
LambdaProgram publish(MemoryOrder publish_order, MemoryOrder consume_order) {
  return LambdaProgram([=](Execution& ex, Bag& bag) {
    auto& data = bag.make<Tracked<int>>(ex, "data", 0);
    auto& flag = bag.make<Atomic<int>>(ex, "flag", 0);
    ex.spawn("writer", [&, publish_order] {
      data.set(42, "data = 42");
      flag.store(1, "flag = 1", publish_order);
    });
    ex.spawn("reader", [&, consume_order] {
      if (flag.load("flag?", consume_order) == 1) (void)data.get("data?");
    });
  });
}

TEST(WeakMemory, ARelaxedPublishIsADataRaceOnlyUnderRc11) {
  const auto relaxed = publish(MemoryOrder::Relaxed, MemoryOrder::Relaxed);
  EXPECT_TRUE(found(run_all(relaxed, "dpor", true, 2, rc11()), ViolationKind::DataRace));
  EXPECT_FALSE(found(run_all(relaxed, "dpor", true, 2, {}), ViolationKind::DataRace));
  const auto paired = publish(MemoryOrder::Release, MemoryOrder::Acquire);
  EXPECT_FALSE(found(run_all(paired, "dpor", true, 2, rc11()), ViolationKind::DataRace));
  // A release store read by a relaxed load does not synchronise either.
  const auto half = publish(MemoryOrder::Release, MemoryOrder::Relaxed);
  EXPECT_TRUE(found(run_all(half, "dpor", true, 2, rc11()), ViolationKind::DataRace));
}

// MP with an assertion: a reader that saw the flag must see the data. `fences`: smp_wmb and
// smp_rmb around the relaxed accesses.
LambdaProgram message_passing(bool fences) {
  return LambdaProgram([fences](Execution& ex, Bag& bag) {
    auto& data = bag.make<Atomic<int>>(ex, "data", 0);
    auto& flag = bag.make<Atomic<int>>(ex, "flag", 0);
    ex.spawn("writer", [&, fences] {
      data.store(1, "data = 1", MemoryOrder::Relaxed);
      if (fences) fence(ex, MemoryOrder::Release, "smp_wmb");
      flag.store(1, "flag = 1", MemoryOrder::Relaxed);
    });
    ex.spawn("reader", [&, fences] {
      if (flag.load("flag?", MemoryOrder::Relaxed) != 1) return;
      if (fences) fence(ex, MemoryOrder::Acquire, "smp_rmb");
      if (data.load("data?", MemoryOrder::Relaxed) != 1)
        ex.fail(ViolationKind::Assertion, "stale data after the flag", "data?");
    });
  });
}

TEST(WeakMemory, EveryStrategyFindsTheStaleReadAndItReplays) {
  const auto p = message_passing(false);
  for (const char* strategy : {"dpor", "dfs", "bounded", "random", "pct"}) {
    const RunResult r = run_all(p, strategy, false, 2, rc11());
    ASSERT_TRUE(found(r, ViolationKind::Assertion)) << strategy;
    const Counterexample& c = r.counterexamples.front();
    // The token carries the load's choice of store: replayed, the same stale read happens.
    std::string error;
    const auto schedule = decode_token(c.replay, error);
    ASSERT_TRUE(schedule.has_value()) << error;
    EXPECT_FALSE(schedule->values.empty()) << strategy;
    const Trace again = replay_once(p, c.replay, rc11());
    ASSERT_TRUE(again.violation.has_value()) << strategy;
    EXPECT_EQ(again.violation->message, "stale data after the flag");
  }
  EXPECT_FALSE(run_all(p, "dpor", false, 2, {}).violated());
  EXPECT_FALSE(run_all(message_passing(true), "dpor", false, 2, rc11()).violated());
}

// A read-modify-write reads the store right before it in modification order: two increments
// never both read 0, whatever their orders (atomicity).
TEST(WeakMemory, ReadModifyWritesAreAtomic) {
  for (const MemoryOrder order : {MemoryOrder::Relaxed, MemoryOrder::AcqRel}) {
    const LambdaProgram p([order](Execution& ex, Bag& bag) {
      auto& n = bag.make<Atomic<int>>(ex, "n", 0);
      for (const char* name : {"A", "B"})
        ex.spawn(name, [&n, order] { (void)n.fetch_add(1, "n++", order); });
      ex.add_end_check([&n]() -> std::optional<Violation> {
        if (n.peek() == 2) return std::nullopt;
        return assertion("lost increment");
      });
    });
    EXPECT_FALSE(run_all(p, "dfs", true, 2, rc11()).violated());
  }
}

// A release sequence goes on through read-modify-writes of other threads: an acquire load that
// reads a relaxed increment of a release store synchronises with that store.
TEST(WeakMemory, ReleaseSequencesContinueThroughReadModifyWrites) {
  const LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& data = bag.make<Atomic<int>>(ex, "data", 0);
    auto& flag = bag.make<Atomic<int>>(ex, "flag", 0);
    ex.spawn("writer", [&] {
      data.store(1, "data = 1", MemoryOrder::Relaxed);
      flag.store(1, "flag = 1", MemoryOrder::Release);
    });
    ex.spawn("bumper", [&] { (void)flag.fetch_add(1, "flag++", MemoryOrder::Relaxed); });
    ex.spawn("reader", [&] {
      if (flag.load("flag?", MemoryOrder::Acquire) != 2) return;
      if (data.load("data?", MemoryOrder::Relaxed) != 1)
        ex.fail(ViolationKind::Assertion, "stale data after the release sequence", "data?");
    });
  });
  const RunResult r = run_all(p, "dpor", true, 2, rc11());
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.violated());
}

// A failed compare-and-swap is a load: it may read an older value, never one an RMW already
// read and succeeded on (two CASes from 0 to 1 never both succeed).
TEST(WeakMemory, CompareExchangeSucceedsOnce) {
  const LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& lock = bag.make<Atomic<int>>(ex, "lock", 0);
    auto& wins = bag.make<int>(0);
    for (const char* name : {"A", "B"}) {
      ex.spawn(name, [&lock, &wins] {
        int expected = 0;
        if (lock.compare_exchange(expected, 1, "cas", MemoryOrder::Relaxed)) ++wins;
      });
    }
    ex.add_end_check([&wins]() -> std::optional<Violation> {
      if (wins == 1) return std::nullopt;
      return assertion(std::to_string(wins) + " winners");
    });
  });
  EXPECT_FALSE(run_all(p, "dfs", true, 2, rc11()).violated());
}

}  // namespace
}  // namespace kmc
