// The race-trace picture of hand-built traces: lanes, cross-lane edges, the violating node and the
// path into it, folds of thread-local runs, the blocked end state of a deadlock, and SVG output.
#include <gtest/gtest.h>

#include <source_location>

#include "reports/graph_dot.hpp"
#include "reports/graph_model.hpp"
#include "reports/graph_render.hpp"
#include "reports/graphs.hpp"
#include "tests/reports/picture_checks.hpp"
#include "tests/reports/trace_builder.hpp"

namespace kmc::reports {
namespace {

using kmc::testing::check_trace_picture;
using kmc::testing::DotReader;
using kmc::testing::TraceBuilder;

std::string dot_of(const Trace& trace, const GraphOptions& options = {}) {
  return trace_dot(trace, build_trace_graph(trace, options), "R:test-token");
}

// Three threads, ~`per_thread` events each: mostly thread-local atomics, every tenth step a shared
// mutex section; the last event of the last thread violates an assertion.
Trace long_trace(int per_thread) {
  TraceBuilder b;
  std::vector<ThreadId> threads;
  std::vector<ObjectId> own;
  for (int t = 0; t < 3; ++t) {
    threads.push_back(b.thread("worker" + std::to_string(t)));
    own.push_back(b.object(ObjectKind::Atomic, "count" + std::to_string(t)));
  }
  const ObjectId m = b.object(ObjectKind::Mutex, "table_lock", "table");
  const ObjectId shared = b.object(ObjectKind::Atomic, "nfiles");
  for (int step = 0; step < per_thread; ++step) {
    for (int t = 0; t < 3; ++t) {
      if (step % 10 == 9) {
        b.lock(threads[t], m);
        b.event(threads[t], OpKind::FetchAdd, shared, AccessKind::Write, "R512", step);
        b.unlock(threads[t], m);
      } else {
        b.event(threads[t], step % 2 ? OpKind::Load : OpKind::Store, own[t],
                step % 2 ? AccessKind::Read : AccessKind::Write, "R100", step);
      }
    }
  }
  const auto last = static_cast<std::int32_t>(b.trace().events.size() - 1);
  b.violate(ViolationKind::Assertion, "nfiles went wrong", threads[2], last);
  return b.trace();
}

TEST(TracePicture, MutexHandoffAndTheViolatingEvent) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("closer");
  const ThreadId t1 = b.thread("user");
  const ObjectId a = b.object(ObjectKind::Mutex, "file_lock#1", "file_lock");
  const ObjectId x = b.object(ObjectKind::Atomic, "f_count");
  b.lock(t0, a);                                     // 0
  b.event(t0, OpKind::Store, x, AccessKind::Write);  // 1
  b.unlock(t0, a);                                   // 2
  b.event(t0, OpKind::Store, x, AccessKind::Write);  // 3: after the hand-off, not before the bug
  b.lock(t1, a);                                     // 4 <- 2
  const auto bad = b.event(t1, OpKind::Load, x, AccessKind::Read);  // 5 <- 3 (rf)
  b.violate(ViolationKind::Invariant, "f_count is \"odd\" <here>", t1, bad);
  const std::string dot = dot_of(b.trace());
  const DotReader r(dot);
  check_trace_picture(r, b.trace());
  EXPECT_EQ(r.nodes_with("kmc_violation", "1"), (std::vector<std::string>{"e5"}));
  bool handoff = false;
  bool rf = false;
  for (const auto& e : r.edges()) {
    if (e.from == "e2" && e.to == "e4" && e.get("kmc_kind") == "lock") handoff = true;
    if (e.from == "e3" && e.to == "e5" && e.get("kmc_kind") == "rf") rf = true;
  }
  EXPECT_TRUE(handoff);
  EXPECT_TRUE(rf);
  // Labels name the operation, the object and the seed line; lanes are clusters named by thread.
  EXPECT_NE(dot.find("mutex_enter file_lock#1"), std::string::npos);
  EXPECT_NE(dot.find("subgraph cluster_t1"), std::string::npos);
  EXPECT_NE(dot.find("<B>user</B>"), std::string::npos);
}

TEST(TracePicture, UseAfterFreeHighlightsTheFreeAndTheUse) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("closer");
  const ThreadId t1 = b.thread("reader");
  const ObjectId cell = b.object(ObjectKind::HeapCell, "file#0");
  const ObjectId other = b.object(ObjectKind::Atomic, "unrelated");
  b.event(t0, OpKind::Alloc, cell, AccessKind::Write);                       // 0
  b.event(t1, OpKind::Store, other, AccessKind::Write);                      // 1
  b.event(t0, OpKind::Free, cell, AccessKind::Write);                        // 2
  const auto use = b.event(t1, OpKind::Yield, kNoObject, AccessKind::Read);  // 3
  b.event(t0, OpKind::Store, other, AccessKind::Write);                      // 4: after
  b.violate(ViolationKind::UseAfterFree, "reader accesses file#0 after it was freed", t1, use);
  const DotReader r(dot_of(b.trace()));
  check_trace_picture(r, b.trace());
  bool free_edge = false;
  for (const auto& e : r.edges())
    if (e.from == "e2" && e.to == "e3")
      free_edge = e.get("kmc_kind") == "free" && e.get("kmc_highlight") == "1";
  EXPECT_TRUE(free_edge);
  EXPECT_EQ(r.node_attr("e4", "kmc_cone"), "");  // after the violation: greyed out
}

TEST(TracePicture, DeadlockEndsAtTheBlockedOperationWithWhoHoldsTheLock) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T1", false, "mutex_enter B");
  const ThreadId t1 = b.thread("T2", false, "mutex_enter A");
  const ObjectId a = b.object(ObjectKind::Mutex, "A", "lock_A");
  const ObjectId bl = b.object(ObjectKind::Mutex, "B", "lock_B");
  b.lock(t0, a);   // 0
  b.lock(t1, bl);  // 1
  b.violate(ViolationKind::Deadlock, "T1 blocked in mutex_enter B; T2 blocked in mutex_enter A", t0,
            1);
  const DotReader r(dot_of(b.trace()));
  check_trace_picture(r, b.trace());
  EXPECT_EQ(r.nodes_with("kmc_violation", "1"), (std::vector<std::string>{"b0"}));
  EXPECT_EQ(r.nodes_with("kmc_blocked", "1").size(), 2u);
  int waits = 0;
  for (const auto& e : r.edges()) {
    if (e.get("kmc_kind") != "waits") continue;
    ++waits;
    if (e.to == "b0") {
      EXPECT_EQ(e.from, "e1");  // T2 holds B
      EXPECT_EQ(e.get("kmc_highlight"), "1");
    }
  }
  EXPECT_EQ(waits, 2);
}

TEST(TracePicture, DataRaceLinksTheOtherAccessToTheViolation) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("writer");
  const ThreadId t1 = b.thread("freer");
  const ObjectId x = b.object(ObjectKind::Shared, "f_pos");
  const ObjectId cell = b.object(ObjectKind::HeapCell, "file#0");
  const auto write = b.event(t0, OpKind::Store, x, AccessKind::Write, "use");  // 0
  b.trace().events.back().loc = std::source_location::current();
  const std::source_location where = b.trace().events.back().loc;
  b.event(t0, OpKind::Yield, kNoObject, AccessKind::Read);              // 1
  const auto bad = b.event(t1, OpKind::Free, cell, AccessKind::Write);  // 2
  b.violate(ViolationKind::DataRace,
            "freer frees file#0 without being ordered after writer's access", t1, bad);
  b.trace().violation->related.push_back("writer wrote it at use " +
                                         std::string(where.file_name()) + ":" +
                                         std::to_string(where.line()));
  EXPECT_EQ(racing_event_of(b.trace()), write);
  const DotReader r(dot_of(b.trace()));
  check_trace_picture(r, b.trace());
  bool race = false;
  for (const auto& e : r.edges())
    if (e.from == "e0" && e.to == "e2") race = e.get("kmc_kind") == "races";
  EXPECT_TRUE(race);
  EXPECT_EQ(r.node_attr("e0", "kmc_cone"), "1");
  EXPECT_EQ(r.node_attr("e1", "kmc_cone"), "");  // after the racing access: not part of it
}

TEST(TracePicture, TwoHundredEventsFoldIntoAReadablePicture) {
  const Trace trace = long_trace(70);
  ASSERT_GE(trace.events.size(), 200u);
  const TraceGraph g = build_trace_graph(trace);
  const std::string dot = trace_dot(trace, g, "");
  const DotReader r(dot);
  check_trace_picture(r, trace);
  EXPECT_GT(g.folded_events, trace.events.size() / 2);
  EXPECT_LT(r.drawn_nodes(), 100u) << "folding should leave well under 100 nodes";
  bool says_folded = false;
  for (const auto& [name, attrs] : r.nodes())
    if (name[0] == 'f') says_folded = attrs.at("label").find("events folded") != std::string::npos;
  EXPECT_TRUE(says_folded);
  // No fold hides an event that another thread depends on.
  for (const auto& e : r.edges()) {
    if (e.get("kmc_kind") != "po" && e.get("kmc_kind") != "lane") {
      EXPECT_EQ(e.from[0], 'e') << e.from << "->" << e.to;
    }
  }
}

TEST(TracePicture, FoldingCanBeTurnedOff) {
  const Trace trace = long_trace(12);
  GraphOptions options;
  options.min_fold = 0;
  const DotReader r(dot_of(trace, options));
  check_trace_picture(r, trace);
  EXPECT_EQ(r.drawn_nodes(), trace.events.size());
}

TEST(TracePicture, VeryLongTracesKeepTheirLastEvents) {
  const Trace trace = long_trace(40);
  GraphOptions options;
  options.max_events = 50;
  const std::string dot = dot_of(trace, options);
  const DotReader r(dot);
  check_trace_picture(r, trace, trace.events.size() - 50);
  EXPECT_NE(dot.find("are not drawn"), std::string::npos);
}

TEST(TracePicture, NoViolationMeansNothingHighlighted) {
  Trace trace = long_trace(5);
  trace.violation.reset();
  const DotReader r(dot_of(trace));
  check_trace_picture(r, trace);
  for (const auto& e : r.edges()) EXPECT_NE(e.get("kmc_highlight"), "1");
}

TEST(TracePicture, AViolationAtTheEndIsPlacedOnTheThreadsLastEvent) {
  TraceBuilder b;
  const ThreadId t0 = b.thread("T0");
  const ThreadId t1 = b.thread("T1");
  const ObjectId a = b.object(ObjectKind::Mutex, "A", "lock_A");
  b.lock(t0, a);
  b.lock(t1, kNoObject);  // an event with no object
  b.violate(ViolationKind::Assertion, "T0 finished holding A", t0, -1);
  const DotReader r(dot_of(b.trace()));
  check_trace_picture(r, b.trace());
  EXPECT_EQ(r.nodes_with("kmc_violation", "1"), (std::vector<std::string>{"e0"}));
}

TEST(TracePicture, AViolationWithNoPlaceStillDraws) {
  TraceBuilder b;
  b.violate(ViolationKind::Leak, "file#3 is live at the end but unreachable", kNoThread, -1);
  const std::string dot = dot_of(b.trace());
  const DotReader r(dot);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.nodes_with("kmc_violation", "1").empty());
  EXPECT_NE(render_svg(dot).find("unreachable"), std::string::npos);
  b.thread("T0");
  b.event(0, OpKind::Alloc, b.object(ObjectKind::HeapCell, "file#3"), AccessKind::Write);
  b.event(7, OpKind::Yield, kNoObject, AccessKind::Read);  // a thread the trace does not list
  const DotReader r2(dot_of(b.trace()));
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.node_attr("e0", "kmc_events"), "0");
}

TEST(TracePicture, RendersToSvgWithLibgvc) {
  const std::string svg = render_svg(dot_of(long_trace(20)));
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("worker2"), std::string::npos);
  EXPECT_THROW((void)render_svg("digraph { a -> "), std::runtime_error);
}

TEST(TracePicture, WriteTraceGraphWritesDotAndSvg) {
  Counterexample cex;
  cex.trace = long_trace(10);
  cex.violation = *cex.trace.violation;
  cex.trace.violation.reset();  // the writer falls back to cex.violation
  cex.replay = "R:abc";
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "reports-test" / "hand";
  std::filesystem::remove_all(dir);
  write_trace_graph(dir, cex);
  const DotReader r(trace_graph_dot(cex));
  Trace with = cex.trace;
  with.violation = cex.violation;
  check_trace_picture(r, with);
  EXPECT_TRUE(std::filesystem::file_size(dir / "trace.dot") > 0);
  EXPECT_TRUE(std::filesystem::file_size(dir / "trace.svg") > 0);
}

}  // namespace
}  // namespace kmc::reports
