// Small exhaustive races on the sem model with their expected verdicts, under DPOR and plain DFS.
#include <gtest/gtest.h>

#include "model/sem/sem_state.hpp"
#include "tests/sem/sem_fixture.hpp"

namespace kmc::model::sem {
namespace {

using testing::explore;
using testing::SemCase;
using Kinds = std::set<ViolationKind>;

// Kinds found by DPOR; for small cases also by plain DFS, which must agree.
Kinds kinds_dpor(const SemCase& c, ExecutionOptions options = {}) {
  const auto dpor = explore(c, "dpor", options);
  EXPECT_TRUE(dpor.result.complete);
  return dpor.kinds;
}

Kinds kinds_both(const SemCase& c, ExecutionOptions options = {}) {
  const auto dpor = explore(c, "dpor", options);
  const auto dfs = explore(c, "dfs", options);
  EXPECT_TRUE(dpor.result.complete);
  EXPECT_TRUE(dfs.result.complete);
  EXPECT_EQ(dpor.kinds, dfs.kinds) << "dpor:\n" << dpor.describe() << "dfs:\n" << dfs.describe();
  EXPECT_LE(dpor.result.stats.executions, dfs.result.stats.executions);
  return dpor.kinds;
}

// A waiter and a poster on an anonymous semaphore of value 0, in one process. The post may come
// before the semaphore exists (EINVAL): then the waiter legally sleeps at the end.
TEST(SemRace, WaitAgainstPostIsClean) {
  SemCase c;
  c.threads.push_back({1,
                       [](SemModel& m) {
                         (void)m.init(1, 0);
                         (void)m.wait(1, 1);
                       },
                       true});
  c.threads.push_back({1, [](SemModel& m) { (void)m.post(1, 1); }});
  EXPECT_EQ(kinds_both(c), Kinds{});
}

// Two threads of one process make their first semaphore at once: both read the empty
// specificdata slot (U232) and both allocate a ksem_proc; one is lost with its handle (SEM-I8).
// Keep-going follows the seed past the broken invariant: the lost ksem_proc is never freed.
TEST(SemRace, FirstInitsOfTwoThreadsLoseAKsemProc) {
  SemCase c;
  c.threads.push_back({1, [](SemModel& m) { (void)m.init(1, 0); }});
  c.threads.push_back({1, [](SemModel& m) { (void)m.init(1, 0); }});
  EXPECT_EQ(kinds_both(c), (Kinds{ViolationKind::Invariant, ViolationKind::Leak}));
}

// The same two inits in two processes are independent and clean.
TEST(SemRace, InitsInTwoProcessesAreClean) {
  SemCase c;
  c.processes = 2;
  c.threads.push_back({1, [](SemModel& m) { (void)m.init(1, 0); }});
  c.threads.push_back({2, [](SemModel& m) { (void)m.init(2, 0); }});
  EXPECT_EQ(kinds_dpor(c), Kinds{});
}

// Two processes open the same new name with O_CREAT: the loser of the re-lookup (U503) goes to
// found_one (U515) and its own ksnew stays allocated, named and off ksem_head (SEM-I2).
TEST(SemRace, OpenCreateRaceLeaksTheLosersKsem) {
  SemCase c;
  c.processes = 2;
  c.threads.push_back({1, [](SemModel& m) { (void)m.open(1, "/s", kOCreat, 0600, 0); }});
  c.threads.push_back({2, [](SemModel& m) { (void)m.open(2, "/s", kOCreat, 0600, 0); }});
  // Past the broken SEM-I2 the loser's ksnew is never freed, and its reference never dropped.
  EXPECT_EQ(kinds_dpor(c),
            (Kinds{ViolationKind::Invariant, ViolationKind::Leak, ViolationKind::Refcount}));
}

// With O_EXCL the loser frees its ksnew (U508-512): clean, unless SEM-I10 is checked, which the
// unlocked ks_name write at U509 breaks.
TEST(SemRace, ExclusiveCreateRaceIsCleanButBreaksI10) {
  SemCase c;
  c.processes = 2;
  c.threads.push_back({1, [](SemModel& m) { (void)m.open(1, "/s", kOCreat | kOExcl, 0600, 0); }});
  c.threads.push_back({2, [](SemModel& m) { (void)m.open(2, "/s", kOCreat | kOExcl, 0600, 0); }});
  EXPECT_EQ(kinds_dpor(c), Kinds{});
  c.config.check_i10 = true;
  EXPECT_EQ(kinds_dpor(c), Kinds{ViolationKind::Invariant});
}

// Spec variant scenario: T1 waits on an anonymous semaphore of value 0 while T2 destroys it and
// posts. The seed's EBUSY test keeps the waiter safe.
SemCase waiter_and_destroyer(SemConfig config) {
  SemCase c;
  c.config = config;
  c.threads.push_back({1,
                       [](SemModel& m) {
                         (void)m.init(1, 0);
                         (void)m.wait(1, 1);
                       },
                       true});
  c.threads.push_back({1, [](SemModel& m) {
                         (void)m.destroy(1, 1);
                         (void)m.post(1, 1);
                       }});
  return c;
}

TEST(SemRace, DestroyWhileWaitingSeedIsSafe) {
  EXPECT_EQ(kinds_both(waiter_and_destroyer({})), Kinds{});
}

TEST(SemRace, NowaitersStrandsTheWaiter) {
  SemConfig cfg;
  cfg.nowaiters = true;
  EXPECT_EQ(kinds_both(waiter_and_destroyer(cfg)), Kinds{ViolationKind::LostWakeup});
}

// Without the temporary reference SEM-I5 (ks_ref >= ks_waiters) breaks first; with that half of
// the check off, the consequence shows: the woken waiter touches the freed ksem.
TEST(SemRace, NotemprefWithNowaitersAndASignalIsAUseAfterFree) {
  SemConfig cfg;
  cfg.nowaiters = true;
  cfg.notempref = true;
  cfg.fault_injection = true;
  // Keep-going goes on past the broken SEM-I5 to the consequence it warns of.
  EXPECT_EQ(
      kinds_both(waiter_and_destroyer(cfg)),
      (Kinds{ViolationKind::Invariant, ViolationKind::UseAfterFree, ViolationKind::DataRace}));
  cfg.check_i5_ref = false;
  EXPECT_EQ(kinds_both(waiter_and_destroyer(cfg)),
            (Kinds{ViolationKind::UseAfterFree, ViolationKind::DataRace}));
}

// Biglock mode: threads switch only where one sleeps; the open race still loses a ksem, since
// ksem_create's allocation sleeps between the first lookup and the second.
TEST(SemRace, BiglockOpenCreateRaceStillLeaks) {
  SemCase c;
  c.processes = 2;
  c.threads.push_back({1, [](SemModel& m) { (void)m.open(1, "/s", kOCreat, 0600, 0); }});
  c.threads.push_back({2, [](SemModel& m) { (void)m.open(2, "/s", kOCreat, 0600, 0); }});
  ExecutionOptions big;
  big.biglock = true;
  EXPECT_EQ(kinds_both(c, big),
            (Kinds{ViolationKind::Invariant, ViolationKind::Leak, ViolationKind::Refcount}));
}

}  // namespace
}  // namespace kmc::model::sem

namespace kmc::model::sem {
namespace {

// The lock-order graph the seed's operations build is the one of spec §1.4:
// kp_lock -> ksem_mutex -> ks_interlock, plus kp_lock -> ks_interlock, and no cycle.
TEST(SemLockOrder, GraphIsTheSpecsAndAcyclic) {
  SemCase c;
  c.config.dtor_noexit = true;
  c.threads.push_back({1, [](SemModel& m) {
                         const Value s = m.open(1, "/s", kOCreat, 0600, 0);
                         (void)m.open(1, "/s", 0, 0, 0);  // found: ksem_mutex -> ks_interlock
                         const Value a = m.init(1, 1);
                         (void)m.wait(1, a);     // kp_lock -> ks_interlock
                         (void)m.destroy(1, a);  // frees with kp_lock held: kp_lock -> ksem_mutex
                         (void)m.close(1, s);
                         m.exit_hook(1);
                       }});
  const auto out = explore(c, "dpor");
  EXPECT_TRUE(out.kinds.empty()) << out.describe();
  const LockGraph& g = out.result.lock_graph;
  std::set<std::pair<std::string, std::string>> edges;
  for (const LockGraph::Edge& e : g.edges())
    edges.insert({g.class_name(e.from), g.class_name(e.to)});
  const std::set<std::pair<std::string, std::string>> want = {
      {"ksem_mutex", "ks_interlock"}, {"kp_lock", "ks_interlock"}, {"kp_lock", "ksem_mutex"}};
  EXPECT_EQ(edges, want);
  EXPECT_TRUE(g.cycles().empty());
}

}  // namespace
}  // namespace kmc::model::sem
