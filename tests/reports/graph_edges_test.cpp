// The orders between threads recovered from hand-built traces: lock hand-off, wakeup, reads-from,
// free -> use, spawn, the preemption marks, and what a blocked thread waits for.
#include <gtest/gtest.h>

#include "reports/graph_edges.hpp"
#include "tests/reports/trace_builder.hpp"

namespace kmc::reports {
namespace {

using kmc::testing::TraceBuilder;

// "from->to:kind" for each edge, in the order ordering_edges gives them.
std::vector<std::string> describe(const std::vector<OrderEdge>& edges) {
  std::vector<std::string> out;
  for (const OrderEdge& e : edges)
    out.push_back(std::to_string(e.from) + "->" + std::to_string(e.to) + ":" +
                  std::string(to_string(e.kind)));
  return out;
}

TEST(OrderingEdges, LockReleaseToTheNextAcquireByAnotherThread) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId a = b.object(ObjectKind::Mutex, "A", "lock_A");
  b.lock(t0, a);
  b.unlock(t0, a);
  b.lock(t1, a);
  b.unlock(t1, a);
  b.lock(t1, a);  // same thread again: program order says it, no edge
  b.unlock(t1, a);
  b.lock(t0, a);
  const auto edges = ordering_edges(b.trace());
  EXPECT_EQ(describe(edges), (std::vector<std::string>{"1->2:lock", "5->6:lock"}));
  EXPECT_EQ(edges[0].object, "A");
}

TEST(OrderingEdges, RwlockReadersFollowTheWriterAndTheWriterFollowsEveryReader) {
  TraceBuilder b;
  const ThreadId w = b.thread("W");
  const ThreadId r1 = b.thread("R1");
  const ThreadId r2 = b.thread("R2");
  const ObjectId l = b.object(ObjectKind::RwLock, "L", "rw");
  b.event(w, OpKind::RwWrite, l, AccessKind::Acquire);        // 0
  b.event(w, OpKind::RwUnlock, l, AccessKind::Release);       // 1
  b.event(r1, OpKind::RwRead, l, AccessKind::SharedAcquire);  // 2 <- 1
  b.event(r2, OpKind::RwRead, l, AccessKind::SharedAcquire);  // 3 <- 1
  b.event(r1, OpKind::RwUnlock, l, AccessKind::Release);      // 4
  b.event(r2, OpKind::RwUnlock, l, AccessKind::Release);      // 5
  b.event(w, OpKind::RwWrite, l, AccessKind::Acquire);        // 6 <- 4, 5
  EXPECT_EQ(describe(ordering_edges(b.trace())),
            (std::vector<std::string>{"1->2:lock", "1->3:lock", "4->6:lock", "5->6:lock"}));
}

TEST(OrderingEdges, TokenGivenUpByBlockingGoesToTheNextGetter) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId tok = b.object(ObjectKind::Token, "kq_token");
  auto& events = b.trace().events;
  b.event(t0, OpKind::TokenGet, tok, AccessKind::Acquire);  // 0
  // 1: may_sleep while holding it: the engine lists the tokens given up as releases
  b.event(t0, OpKind::Block, kNoObject, AccessKind::Read);
  events.back().accesses.add({tok, AccessKind::Release});
  b.event(t1, OpKind::TokenGet, tok, AccessKind::Acquire);      // 2 <- 1
  b.event(t1, OpKind::TokenRelease, tok, AccessKind::Release);  // 3
  b.event(t0, OpKind::Resume, kNoObject, AccessKind::Read);     // 4 <- 3: takes them back
  events.back().accesses.add({tok, AccessKind::Acquire});
  EXPECT_EQ(describe(ordering_edges(b.trace())),
            (std::vector<std::string>{"1->2:lock", "3->4:lock"}));
}

TEST(OrderingEdges, WakeupToWokenAndOtherEnablers) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("sleeper");
  const ThreadId t1 = b.thread("waker");
  const ObjectId ch = b.object(ObjectKind::Channel, "ks_cv");
  const ObjectId latch = b.object(ObjectKind::Latch, "go");
  b.event(t0, OpKind::Sleep, ch, AccessKind::Write);                       // 0
  const auto w = b.event(t1, OpKind::Wakeup, ch, AccessKind::Write);       // 1
  b.event(t0, OpKind::Woken, ch, AccessKind::Write, "S", 0, w);            // 2 <- 1
  const auto s = b.event(t0, OpKind::LatchSet, latch, AccessKind::Write);  // 3
  b.event(t1, OpKind::LatchWait, latch, AccessKind::Read, "S", 0, s);      // 4 <- 3
  EXPECT_EQ(describe(ordering_edges(b.trace())),
            (std::vector<std::string>{"1->2:wakeup", "3->4:enables"}));
}

TEST(OrderingEdges, AtomicWriteToTheReadThatSawIt) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId x = b.object(ObjectKind::Atomic, "x");
  b.event(t0, OpKind::Store, x, AccessKind::Write);                    // 0
  b.event(t1, OpKind::Load, x, AccessKind::Read);                      // 1 <- 0
  b.event(t0, OpKind::Store, x, AccessKind::Write);                    // 2
  b.event(t0, OpKind::Load, x, AccessKind::Read);                      // 3 own write
  b.event(t1, OpKind::FetchAdd, x, AccessKind::Write, "S", 5);         // 4 <- 2
  b.event(t0, OpKind::CompareExchange, x, AccessKind::Write, "S", 0);  // 5 <- 4, failed: no write
  b.event(t1, OpKind::Load, x, AccessKind::Read);                      // 6 sees its own 4
  EXPECT_EQ(describe(ordering_edges(b.trace())),
            (std::vector<std::string>{"0->1:rf", "2->4:rf", "4->5:rf"}));
}

TEST(OrderingEdges, FreeToEveryLaterAccessOfTheFreedCell) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("owner");
  const ThreadId t1 = b.thread("user");
  const ObjectId cell = b.object(ObjectKind::HeapCell, "ksem#0");
  const ObjectId count = b.object(ObjectKind::Atomic, "ks_ref");
  b.event(t0, OpKind::Alloc, cell, AccessKind::Write);                  // 0
  b.event(t0, OpKind::Free, cell, AccessKind::Write);                   // 1
  const auto use = b.event(t1, OpKind::Load, count, AccessKind::Read);  // 2: inside the cell
  b.trace().events[static_cast<std::size_t>(use)].accesses.add({cell, AccessKind::Read});
  const auto late = b.event(t1, OpKind::Yield, kNoObject, AccessKind::Read);  // 3: checked deref
  b.violate(ViolationKind::UseAfterFree, "user accesses ksem#0 after it was freed", t1, late);
  EXPECT_EQ(describe(ordering_edges(b.trace())),
            (std::vector<std::string>{"1->2:free", "1->3:free"}));
}

TEST(OrderingEdges, SpawnToTheChildsFirstEvent) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("main");
  const ThreadId t1 = b.thread("child");
  b.event(t0, OpKind::Spawn, kNoObject, AccessKind::Write, "spawn", t1);  // 0
  b.event(t0, OpKind::Yield, kNoObject, AccessKind::Read);                // 1
  b.event(t1, OpKind::Yield, kNoObject, AccessKind::Read);                // 2 <- 0
  EXPECT_EQ(describe(ordering_edges(b.trace())), (std::vector<std::string>{"0->2:spawn"}));
}

TEST(PreemptionPoints, MarksASwitchAwayFromAThreadThatCouldStillRun) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId a = b.object(ObjectKind::Mutex, "A", "lock_A");
  const ObjectId x = b.object(ObjectKind::Atomic, "x");
  b.lock(t1, a);                                     // 0: T1 could go on: preempted
  b.event(t0, OpKind::Store, x, AccessKind::Write);  // 1: T0's next wants A, held by T1: blocked
  b.event(t1, OpKind::Store, x, AccessKind::Write);  // 2
  b.unlock(t1, a);                                   // 3: T1 has nothing left
  b.lock(t0, a);                                     // 4
  EXPECT_EQ(preemption_points(b.trace()), (std::vector<char>{1, 0, 0, 0, 0}));
}

TEST(PreemptionPoints, ASleeperIsNotPreempted) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId ch = b.object(ObjectKind::Channel, "cv");
  b.event(t0, OpKind::Sleep, ch, AccessKind::Write);
  const auto w = b.event(t1, OpKind::Wakeup, ch, AccessKind::Write);
  b.event(t0, OpKind::Woken, ch, AccessKind::Write, "S", 0, w);
  EXPECT_EQ(preemption_points(b.trace()), (std::vector<char>{0, 0, 0}));
}

TEST(BlockedThreads, TheHolderOfTheLockAndTheMissedWakeup) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0", false, "mutex_enter B");
  const ThreadId t1 = b.thread("T1", false, "mutex_enter A");
  const ThreadId t2 = b.thread("T2", false, "woken cv (ksem)");
  const ThreadId t3 = b.thread("T3");
  const ObjectId a = b.object(ObjectKind::Mutex, "A", "lock_A");
  const ObjectId bl = b.object(ObjectKind::Mutex, "B", "lock_B");
  const ObjectId cv = b.object(ObjectKind::Channel, "cv");
  b.lock(t0, a);                                       // 0
  b.lock(t1, bl);                                      // 1
  b.event(t3, OpKind::Wakeup, cv, AccessKind::Write);  // 2: nobody sleeps yet
  b.event(t2, OpKind::Sleep, cv, AccessKind::Write);   // 3
  EXPECT_EQ(holder_acquire_of(b.trace(), t0), 1);
  EXPECT_EQ(holder_acquire_of(b.trace(), t1), 0);
  EXPECT_EQ(holder_acquire_of(b.trace(), t2), -1);
  EXPECT_EQ(missed_wakeup_of(b.trace(), t2), 2);
  EXPECT_EQ(missed_wakeup_of(b.trace(), t0), -1);
}

}  // namespace
}  // namespace kmc::reports
