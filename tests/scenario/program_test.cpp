// ScenarioProgram on the toy model: setup, threads, results, processes, latches, allowed blocked
// ends and options all reach the engine, and the verdicts are what the scenarios imply.
#include <gtest/gtest.h>

#include <set>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::scenario {
namespace {

ScenarioProgram program(const std::string& text) {
  ParseResult r = parse_scenario(text, "p.scn", testing::toy_models());
  if (!r.scenario) {
    std::string all;
    for (const Diagnostic& d : r.errors) all += d.format() + "\n";
    ADD_FAILURE() << all;
    r = parse_scenario("model toy\nthread T\n  inc\nexpect pass\n", "p.scn", testing::toy_models());
  }
  return ScenarioProgram(std::move(*r.scenario));
}

RunResult explore(const ScenarioProgram& p, const std::string& strategy = "dpor") {
  StrategyOptions so;
  so.name = strategy;
  std::string error;
  std::unique_ptr<Strategy> s = make_strategy(so, error);
  EXPECT_TRUE(s) << error;
  RunOptions o;
  o.execution = p.execution_options(ExecutionOptions{});
  o.keep_going = true;
  return Runner(p, *s, o).run();
}

std::set<ViolationKind> kinds(const RunResult& r) {
  std::set<ViolationKind> out;
  for (const Counterexample& c : r.counterexamples) out.insert(c.violation.kind);
  return out;
}

TEST(ScenarioProgram, LockedIncrementsPass) {
  const RunResult r = explore(
      program("model toy\nthread T1\n  locked_inc\nthread T2\n  locked_inc\nexpect pass\n"));
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.violated());
  // The two orders of the lock acquisitions are mirror images: symmetry explores one.
  EXPECT_EQ(r.stats.executions, 1u);
}

TEST(ScenarioProgram, UnlockedIncrementsLoseAnUpdate) {
  const RunResult r = explore(
      program("model toy\nthread T1\n  inc\nthread T2\n  inc\nexpect violation invariant\n"));
  EXPECT_EQ(kinds(r), std::set<ViolationKind>{ViolationKind::Invariant});
}

TEST(ScenarioProgram, ConfigReachesTheModel) {
  // start=5: the end check compares against 5 + increments, so a wrong start would not matter;
  // check it through the value the increment returns instead.
  const RunResult r = explore(program(
      "model toy\nconfig start=5\nthread T\n  locked_inc -> v\n  check v 6\nexpect pass\n"));
  EXPECT_FALSE(r.violated()) << r.counterexamples[0].violation.message;
}

TEST(ScenarioProgram, SetupResultsReachThreads) {
  const RunResult r =
      explore(program("model toy\nsetup\n  alloc -> h\nthread T1\n  free h\nthread T2\n  use h\n"
                      "expect violation use-after-free\n"));
  // Freed before the use: use-after-free; used first: the free is not ordered after the use.
  EXPECT_EQ(kinds(r),
            (std::set<ViolationKind>{ViolationKind::UseAfterFree, ViolationKind::DataRace}));
  EXPECT_TRUE(r.complete);
}

TEST(ScenarioProgram, DoubleFreeAndLeak) {
  EXPECT_EQ(kinds(explore(program("model toy\nsetup\n  alloc -> h\nthread T1\n  free h\n"
                                  "thread T2\n  free h\nexpect pass\n"))),
            std::set<ViolationKind>{ViolationKind::DoubleFree});
  EXPECT_EQ(kinds(explore(program("model toy\nthread T\n  alloc -> h\n  drop h\nexpect pass\n"))),
            std::set<ViolationKind>{ViolationKind::Leak});
}

TEST(ScenarioProgram, AbbaIsALockOrderProblemAndADeadlock) {
  const RunResult r =
      explore(program("model toy\nthread T1\n  ab\nthread T2\n  ba\nexpect pass\n"));
  EXPECT_EQ(kinds(r), (std::set<ViolationKind>{ViolationKind::LockOrder, ViolationKind::Deadlock}));
}

TEST(ScenarioProgram, AllowBlockedMakesAWaiterLegal) {
  const std::string base = "model toy\nthread T1\n  wait\nthread T2\n  inc\n";
  const RunResult blocked = explore(program(base + "expect pass\n"));
  EXPECT_TRUE(blocked.violated());
  const RunResult allowed = explore(program(base + "allow blocked T1\nexpect pass\n"));
  EXPECT_FALSE(allowed.violated()) << allowed.counterexamples[0].violation.message;
  const RunResult posted =
      explore(program("model toy\nthread T1\n  wait\nthread T2\n  post\nexpect pass\n"));
  EXPECT_FALSE(posted.violated());
}

TEST(ScenarioProgram, ThreadsRunInTheirProcesses) {
  const RunResult r = explore(
      program("model toy\nprocess P\nsetup\n  fork -> early\nthread A\n  getpid -> a\n  check a 1\n"
              "thread B in P\n  getpid -> b\n  check b 100\n  check P 100\n"
              "thread C in early\n  getpid -> c\n  check c 2\nexpect pass\n"));
  EXPECT_FALSE(r.violated()) << r.counterexamples[0].violation.message;
}

TEST(ScenarioProgram, ThreadInABoundProcessWaitsForIt) {
  // D starts only after F's fork returned; whatever the order, D sees the pid fork returned.
  const RunResult r = explore(program(
      "model toy\nthread F\n  locked_inc\n  fork -> child\n  locked_inc\nthread D in child\n"
      "  locked_inc\n  getpid -> d\n  check d 2\nexpect pass\n"));
  EXPECT_FALSE(r.violated()) << r.counterexamples[0].violation.message;
  EXPECT_EQ(r.stats.executions, 2u);  // D's increment before or after F's second one
}

TEST(ScenarioProgram, ArgumentsAreResolved) {
  const RunResult r = explore(program(
      "model toy\nsetup\n  add 1 2 -> s\nthread T\n  check s 13\n  strlen \"/abc\" -> n\n"
      "  check n 4\n  flags A|C -> f\n  check f 5\n  add -1 f 0 -> g\n  check g 4\nexpect pass\n"));
  EXPECT_FALSE(r.violated()) << r.counterexamples[0].violation.message;
}

TEST(ScenarioProgram, OptionsReachTheEngine) {
  const ScenarioProgram plain = program("model toy\nthread T\n  inc\nexpect pass\n");
  EXPECT_FALSE(plain.execution_options({}).address_reuse);
  EXPECT_FALSE(plain.execution_options({}).biglock);
  EXPECT_EQ(plain.execution_options({}).early_timeouts, 0u);
  const ScenarioProgram opts = program(
      "model toy\noption address-reuse biglock fault-injection\nthread T\n  inc\nexpect pass\n");
  EXPECT_TRUE(opts.execution_options({}).address_reuse);
  EXPECT_TRUE(opts.execution_options({}).biglock);
  EXPECT_TRUE(opts.scenario().config.fault_injection);
  const ScenarioProgram early =
      program("model toy\noption early-timeouts\nthread T\n  inc\nexpect pass\n");
  EXPECT_EQ(early.execution_options({}).early_timeouts, 1u);
  const ScenarioProgram three =
      program("model toy\noption early-timeouts=3\nthread T\n  inc\nexpect pass\n");
  EXPECT_EQ(three.execution_options({}).early_timeouts, 3u);
}

TEST(ScenarioProgram, DporAndDfsAgreeOnVerdicts) {
  for (const char* text :
       {"model toy\nsetup\n  alloc -> h\nthread T1\n  free h\nthread T2\n  use h\nexpect pass\n",
        "model toy\nthread T1\n  inc\nthread T2\n  locked_inc\nthread T3\n  inc\nexpect pass\n"}) {
    const ScenarioProgram p = program(text);
    EXPECT_EQ(kinds(explore(p, "dpor")), kinds(explore(p, "dfs"))) << text;
  }
}

TEST(ScenarioProgram, RecordsOperationsOfAReplayedExecution) {
  ScenarioProgram p = program(
      "model toy\nsetup\n  alloc -> h\nthread T1\n  free h\nthread T2\n  use h\n"
      "expect violation use-after-free\n");
  const RunResult r = explore(p);
  ASSERT_TRUE(r.violated());
  std::vector<OpRecord> records;
  p.record_operations(&records);
  const Trace t = replay_once(p, r.counterexamples[0].replay, p.execution_options({}));
  p.record_operations(nullptr);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].text, "alloc -> h");
  EXPECT_EQ(records[0].where, "p.scn:3");
  EXPECT_EQ(records[0].result, 0);
  EXPECT_GE(records[0].end_event, records[0].first_event);
  EXPECT_EQ(t.threads[records[0].thread].name, "setup");
  bool use_unfinished = false;
  for (const OpRecord& rec : records)
    if (rec.text == "use h") use_unfinished = rec.end_event < 0;
  EXPECT_TRUE(use_unfinished);  // the use-after-free ended the execution inside `use h`
}

}  // namespace
}  // namespace kmc::scenario
