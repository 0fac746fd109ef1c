// Symmetry reduction (Execution::start_after): a thread that runs the same program as an earlier
// one starts only after it. The counts below are exact: k threads of n conflicting stores have
// (kn)!/(n!)^k interleavings, each a distinct trace, and exactly one of every k! mirror images
// starts its threads in order. The property at the end checks, on random programs with a twin
// thread, that the reduced DPOR reaches the same final states (up to swapping the twins) and the
// same violation kinds as unreduced DFS.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// `threads` threads that each store `stores` times into one variable; with `twins`, each
// thread after the first is declared to start after the one before it.
LambdaProgram stores(int threads, int stores, bool twins) {
  return LambdaProgram([=](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ThreadId previous = kNoThread;
    for (int t = 0; t < threads; ++t) {
      const ThreadId id = ex.spawn("T" + std::to_string(t), [&x, stores] {
        for (int i = 0; i < stores; ++i) x.store(i, "store");
      });
      if (twins && previous != kNoThread) ex.start_after(id, previous);
      previous = id;
    }
  });
}

ExecutionOptions without_symmetry() {
  ExecutionOptions o;
  o.symmetry = false;
  return o;
}

TEST(Symmetry, ThreeTwinsOfTwoStoresExploreOneOfEverySixMirrorImages) {
  const LambdaProgram program = stores(3, 2, true);
  // 6!/(2!2!2!) = 90 traces; 90/3! = 15 start their threads in order.
  for (const char* strategy : {"dpor", "dfs"}) {
    const RunResult reduced = testing::run_all(program, strategy);
    const RunResult full = testing::run_all(program, strategy, true, 2, without_symmetry());
    EXPECT_TRUE(reduced.complete);
    EXPECT_EQ(reduced.stats.executions, 15u) << strategy;
    EXPECT_EQ(full.stats.executions, 90u) << strategy;
    EXPECT_EQ(reduced.stats.symmetric_threads, 2u);
    EXPECT_EQ(full.stats.symmetric_threads, 0u);
    EXPECT_EQ(reduced.stats.disabled_branches, 0u);
  }
}

TEST(Symmetry, UndeclaredThreadsAreNotReduced) {
  EXPECT_EQ(testing::run_all(stores(3, 2, false), "dpor").stats.executions, 90u);
}

TEST(Symmetry, IndependentFirstStepsStillGetTheirOtherOrdersLater) {
  // Two twins that each store to their own variable, then the same value to a shared one: the
  // first steps commute, so only the order of the shared stores makes traces, 2 of them, and
  // they are mirror images of each other; the reduction keeps both (it orders first steps
  // only), which is sound but not one per orbit.
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& shared = bag.make<Shared<int>>(ex, "s", 0);
    auto& own = bag.make<std::vector<std::unique_ptr<Shared<int>>>>();
    for (int t = 0; t < 2; ++t) own.push_back(std::make_unique<Shared<int>>(ex, "own", 0));
    const ThreadId a = ex.spawn("A", [&] {
      own[0]->store(1, "own");
      shared.store(1, "s");
    });
    const ThreadId b = ex.spawn("B", [&] {
      own[1]->store(1, "own");
      shared.store(1, "s");
    });
    ex.start_after(b, a);
  });
  EXPECT_EQ(testing::run_all(program, "dpor").stats.executions, 2u);
  EXPECT_EQ(testing::run_all(program, "dpor", true, 2, without_symmetry()).stats.executions, 2u);
}

TEST(Symmetry, ALostUpdateOfTwinsIsFoundAndItsTokenReplays) {
  // load; store(+1) in two twins: the lost update needs both loads before either store.
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    const auto body = [&x] { x.store(x.load("load") + 1, "store"); };
    const ThreadId a = ex.spawn("A", body);
    const ThreadId b = ex.spawn("B", body);
    ex.start_after(b, a);
    ex.add_end_check([&x]() -> std::optional<Violation> {
      if (x.peek() == 2) return std::nullopt;
      Violation v;
      v.kind = ViolationKind::Invariant;
      v.message = "lost update";
      return v;
    });
  });
  // The Runner replays every counterexample (without the reduction) before reporting it.
  const RunResult r = testing::run_all(program, "dpor");
  EXPECT_TRUE(testing::found(r, ViolationKind::Invariant));
  EXPECT_EQ(r.stats.executions, 3u);  // 4 traces without symmetry; B-first-and-alone is cut
  EXPECT_EQ(testing::run_all(program, "dpor", true, 2, without_symmetry()).stats.executions, 4u);
}

TEST(Symmetry, AThreadWaitingForABlockedTwinIsReportedLikeIt) {
  // Both twins lock a mutex that a third thread holds forever: a deadlock either way.
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m");
    auto& held = bag.make<Latch>(ex, "held");
    ex.spawn("holder", [&] {
      m.lock("hold");
      held.set("held");
    });
    const auto body = [&] {
      held.wait("wait held");
      m.lock("lock");
    };
    const ThreadId a = ex.spawn("A", body);
    const ThreadId b = ex.spawn("B", body);
    ex.start_after(b, a);
  });
  const RunResult reduced = testing::run_all(program, "dpor");
  const RunResult full = testing::run_all(program, "dpor", true, 2, without_symmetry());
  EXPECT_TRUE(testing::found(reduced, ViolationKind::Deadlock));
  EXPECT_TRUE(testing::found(full, ViolationKind::Deadlock));
  EXPECT_LE(reduced.stats.executions, full.stats.executions);
}

// --- the property ---

enum class Kind { Load, Store, Add, Locked, Check };
struct Op {
  Kind kind = Kind::Load;
  int var = 0;
  int value = 0;
};
using Thread = std::vector<Op>;

rc::Gen<Op> gen_op() {
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind,
                   rc::gen::element(Kind::Load, Kind::Store, Kind::Add, Kind::Locked, Kind::Check)),
      rc::gen::set(&Op::var, rc::gen::inRange(0, 2)),
      rc::gen::set(&Op::value, rc::gen::inRange(0, 3)));
}

void showValue(const Op& op, std::ostream& os) {
  static const char* names[] = {"load", "store", "add", "locked", "check"};
  os << names[static_cast<int>(op.kind)] << "(x" << op.var << "," << op.value << ")";
}

// Threads [0, twins) run `twin`, the rest their own programs; each twin after the first starts
// after the one before it when `declare`. A final state lists the variables, then what each
// thread read, the twins' reads sorted: a state and its mirror image read the same.
LambdaProgram program(const Thread& twin, int twins, const std::vector<Thread>& others,
                      bool declare, std::set<std::string>& finals) {
  return LambdaProgram([=, &finals](Execution& ex, Bag& bag) {
    auto& vars = bag.make<std::vector<std::unique_ptr<Shared<int>>>>();
    for (int v = 0; v < 2; ++v) vars.push_back(std::make_unique<Shared<int>>(ex, "x", 0));
    auto& lock = bag.make<Mutex>(ex, "L", "L");
    const auto all = static_cast<std::size_t>(twins) + others.size();
    auto& seen = bag.make<std::vector<std::string>>(all);
    ex.add_end_check([&vars, &seen, &finals, twins]() -> std::optional<Violation> {
      std::vector<std::string> reads = seen;
      std::sort(reads.begin(), reads.begin() + twins);
      std::string s;
      for (auto& v : vars) s += std::to_string(v->peek()) + ",";
      for (auto& r : reads) s += "|" + r;
      finals.insert(s);
      return std::nullopt;
    });
    ThreadId previous = kNoThread;
    for (std::size_t t = 0; t < all; ++t) {
      const Thread ops = t < static_cast<std::size_t>(twins) ? twin : others[t - twins];
      const ThreadId id = ex.spawn("T" + std::to_string(t), [&, t, ops] {
        for (const Op& op : ops) {
          Shared<int>& x = *vars[op.var];
          switch (op.kind) {
            case Kind::Load:
              seen[t] += std::to_string(x.load("load")) + " ";
              break;
            case Kind::Store:
              x.store(op.value, "store");
              break;
            case Kind::Add:
              x.store(x.load("add: load") + 1, "add: store");
              break;
            case Kind::Locked:
              lock.lock("lock");
              x.store(x.load("locked load") + 1, "locked store");
              lock.unlock("unlock");
              break;
            case Kind::Check:
              if (x.load("check") == op.value)
                ex.fail(ViolationKind::Assertion, "x == value", Site("check"));
              break;
          }
        }
      });
      if (t < static_cast<std::size_t>(twins)) {
        if (declare && previous != kNoThread) ex.start_after(id, previous);
        previous = id;
      }
    }
  });
}

std::set<ViolationKind> kinds(const RunResult& r) {
  std::set<ViolationKind> k;
  for (const Counterexample& c : r.counterexamples) k.insert(c.violation.kind);
  return k;
}

// Visible events an operation costs.
int cost(const Op& op) {
  return op.kind == Kind::Locked ? 4 : op.kind == Kind::Add ? 2 : 1;
}

// The longest prefix of `ops` within `budget` visible events, so that DFS without the reduction
// stays small (at most 12 events in all: 12!/(4!4!4!) = 34,650 interleavings).
Thread within(const Thread& ops, int budget) {
  Thread kept;
  for (const Op& op : ops) {
    if (budget < cost(op)) break;
    budget -= cost(op);
    kept.push_back(op);
  }
  return kept;
}

// Found by the property: a twin that violates at once leaves its gated twins' first steps
// pending; without their leader's enabler DPOR planned one of them at the root, where the gate
// holds it (a fallback branch).
TEST(Symmetry, PendingFirstStepsOfGatedTwinsKeepTheirEnabler) {
  const Thread twin{{Kind::Store, 1, 0}, {Kind::Check, 0, 0}};
  for (int twins : {2, 3}) {
    std::set<std::string> finals;
    const RunResult r = testing::run_all(program(twin, twins, {}, true, finals), "dpor");
    EXPECT_TRUE(r.complete);
    EXPECT_TRUE(testing::found(r, ViolationKind::Assertion));
    EXPECT_EQ(r.stats.disabled_branches, 0u) << twins << " twins";
  }
}

RC_GTEST_PROP(SymmetryProperty, ReducedDporReachesWhatFullDfsReachesUpToMirrorImages, ()) {
  const int twins = *rc::gen::inRange(2, 4);
  const Thread twin =
      within(*rc::gen::container<Thread>(*rc::gen::inRange(1, 4), gen_op()), twins == 2 ? 4 : 3);
  RC_PRE(!twin.empty());
  std::vector<Thread> others;
  if (twins == 2 && *rc::gen::arbitrary<bool>())
    others.push_back(within(*rc::gen::container<Thread>(2, gen_op()), 3));
  std::set<std::string> reduced_finals;
  std::set<std::string> full_finals;
  const RunResult reduced =
      testing::run_all(program(twin, twins, others, true, reduced_finals), "dpor");
  const RunResult full = testing::run_all(program(twin, twins, others, false, full_finals), "dfs",
                                          true, 2, without_symmetry());
  RC_ASSERT(reduced.complete);
  RC_ASSERT(full.complete);
  RC_ASSERT(reduced.stats.disabled_branches == 0u);
  RC_ASSERT(reduced_finals == full_finals);
  RC_ASSERT(kinds(reduced) == kinds(full));
  RC_ASSERT(reduced.stats.executions <= full.stats.executions);
}

}  // namespace
}  // namespace kmc
