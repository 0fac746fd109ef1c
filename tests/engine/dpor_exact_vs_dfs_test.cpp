// DPOR under keep-going reaches what plain DFS reaches, with no fallback branch, when an execution
// is cut short by a violation: the same final states of the executions that finish and the same
// violation kinds. The program is the shrunk form of a counterexample the DPOR-vs-DFS property
// found. (The data-choice and rwlock-reader counterexamples found with it are DporChoice.* and
// DporReaders.*.)
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/locks.hpp"
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

}  // namespace
}  // namespace kmc
