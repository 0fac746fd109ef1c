// Under LeakSanitizer (-DKMC_SANITIZE=ON): rendering frees every Graphviz graph and layout it
// makes, and tests/lsan.supp hides only the third-party leaks, not a graph kmc forgets to close.
// Without a sanitizer these tests skip.
#include <gtest/gtest.h>

#include <graphviz/cgraph.h>

#include <cstdlib>
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

// Parses a graph and drops it without agclose: the leak kmc must never have. Not inlined, so the
// pointer dies with this frame and LeakSanitizer finds the graph unreachable.
[[gnu::noinline]] void leak_a_graph() {
  Agraph_t* graph = agmemread("digraph { forgotten -> graph }");
  ASSERT_NE(graph, nullptr);
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

TEST(GraphRenderLeaks, SuppressionsDoNotHideAGraphKmcForgetsToClose) {
  if (!KMC_HAS_LSAN) GTEST_SKIP() << "needs LeakSanitizer: configure with -DKMC_SANITIZE=ON";
#if KMC_HAS_LSAN
  // In a child process, so the deliberate leak does not fail this one at exit.
  EXPECT_EXIT(
      {
        (void)render_svg(race_picture_dot());  // the third-party leaks, all suppressed
        leak_a_graph();
        std::_Exit(__lsan_do_recoverable_leak_check() != 0 ? 7 : 0);  // skips the exit-time check
      },
      ::testing::ExitedWithCode(7), "Direct leak");
#endif
}

}  // namespace
}  // namespace kmc::reports
