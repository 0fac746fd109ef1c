// Address reuse: the engine objects of a reused heap cell keep their ids, so an operation that a
// thread prepared through a stale pointer before the reuse conflicts with the new object's
// operations, and DPOR reaches every order of them, as plain DFS does.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "tests/engine/lambda_program.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

struct Locked {
  explicit Locked(Execution& ex) : m(ex, "obj.m", "obj.m") {}
  Mutex m;
};

// Every violation message any execution of `p` recorded, under `strategy` with address reuse.
std::set<std::string> messages(const Program& p, const char* strategy) {
  StrategyOptions so;
  so.name = strategy;
  std::string error;
  auto s = make_strategy(so, error);
  EXPECT_NE(s, nullptr) << error;
  std::set<std::string> out;
  if (s == nullptr) return out;
  RunOptions ro;
  ro.keep_going = true;
  ro.execution.address_reuse = true;
  ro.on_execution = [&out](const Trace& t) {
    if (t.violation) out.insert(t.violation->message);
    for (const Violation& v : t.survived) out.insert(v.message);
  };
  EXPECT_TRUE(Runner(p, *s, ro).run().complete) << strategy;
  return out;
}

// A frees an object and then releases its mutex through the stale pointer (as sem's U218 does
// after ksem_delref freed the ksem); B allocates an object of the same type, which may take the
// freed cell, and locks and unlocks its mutex. The stale release can then take B's mutex from
// under B.
TEST(HeapReuse, StaleOperationMeetsTheObjectNowAtTheAddress) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& a = bag.make<Ptr<Locked>>(make_initial<Locked>(ex, "obj", "boot", ex));
    ex.spawn("A", [&ex, &a] {
      heap_of(ex).free(a.cell(), "free a");
      a.unchecked()->m.unlock("stale unlock");
    });
    ex.spawn("B", [&ex] {
      Ptr<Locked> b = make<Locked>(ex, "obj", "alloc b", false, ex);
      b.at("lock").m.lock("lock");
      b.at("unlock").m.unlock("unlock");
      heap_of(ex).free(b.cell(), "free b");
    });
  });
  const std::set<std::string> dfs = messages(p, "dfs");
  EXPECT_EQ(dfs.count("A releases obj.m owned by B"), 1u);
  EXPECT_EQ(messages(p, "dpor"), dfs);
}

}  // namespace
}  // namespace kmc
