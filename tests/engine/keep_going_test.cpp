// Keep-going: a violation the kernel survives is recorded and the execution goes on as the seed
// does (so its consequences are found too); without keep-going the first violation ends the run.
#include <gtest/gtest.h>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

struct Cell {
  explicit Cell(Execution& ex) : field(ex, "cell.field", 0) {}
  Tracked<int> field;
};

// A cell whose field is read with a visible step, so DPOR sees the use conflict with a free.
struct SharedCell {
  explicit SharedCell(Execution& ex) : field(ex, "cell.field", 0) {}
  Atomic<int> field;
};

const Counterexample* counterexample(const RunResult& r, ViolationKind kind) {
  for (const Counterexample& c : r.counterexamples)
    if (c.violation.kind == kind) return &c;
  return nullptr;
}

// "intruder" releases the mutex "owner" holds, takes it and frees the cell under it, while the
// owner, still believing it holds the mutex, uses the cell. The free races with that use, or
// comes before it, only if the stray unlock really released the mutex and the execution went on
// past it.
LambdaProgram stray_unlock_program() {
  return LambdaProgram([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m");
    auto& published = bag.make<Atomic<int>>(ex, "published", 0);
    auto& cell = bag.make<Ptr<SharedCell>>();
    ex.spawn("owner", [&] {
      m.lock("owner lock");
      cell = make<SharedCell>(ex, "cell", "alloc", false, ex);
      published.store(1, "publish");
      (void)published.load("a scheduling point before the use");
      (void)cell.at("owner use").field.load("read");
      m.unlock("owner unlock");
    });
    ex.spawn("intruder", [&] {
      if (published.load("check") == 0) return;
      m.unlock("stray unlock");
      m.lock("intruder lock");
      heap_of(ex).free(cell.cell(), "free");
      m.unlock("intruder unlock");
    });
  });
}

TEST(KeepGoing, UnlockByNonOwnerReleasesTheMutexAndTheExecutionGoesOn) {
  const LambdaProgram p = stray_unlock_program();
  const RunResult all = run_all(p, "dpor", /*keep_going=*/true);
  const Counterexample* stray = counterexample(all, ViolationKind::UnlockNotOwner);
  ASSERT_NE(stray, nullptr);
  EXPECT_TRUE(found(all, ViolationKind::DataRace));
  // Plain DFS also reaches the owner's use after the free (the race is fatal, so DPOR, which
  // takes the cell's invisible accesses as ordered, reports the race and not what follows it).
  const RunResult dfs = run_all(p, "dfs", /*keep_going=*/true);
  EXPECT_TRUE(found(dfs, ViolationKind::UnlockNotOwner));
  EXPECT_TRUE(found(dfs, ViolationKind::DataRace));
  EXPECT_TRUE(found(dfs, ViolationKind::UseAfterFree));
  // Each counterexample's trace names its own violation (the graphs highlight that one).
  EXPECT_EQ(stray->trace.violation->kind, ViolationKind::UnlockNotOwner);
  EXPECT_NE(stray->violation.message.find("intruder releases m"), std::string::npos);
  // The counterexample replays (Runner::verify ran) to an execution that records it, even where
  // a later data race is what stopped that execution.
  const Trace again = replay_once(p, stray->replay, ExecutionOptions{.keep_going = true});
  EXPECT_TRUE(again.records(ViolationKind::UnlockNotOwner));

  const RunResult first = run_all(p, "dpor", /*keep_going=*/false);
  ASSERT_EQ(first.counterexamples.size(), 1u);
  EXPECT_EQ(first.counterexamples[0].violation.kind, ViolationKind::UnlockNotOwner);
  EXPECT_TRUE(first.counterexamples[0].trace.survived.empty());
}

TEST(KeepGoing, SpinUnlockByANonHolderIsReportedAndTheThreadGoesOn) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& s = bag.make<SpinLock>(ex, "s", "s");
    auto& after = bag.make<Tracked<int>>(ex, "after", 0);
    ex.spawn("T", [&] {
      s.unlock("unlock of a free spinlock");
      s.lock("lock");
      after.set(1, "set");
      s.unlock("unlock");
    });
    ex.add_end_check([&]() -> std::optional<Violation> {
      if (after.peek() == 1) return std::nullopt;
      Violation v;
      v.kind = ViolationKind::Assertion;
      v.message = "T did not go on";
      return v;
    });
  });
  const RunResult r = run_all(p, "dfs", /*keep_going=*/true);
  EXPECT_TRUE(found(r, ViolationKind::UnlockNotOwner));
  EXPECT_FALSE(found(r, ViolationKind::Assertion));
  EXPECT_EQ(r.counterexamples.size(), 1u);
}

// One thread breaks an invariant for good, then loses an allocation: the leak is found only by
// the end checks, which run only if the broken invariant did not end the execution.
LambdaProgram broken_invariant_then_leak(int* reports) {
  return LambdaProgram([reports](Execution& ex, Bag& bag) {
    auto& even = bag.make<int>(0);
    ex.set_leak_roots([] {});
    ex.add_invariant(
        "EVEN", [] { return true; },
        [&even, reports]() -> std::optional<std::string> {
          if (even % 2 == 0) return std::nullopt;
          ++*reports;
          return "value is odd";
        });
    ex.spawn("T", [&ex, &even] {
      even = 1;
      (void)make<Cell>(ex, "lost", "alloc lost", false, ex);
      even = 3;
      (void)make<Cell>(ex, "lost too", "alloc lost too", false, ex);
    });
  });
}

TEST(KeepGoing, BrokenInvariantIsReportedOnceAndTheEndChecksStillRun) {
  int reports = 0;
  const LambdaProgram p = broken_invariant_then_leak(&reports);
  const RunResult r = run_all(p, "dfs", /*keep_going=*/true);
  ASSERT_EQ(r.counterexamples.size(), 2u);
  EXPECT_EQ(r.counterexamples[0].violation.kind, ViolationKind::Invariant);
  EXPECT_EQ(r.counterexamples[1].violation.kind, ViolationKind::Leak);
  EXPECT_TRUE(r.complete);
  // Reported once (it stays broken for the rest of the execution), then no longer checked: the
  // run's one execution plus the replay that verified each of its two counterexamples.
  EXPECT_EQ(reports, 3);

  const RunResult first = run_all(p, "dfs", /*keep_going=*/false);
  ASSERT_EQ(first.counterexamples.size(), 1u);
  EXPECT_EQ(first.counterexamples[0].violation.kind, ViolationKind::Invariant);
}

TEST(KeepGoing, FatalViolationsStillEndTheExecution) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& after = bag.make<Tracked<int>>(ex, "after", 0);
    ex.spawn("T", [&] {
      Ptr<Cell> c = make<Cell>(ex, "cell", "alloc", false, ex);
      heap_of(ex).free(c.cell(), "free");
      heap_of(ex).free(c.cell(), "free again");
      after.set(1, "never reached");
    });
    ex.set_leak_roots([] {});
  });
  const RunResult r = run_all(p, "dfs", /*keep_going=*/true);
  ASSERT_EQ(r.counterexamples.size(), 1u);
  EXPECT_EQ(r.counterexamples[0].violation.kind, ViolationKind::DoubleFree);
  EXPECT_EQ(r.counterexamples[0].trace.events.back().seed, std::string("free again"));
}

}  // namespace
}  // namespace kmc
