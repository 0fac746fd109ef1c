// Exit and exec of a process with several threads (exit_lwps, not in seed: the other threads
// finish their sem calls, a sem_wait fails with EINTR, and they exit before the hook runs once),
// and what the address-reuse scenarios reach.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/sem/sem_state.hpp"
#include "tests/scenario_reach.hpp"
#include "tests/sem/sem_fixture.hpp"

namespace kmc::model::sem {
namespace {

using testing::explore;
using testing::SemCase;
using Row = std::vector<Value>;

constexpr Value kUnset = 99;  // the call was not made in that execution

// The results of one execution, one slot per call, and every row any execution ended with.
struct Seen {
  explicit Seen(std::size_t n) : now(n, kUnset) {}
  Row now;
  std::set<Row> all;
  void snapshot() {
    all.insert(now);
    std::fill(now.begin(), now.end(), kUnset);
  }
};

// Explores `c` with DPOR and with plain DFS: neither may find a violation, and both must reach
// exactly the same rows.
std::set<Row> rows_both(SemCase c, const std::shared_ptr<Seen>& seen) {
  c.at_end = [seen] { seen->snapshot(); };
  std::set<Row> first;
  for (const char* strategy : {"dpor", "dfs"}) {
    seen->all.clear();
    const auto o = explore(c, strategy);
    EXPECT_TRUE(o.kinds.empty()) << strategy << ": " << o.describe();
    EXPECT_TRUE(o.result.complete) << strategy;
    if (first.empty()) first = seen->all;
    EXPECT_EQ(seen->all, first) << strategy;
  }
  return first;
}

// Process 1 with several threads, and the destructor without finding S1.
SemCase lwps_case() {
  SemCase c;
  c.config.dtor_noexit = true;
  c.lwps = {1};
  return c;
}

// T1 makes a semaphore and waits on it; T2 exits the process. The exit waits for T1: T1's sleep
// fails with EINTR, or T1 entered no call (ESRCH: it was told to exit first). Without exit_lwps
// the destructor would run under T1 (the harness refused that before).
TEST(SemLwp, ExitInterruptsASiblingAsleepInWait) {
  auto seen = std::make_shared<Seen>(3);
  SemCase c = lwps_case();
  c.threads.push_back({1, [seen](SemModel& m) {
                         seen->now[0] = m.init(1, 0);
                         seen->now[1] = m.wait(1, 1);
                       }});
  c.threads.push_back({1, [seen](SemModel& m) { seen->now[2] = m.exit_hook(1) ? 0 : kUnset; }});
  EXPECT_EQ(
      rows_both(c, seen),
      (std::set<Row>{{-err::kESRCH, err::kESRCH, 0}, {1, err::kESRCH, 0}, {1, err::kEINTR, 0}}));
}

// exec keeps the thread that called it: its later calls run in the new image, while a sibling's
// call either ran before the exec (its handle then goes with the old ksem_proc) or never runs.
TEST(SemLwp, ExecKeepsTheExecingThread) {
  auto seen = std::make_shared<Seen>(3);
  SemCase c = lwps_case();
  c.threads.push_back({1, [seen](SemModel& m) {
                         seen->now[0] = m.exec_hook(1) ? 0 : kUnset;
                         seen->now[1] = m.init(1, 3);
                       }});
  c.threads.push_back({1, [seen](SemModel& m) { seen->now[2] = m.init(1, 4); }});
  const std::set<Row> rows = rows_both(c, seen);
  std::set<Value> sibling;
  for (const Row& r : rows) {
    EXPECT_EQ(r[0], 0);
    EXPECT_GT(r[1], 0);
    sibling.insert(r[2] > 0 ? 1 : r[2]);
  }
  EXPECT_EQ(sibling, (std::set<Value>{1, -err::kESRCH}));
}

// Two threads exit one process at once: one runs the exit, the other is told to exit by it.
TEST(SemLwp, TwoExitsOfOneProcessRunOnce) {
  auto seen = std::make_shared<Seen>(2);
  SemCase c = lwps_case();
  c.threads.push_back({1, [seen](SemModel& m) { seen->now[0] = m.exit_hook(1) ? 0 : 1; }});
  c.threads.push_back({1, [seen](SemModel& m) { seen->now[1] = m.exit_hook(1) ? 0 : 1; }});
  EXPECT_EQ(rows_both(c, seen), (std::set<Row>{{0, 1}, {1, 0}}));
}

// The thread that exited may not call again: a harness error of the scenario.
TEST(SemLwp, CallAfterOwnExitIsAHarnessError) {
  SemCase c;
  c.threads.push_back({1, [](SemModel& m) {
                         (void)m.exit_hook(1);
                         (void)m.init(1, 0);
                       }});
  const auto o = explore(c, "dpor");
  EXPECT_EQ(o.kinds, std::set<ViolationKind>{ViolationKind::Assertion}) << o.describe();
  EXPECT_NE(o.describe().find("harness:"), std::string::npos) << o.describe();
}

// A process never declared to have several threads keeps the old contract: its exit while another
// of its threads is inside a call is a harness error (nothing would order the two).
TEST(SemLwp, ExitOfAProcessNotDeclaredMultiThreadedRequiresOneThread) {
  SemCase c;
  c.config.dtor_noexit = true;
  c.threads.push_back({1, [](SemModel& m) { (void)m.init(1, 0); }, true});
  c.threads.push_back({1, [](SemModel& m) { (void)m.exit_hook(1); }});
  const auto o = explore(c, "dpor");
  EXPECT_TRUE(o.has(ViolationKind::Assertion)) << o.describe();
  EXPECT_NE(o.describe().find("needs add_thread"), std::string::npos) << o.describe();
}

// With address reuse, the seed's U218 (finding S1) releases the interlock of process 1's new
// semaphore, allocated at the freed ksem's address, while T2 holds it in sem_post.
TEST(SemLwp, ReuseExitReleasesAnotherSemaphoresInterlock) {
  const auto reach = kmc::testing::reach_scenario("sem/reuse_exit_realloc.scn");
  EXPECT_TRUE(kmc::testing::any_contains(reach.messages, "owned by T2"));
  EXPECT_FALSE(reach.reused.empty());
}

// The destroyed semaphore's address is handed out to the next sem_init.
TEST(SemLwp, ReuseDestroyReinitReusesTheKsem) {
  const auto reach = kmc::testing::reach_scenario("sem/reuse_destroy_reinit.scn");
  EXPECT_TRUE(kmc::testing::any_contains(reach.reused, "ksem#"));
}

}  // namespace
}  // namespace kmc::model::sem
