// The lock-order picture of a hand-built lock graph: classes as nodes, held->acquired edges with
// where they were seen, and the reported cycle highlighted (another cycle only dashed).
#include <gtest/gtest.h>

#include <map>

#include "reports/graph_dot.hpp"
#include "reports/graph_render.hpp"
#include "tests/reports/dot_reader.hpp"

namespace kmc::reports {
namespace {

using kmc::testing::DotReader;

LockGraph::Edge edge(int from, int to, std::string thread) {
  LockGraph::Edge e;
  e.from = from;
  e.to = to;
  e.held_at = "R10 fd/table.cpp:1";
  e.acquired_at = "R20 fd/table.cpp:2";
  e.thread = std::move(thread);
  return e;
}

TEST(LockGraphPicture, TheReportedCycleIsHighlighted) {
  LockGraph g;
  const int a = g.intern("files_lock");
  const int b = g.intern("file_lock");
  const int c = g.intern("ks_interlock");
  const int d = g.intern("kq_lock");
  g.set_execution(1);
  EXPECT_FALSE(g.add_edge(edge(a, b, "T1")));
  EXPECT_FALSE(g.add_edge(edge(b, c, "T1")));
  EXPECT_FALSE(g.add_edge(edge(c, d, "T2")));
  g.set_execution(4);
  const auto cycle = g.add_edge(edge(c, a, "T2"));  // closes files_lock -> file_lock -> ks -> files
  ASSERT_TRUE(cycle);
  const auto other = g.add_edge(edge(d, c, "T3"));  // a second cycle ks -> kq -> ks
  ASSERT_TRUE(other);

  Violation v;
  v.kind = ViolationKind::LockOrder;
  v.message = "lock-order cycle files_lock -> file_lock -> ks_interlock -> files_lock";
  const std::string dot = lock_graph_dot(g, &v);
  const DotReader r(dot);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.nodes().size(), 4u);
  std::map<std::string, std::string> next;  // the highlighted edges, as class -> class
  int dashed = 0;
  for (const auto& e : r.edges()) {
    if (e.get("kmc_cycle") == "1") {
      next[r.node_attr(e.from, "kmc_class")] = r.node_attr(e.to, "kmc_class");
      EXPECT_EQ(e.get("color"), "#c92a2a");
    }
    if (e.get("kmc_other_cycle") == "1") ++dashed;
    EXPECT_NE(e.get("label").find("held at R10"), std::string::npos);
  }
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next["files_lock"], "file_lock");
  EXPECT_EQ(next["file_lock"], "ks_interlock");
  EXPECT_EQ(next["ks_interlock"], "files_lock");
  EXPECT_EQ(dashed, 2);  // ks_interlock -> kq_lock -> ks_interlock, not the one reported
  EXPECT_NE(dot.find("execution 4"), std::string::npos);
  EXPECT_NE(render_svg(dot).find("<svg"), std::string::npos);
}

TEST(LockGraphPicture, WithoutALockOrderViolationNothingIsHighlighted) {
  LockGraph g;
  const int a = g.intern("A");
  const int b = g.intern("B");
  EXPECT_FALSE(g.add_edge(edge(a, b, "T1")));
  Violation v;
  v.kind = ViolationKind::Deadlock;
  const DotReader r(lock_graph_dot(g, &v));
  ASSERT_TRUE(r.ok());
  for (const auto& e : r.edges()) EXPECT_NE(e.get("kmc_cycle"), "1");
}

}  // namespace
}  // namespace kmc::reports
