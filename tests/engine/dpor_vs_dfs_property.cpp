// The reference property: on random small programs (2-3 threads, up to 4 visible operations each,
// over a few shared variables and locks, with data choices, RCU readers, callbacks and grace
// periods, and sleeps with or without a timeout, interruptible or not, under a random bound of
// early timeouts) DPOR reaches the same set of final states and the same violation kinds as plain
// DFS over all interleavings.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/rcu.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

enum class Kind {
  Load,
  Store,
  Add,
  Locked,
  Nested,
  Choose,
  ReadLocked,
  WriteLocked,
  TokenPair,
  Check,
  RcuRead,      // rcu_read_lock; load; rcu_read_unlock
  CallRcu,      // call_rcu with a callback that stores `value`
  Synchronize,  // synchronize_rcu: call_rcu with a callback that sets a latch, then wait on it
  Sleep,  // sleep on a channel: with a timeout if value == 1; a signal may end it if lock2 == 1
  WakeUp  // wakeup (value == 1) or wakeup_one (value == 2) on a channel
};
struct Op {
  Kind kind = Kind::Load;
  int var = 0;
  int lock = 0;
  int lock2 = 0;
  int value = 0;
};
using Thread = std::vector<Op>;
constexpr int kVars = 2;
constexpr int kLocks = 2;
constexpr int kChannels = 2;

rc::Gen<Op> gen_op() {
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind,
                   rc::gen::element(Kind::Load, Kind::Store, Kind::Add, Kind::Locked, Kind::Nested,
                                    Kind::Choose, Kind::ReadLocked, Kind::WriteLocked,
                                    Kind::TokenPair, Kind::Check, Kind::RcuRead, Kind::CallRcu,
                                    Kind::Synchronize, Kind::Sleep, Kind::WakeUp)),
      rc::gen::set(&Op::var, rc::gen::inRange(0, kVars)),
      rc::gen::set(&Op::lock, rc::gen::inRange(0, kLocks)),
      rc::gen::set(&Op::lock2, rc::gen::inRange(0, kLocks)),
      rc::gen::set(&Op::value, rc::gen::inRange(1, 3)));
}

void showValue(const Op& op, std::ostream& os) {
  static const char* names[] = {"load",   "store",   "add",      "locked", "nested",
                                "choose", "rlocked", "wlocked",  "tokens", "check",
                                "rcu",    "callrcu", "sync_rcu", "sleep",  "wakeup"};
  os << names[static_cast<int>(op.kind)] << "(x" << op.var << ",L" << op.lock << ",L" << op.lock2
     << "," << op.value << ")";
}

// Final states as text: shared values and what each thread read, so equal sets mean equal
// behaviour.
struct Collector {
  std::set<std::string> finals;
};

// Whether any thread uses RCU: only then is the domain (and its callback thread) created.
bool uses_rcu(const std::vector<Thread>& threads) {
  return std::any_of(threads.begin(), threads.end(), [](const Thread& t) {
    return std::any_of(t.begin(), t.end(), [](const Op& op) {
      return op.kind == Kind::RcuRead || op.kind == Kind::CallRcu || op.kind == Kind::Synchronize;
    });
  });
}

LambdaProgram build(const std::vector<Thread>& threads, Collector& out) {
  return LambdaProgram([threads, &out](Execution& ex, Bag& bag) {
    Rcu* rcu = uses_rcu(threads) ? &bag.make<Rcu>(ex) : nullptr;
    auto& channels = bag.make<std::vector<std::unique_ptr<WaitChannel>>>();
    for (int c = 0; c < kChannels; ++c)
      channels.push_back(std::make_unique<WaitChannel>(ex, "chan" + std::to_string(c)));
    // One latch per synchronize_rcu, indexed [thread][op]: a latch is one-shot.
    auto& latches = bag.make<std::vector<std::vector<std::unique_ptr<Latch>>>>(threads.size());
    for (std::size_t t = 0; t < threads.size(); ++t) {
      for (std::size_t i = 0; i < threads[t].size(); ++i) {
        latches[t].push_back(
            threads[t][i].kind == Kind::Synchronize
                ? std::make_unique<Latch>(ex, "gp" + std::to_string(t) + "." + std::to_string(i))
                : nullptr);
      }
    }
    auto& vars = bag.make<std::vector<std::unique_ptr<Shared<int>>>>();
    auto& locks = bag.make<std::vector<std::unique_ptr<Mutex>>>();
    auto& seen = bag.make<std::vector<std::string>>(threads.size());
    auto& rw = bag.make<RwLock>(ex, "RW", "RW");
    auto& tokens = bag.make<std::vector<std::unique_ptr<Token>>>();
    for (int l = 0; l < kLocks; ++l)
      tokens.push_back(std::make_unique<Token>(ex, "tok" + std::to_string(l)));
    for (int v = 0; v < kVars; ++v)
      vars.push_back(std::make_unique<Shared<int>>(ex, "x" + std::to_string(v), 0));
    for (int l = 0; l < kLocks; ++l)
      locks.push_back(
          std::make_unique<Mutex>(ex, "L" + std::to_string(l), "L" + std::to_string(l)));
    // Runs after every thread, the callback thread included, could no longer move: a callback
    // whose grace period has ended has run (its store is in `vars`); any still queued is counted.
    ex.add_end_check([&vars, &seen, &out, rcu]() -> std::optional<Violation> {
      std::string s;
      for (auto& v : vars) s += std::to_string(v->peek()) + ",";
      for (auto& t : seen) s += "|" + t;
      if (rcu != nullptr) s += "|pending " + std::to_string(rcu->pending());
      out.finals.insert(s);
      return std::nullopt;
    });
    for (std::size_t t = 0; t < threads.size(); ++t) {
      ex.spawn("T" + std::to_string(t), [&, rcu, t, ops = threads[t]] {
        std::string& mine = seen[t];
        for (std::size_t i = 0; i < ops.size(); ++i) {
          const Op& op = ops[i];
          Shared<int>& x = *vars[op.var];
          WaitChannel& chan = *channels[op.lock % kChannels];
          switch (op.kind) {
            case Kind::Load:
              mine += std::to_string(x.load("load")) + " ";
              break;
            case Kind::Store:
              x.store(op.value, "store");
              break;
            case Kind::Add:
              x.store(x.load("add: load") + op.value, "add: store");
              break;
            case Kind::Locked:
              locks[op.lock]->lock("lock");
              x.store(x.load("locked load") + 1, "locked store");
              locks[op.lock]->unlock("unlock");
              break;
            case Kind::Nested:
              if (op.lock == op.lock2) break;
              locks[op.lock]->lock("outer");
              locks[op.lock2]->lock("inner");
              locks[op.lock2]->unlock("inner");
              locks[op.lock]->unlock("outer");
              break;
            case Kind::Choose:
              mine += "c" + std::to_string(ex.choose(2, "choose")) + " ";
              break;
            case Kind::TokenPair:
              // Two tokens, possibly in opposite orders across threads: never a deadlock.
              tokens[op.lock]->get("get outer");
              tokens[op.lock2]->get("get inner");
              x.store(x.load("under tokens") + 1, "store under tokens");
              tokens[op.lock2]->release("rel inner");
              tokens[op.lock]->release("rel outer");
              break;
            case Kind::Check:
              // A violation in the middle of an execution cuts it short: DPOR must still find
              // the violations that only other orders of the remaining threads reach.
              if (x.load("check") == op.value) {
                ex.fail(op.lock == 0 ? ViolationKind::Assertion : ViolationKind::Invariant,
                        "x" + std::to_string(op.var) + " == " + std::to_string(op.value),
                        Site("check"));
              }
              break;
            case Kind::ReadLocked:
              rw.lock_shared("rw_enter(R)");
              mine += "r" + std::to_string(x.load("read under R")) + " ";
              rw.unlock("rw_exit");
              break;
            case Kind::WriteLocked:
              rw.lock("rw_enter(W)");
              x.store(op.value, "write under W");
              rw.unlock("rw_exit");
              break;
            case Kind::RcuRead:
              rcu->read_lock("rcu_read_lock");
              mine += "u" + std::to_string(x.load("rcu_dereference")) + " ";
              rcu->read_unlock("rcu_read_unlock");
              break;
            case Kind::CallRcu:
              rcu->call_rcu([&x, v = op.value] { x.store(v, "callback store"); }, "call_rcu");
              break;
            case Kind::Synchronize: {
              Latch& gp = *latches[t][i];
              rcu->call_rcu([&gp] { gp.set("complete"); }, "synchronize_rcu: call_rcu");
              gp.wait("synchronize_rcu: wait");
              break;
            }
            case Kind::Sleep:
              mine += "s" +
                      std::to_string(static_cast<int>(
                          chan.sleep("tsleep", {.wmesg = "wait",
                                                .timeout = op.value == 1,
                                                .interruptible = op.lock2 == 1}))) +
                      " ";
              break;
            case Kind::WakeUp:
              if (op.value == 1) {
                chan.wakeup("wakeup");
              } else {
                chan.wakeup_one("wakeup_one");
              }
              break;
          }
        }
      });
    }
  });
}

// Visible events an operation costs, so that each thread stays within 4 of them.
int cost(const Op& op) {
  switch (op.kind) {
    case Kind::Add:
      return 2;
    case Kind::Locked:
      return 4;
    case Kind::Nested:
      return op.lock == op.lock2 ? 0 : 4;
    case Kind::ReadLocked:
    case Kind::WriteLocked:
      return 3;
    case Kind::TokenPair:
      return 4;
    // RCU callbacks run on the callback thread; the thread that queues one pays for its events
    // there too (callback and store, callback and latch set), or DFS's interleavings explode.
    case Kind::RcuRead:
    case Kind::CallRcu:  // call_rcu, callback, store
      return 3;
    case Kind::Synchronize:  // call_rcu, wait, callback, latch set
      return 4;
    case Kind::Sleep:  // the sleep, the early-timeout choice and the wakeup or timeout
      return op.value == 1 ? 3 : 2;
    default:
      return 1;
  }
}

// Drops the operations past each thread's budget of 4 visible events.
std::vector<Thread> within_budget(std::vector<Thread> threads) {
  for (Thread& t : threads) {
    int used = 0;
    Thread kept;
    for (const Op& op : t) {
      if (used + cost(op) > 4) continue;
      used += cost(op);
      kept.push_back(op);
    }
    t = kept;
  }
  return threads;
}

std::set<ViolationKind> kinds(const RunResult& r) {
  std::set<ViolationKind> k;
  for (const Counterexample& c : r.counterexamples) k.insert(c.violation.kind);
  return k;
}

RC_GTEST_PROP(DporProperty, SameFinalStatesAndViolationsAsDfs, ()) {
  const auto threads = within_budget(*rc::gen::container<std::vector<Thread>>(
      *rc::gen::inRange(2, 4), rc::gen::container<Thread>(*rc::gen::inRange(1, 5), gen_op())));
  ExecutionOptions options;
  options.early_timeouts = *rc::gen::inRange(0u, 3u);
  Collector by_dfs;
  Collector by_dpor;
  const RunResult dfs = testing::run_all(build(threads, by_dfs), "dfs", true, 2, options);
  const RunResult dpor = testing::run_all(build(threads, by_dpor), "dpor", true, 2, options);
  RC_ASSERT(dfs.complete);
  RC_ASSERT(dpor.complete);
  // No wakeup branch may be planned for a thread that cannot run there (LWKT tokens and rwlock
  // readers once broke this).
  RC_ASSERT(dpor.stats.disabled_branches == 0u);
  // A `check` that fires cuts its execution short; DPOR must still reach every state and kind
  // that other orders of the remaining threads reach (the violating event disables them all).
  RC_ASSERT(by_dpor.finals == by_dfs.finals);
  RC_ASSERT(kinds(dpor) == kinds(dfs));
  RC_ASSERT(dpor.stats.executions <= dfs.stats.executions);
}

}  // namespace
}  // namespace kmc
