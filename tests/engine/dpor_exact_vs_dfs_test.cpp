// DPOR under keep-going reaches what plain DFS reaches, with no fallback branch, when an execution
// is cut short by a violation, below the later values of a data choice, and when a reader holds
// the rwlock a writer's reversed acquire needs: the same final states of the executions that
// finish and the same violation kinds. Each program is the shrunk form of a counterexample the
// DPOR-vs-DFS property found.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// DPOR's final states, after expecting it exact against DFS.
template <typename Make>
std::set<std::string> expect_same_as_dfs(const Make& make) {
  return testing::expect_dpor_exact(make).finals;
}

// Records the variables and what each thread saw when an execution finishes.
void record_finals(Execution& ex, std::set<std::string>& finals, const Shared<int>& x0,
                   const Shared<int>& x1, const std::vector<std::string>& seen) {
  ex.add_end_check([&finals, &x0, &x1, &seen]() -> std::optional<Violation> {
    std::string s = std::to_string(x0.peek()) + "," + std::to_string(x1.peek());
    for (const std::string& t : seen) s += "|" + t;
    finals.insert(s);
    return std::nullopt;
  });
}

// T0 checks x1 right after writing 2 to it; T1 may overwrite it first, and T2 may read the 2 in
// between. In the execution cut short by T0's check, T1's store and T2's load are both pending:
// they are alternatives to the check, not a sequence, so T2's load must not be taken as ordered
// after the check through T1's store (that lost the final state where T2 reads 2).
TEST(DporExact, PendingEventsAreAlternativesNotASequence) {
  const auto finals = expect_same_as_dfs([](std::set<std::string>& out) {
    return LambdaProgram([&out](Execution& ex, Bag& bag) {
      auto& x0 = bag.make<Shared<int>>(ex, "x0", 0);
      auto& x1 = bag.make<Shared<int>>(ex, "x1", 0);
      auto& rw = bag.make<RwLock>(ex, "RW", "RW");
      auto& seen = bag.make<std::vector<std::string>>(3);
      record_finals(ex, out, x0, x1, seen);
      ex.spawn("T0", [&] {
        rw.lock("rw_enter(W)");
        x1.store(2, "write under W");
        rw.unlock("rw_exit");
        if (x1.load("check") == 2) ex.fail(ViolationKind::Assertion, "x1 == 2", Site("check"));
      });
      ex.spawn("T1", [&] {
        seen[1] = std::to_string(x0.load("load x0"));
        x1.store(1, "store x1");
      });
      ex.spawn("T2", [&] { seen[2] = std::to_string(x1.load("load x1")); });
    });
  });
  EXPECT_EQ(finals.count("0,1||0|2"), 1u);
}

// T1 chooses a value and then races with T2 on x0, while T2 races with T0's store to x1. Under
// the choice's second value, T0 (explored first above the choice) used to be inherited asleep,
// which hid the reversal that has T2 read x0 and x1 before both stores.
TEST(DporExact, LaterValueIsNotHiddenByAThreadAsleepAboveTheChoice) {
  const auto finals = expect_same_as_dfs([](std::set<std::string>& out) {
    return LambdaProgram([&out](Execution& ex, Bag& bag) {
      auto& x0 = bag.make<Shared<int>>(ex, "x0", 0);
      auto& x1 = bag.make<Shared<int>>(ex, "x1", 0);
      auto& tok = bag.make<Token>(ex, "tok");
      auto& seen = bag.make<std::vector<std::string>>(3);
      record_finals(ex, out, x0, x1, seen);
      ex.spawn("T0", [&] {
        tok.get("get");
        x1.store(x1.load("load under token") + 1, "store under token");
        tok.release("release");
      });
      ex.spawn("T1", [&] {
        seen[1] = "c" + std::to_string(ex.choose(2, "choose"));
        x0.store(x0.load("add: load") + 1, "add: store");
      });
      ex.spawn("T2", [&] {
        seen[2] = std::to_string(x0.load("load x0"));
        seen[2] += std::to_string(x1.load("load x1"));
        seen[2] += "c" + std::to_string(ex.choose(2, "choose"));
      });
    });
  });
  EXPECT_EQ(finals.count("1,1||c1|00c0"), 1u);
}

// T0 reads x0 under the read lock, then stores x1; T1 reads x1 under the read lock; T2 writes
// x0 under the write lock. Reversing T0's read-lock with T2's write-lock once planned T1's
// read-lock first (it does not follow T0's): T1 would still hold it, since its release follows
// T0's store, and T2 could not take the write lock there (a fallback branch).
TEST(DporExact, AReaderStillHoldingTheLockIsNotPlannedBeforeAWriter) {
  (void)expect_same_as_dfs([](std::set<std::string>& out) {
    return LambdaProgram([&out](Execution& ex, Bag& bag) {
      auto& x0 = bag.make<Shared<int>>(ex, "x0", 0);
      auto& x1 = bag.make<Shared<int>>(ex, "x1", 0);
      auto& rw = bag.make<RwLock>(ex, "RW", "RW");
      auto& seen = bag.make<std::vector<std::string>>(3);
      record_finals(ex, out, x0, x1, seen);
      ex.spawn("T0", [&] {
        rw.lock_shared("T0 rw_enter(R)");
        seen[0] = std::to_string(x0.load("T0 read under R"));
        rw.unlock("T0 rw_exit");
        x1.store(1, "T0 store x1");
      });
      ex.spawn("T1", [&] {
        rw.lock_shared("T1 rw_enter(R)");
        seen[1] = std::to_string(x1.load("T1 read under R"));
        rw.unlock("T1 rw_exit");
      });
      ex.spawn("T2", [&] {
        rw.lock("T2 rw_enter(W)");
        x0.store(1, "T2 write under W");
        rw.unlock("T2 rw_exit");
      });
    });
  });
}

}  // namespace
}  // namespace kmc
