// Pictures of real counterexamples found by the engine (kmc::Runner with make_strategy): ABBA's
// lock-order cycle and deadlock, a use-after-free, a lost wakeup, and a ~200-event random run.
// The DOT/SVG files are left in the build folder (reports-test/) to be looked at.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "reports/graphs.hpp"
#include "tests/reports/picture_checks.hpp"
#include "tests/reports/programs.hpp"

namespace kmc::reports {
namespace {

using namespace kmc::testing;

std::filesystem::path out_dir(const std::string& name) {
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "reports-test" / name;
  std::filesystem::remove_all(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes the trace picture of `cex` under `dir`, checks the files and the DOT read back from disk.
DotReader written_picture(const std::filesystem::path& dir, const Counterexample& cex) {
  write_trace_graph(dir, cex);
  EXPECT_NE(slurp(dir / "trace.svg").find("<svg"), std::string::npos);
  DotReader r(slurp(dir / "trace.dot"));
  check_trace_picture(r, cex.trace);
  return r;
}

TEST(RunnerPictures, AbbaLockOrderCycleAndDeadlock) {
  const TestProgram program = abba_program();
  const RunResult r = run_program(program, "dpor");
  const Counterexample* order = find_kind(r, ViolationKind::LockOrder);
  const Counterexample* dead = find_kind(r, ViolationKind::Deadlock);
  ASSERT_NE(order, nullptr);
  ASSERT_NE(dead, nullptr);

  const auto dir = out_dir("abba-lock-order");
  const DotReader trace = written_picture(dir, *order);
  // The violating event is the acquisition that closed the cycle.
  const auto v = trace.nodes_with("kmc_violation", "1");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.front(), "e" + std::to_string(order->violation.event));

  write_lock_graph(dir, r.lock_graph, *order);
  EXPECT_NE(slurp(dir / "lockgraph.svg").find("<svg"), std::string::npos);
  const DotReader locks(slurp(dir / "lockgraph.dot"));
  ASSERT_TRUE(locks.ok());
  std::map<std::string, std::string> cycle;
  for (const auto& e : locks.edges())
    if (e.get("kmc_cycle") == "1")
      cycle[locks.node_attr(e.from, "kmc_class")] = locks.node_attr(e.to, "kmc_class");
  EXPECT_EQ(cycle,
            (std::map<std::string, std::string>{{"lock_A", "lock_B"}, {"lock_B", "lock_A"}}));

  const DotReader stuck = written_picture(out_dir("abba-deadlock"), *dead);
  const auto blocked = stuck.nodes_with("kmc_blocked", "1");
  EXPECT_EQ(blocked.size(), 2u);
  ASSERT_EQ(stuck.nodes_with("kmc_violation", "1").size(), 1u);
  EXPECT_EQ(stuck.node_attr(stuck.nodes_with("kmc_violation", "1").front(), "kmc_blocked"), "1");
  int waits = 0;
  for (const auto& e : stuck.edges()) waits += e.get("kmc_kind") == "waits" ? 1 : 0;
  EXPECT_EQ(waits, 2) << "each blocked thread points at the holder of its lock";
}

TEST(RunnerPictures, UseAfterFreeLinksTheFreeToTheUse) {
  const TestProgram program = use_after_free_program();
  const RunResult r = run_program(program, "dpor");
  const Counterexample* uaf = find_kind(r, ViolationKind::UseAfterFree);
  ASSERT_NE(uaf, nullptr);
  const DotReader pic = written_picture(out_dir("uaf"), *uaf);
  const std::string target = pic.nodes_with("kmc_violation", "1").at(0);
  bool free_into_violation = false;
  bool reads_from = false;
  for (const auto& e : pic.edges()) {
    if (e.to == target && e.get("kmc_kind") == "free" && e.get("kmc_highlight") == "1")
      free_into_violation = true;
    if (e.get("kmc_kind") == "rf" && e.get("kmc_highlight") == "1") reads_from = true;
  }
  EXPECT_TRUE(free_into_violation);
  EXPECT_TRUE(reads_from) << "the reader saw the publishing store";
}

TEST(RunnerPictures, LostWakeupShowsTheWakeupThatCameFirst) {
  const TestProgram program = lost_wakeup_program();
  const RunResult r = run_program(program, "dpor");
  const Counterexample* lost = find_kind(r, ViolationKind::LostWakeup);
  ASSERT_NE(lost, nullptr);
  const DotReader pic = written_picture(out_dir("lost-wakeup"), *lost);
  const std::string target = pic.nodes_with("kmc_violation", "1").at(0);
  EXPECT_EQ(pic.node_attr(target, "kmc_blocked"), "1");
  bool missed = false;
  for (const auto& e : pic.edges())
    if (e.to == target && e.get("kmc_kind") == "waits") missed = true;
  EXPECT_TRUE(missed);
}

TEST(RunnerPictures, TwoHundredEventRandomRunStaysReadable) {
  const TestProgram program = long_program(6);
  const RunResult r = run_program(program, "random", 1, 7);
  ASSERT_FALSE(r.counterexamples.empty());
  const Counterexample& cex = r.counterexamples.front();
  EXPECT_GE(cex.trace.events.size(), 180u);
  const DotReader pic = written_picture(out_dir("long-random"), cex);
  EXPECT_LT(pic.drawn_nodes(), cex.trace.events.size() / 2);
  EXPECT_FALSE(pic.nodes_with("kmc_preempted", "1").empty()) << "a random run preempts";
}

}  // namespace
}  // namespace kmc::reports
