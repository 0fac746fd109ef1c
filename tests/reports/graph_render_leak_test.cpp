// Under LeakSanitizer (-DKMC_SANITIZE=ON): a render leaks nothing that tests/lsan.supp does not
// name, so the sanitized kmc exits 0 after --report. (It cannot catch a missing agclose or
// gvFreeLayout: Graphviz 2.42 keeps the graphs it read reachable.) Without a sanitizer it skips.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "reports/graph_dot.hpp"
#include "reports/graph_model.hpp"
#include "reports/graph_render.hpp"
#include "tests/reports/trace_builder.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define KMC_HAS_LSAN 1
#else
#define KMC_HAS_LSAN 0
#endif

namespace kmc::reports {
namespace {

#if KMC_HAS_LSAN
// A race picture like the ones `--report` draws: lanes (clusters), HTML labels, a violation.
std::string race_picture_dot() {
  kmc::testing::TraceBuilder b;
  const ThreadId t0 = b.thread("closer");
  const ThreadId t1 = b.thread("reader");
  const ObjectId m = b.object(ObjectKind::Mutex, "table_lock", "table");
  const ObjectId file = b.object(ObjectKind::HeapCell, "file#1");
  b.lock(t0, m);
  b.event(t0, OpKind::Free, file, AccessKind::Write);
  b.unlock(t0, m);
  b.event(t1, OpKind::Load, file, AccessKind::Read);
  b.violate(ViolationKind::UseAfterFree, "reader reads file#1 after closer freed it", t1, 3);
  const Trace& trace = b.trace();
  return trace_dot(trace, build_trace_graph(trace, {}), "R:leak-test");
}

#endif

TEST(GraphRenderLeaks, RenderingFreesEveryGraphAndLayout) {
  if (!KMC_HAS_LSAN) GTEST_SKIP() << "needs LeakSanitizer: configure with -DKMC_SANITIZE=ON";
#if KMC_HAS_LSAN
  const std::string dot = race_picture_dot();
  for (int i = 0; i < 3; ++i) EXPECT_NE(render_svg(dot).find("<svg"), std::string::npos);
  EXPECT_THROW((void)render_svg("digraph { a -> "), std::runtime_error);
  // Nonzero when an unsuppressed leak is found; the report on stderr names its allocation.
  EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0);
#endif
}

}  // namespace
}  // namespace kmc::reports
