// kmc::check through the public headers only: it finds a lost update, proves the locked version,
// replays its tokens, and prints the same text, JSON and graphs as `kmc run`.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "kmc/kmc.hpp"

namespace {

// Two threads increment a counter: with `locked` under a mutex, else as a racy load and store.
void counter_model(bool locked) {
  struct State {
    kmc::Mutex lock{"counter_lock"};
    kmc::Shared<int> value{"value", 0};
  };
  const kmc::Ptr<State> s = kmc::make_initial<State>("state", "setup");
  for (const char* name : {"A", "B"}) {
    kmc::spawn(name, [s, locked] {
      if (locked) s->lock.lock("inc: lock");
      const int v = s->value.load("inc: load");
      s->value.store(v + 1, "inc: store");
      if (locked) s->lock.unlock("inc: unlock");
    });
  }
  kmc::at_end("both increments", [s]() -> std::optional<std::string> {
    if (s.unchecked()->value.peek() == 2) return std::nullopt;
    return "value is " + std::to_string(s.unchecked()->value.peek()) + ", not 2";
  });
}

TEST(Check, FindsALostUpdateAndProvesTheLockedCounter) {
  const kmc::Result racy = kmc::check({}, [] { counter_model(false); });
  ASSERT_FALSE(racy.ok());
  EXPECT_EQ(racy.verdict(), "violation");
  ASSERT_NE(racy.find(kmc::ViolationKind::Invariant), nullptr);
  const kmc::Result locked = kmc::check({}, [] { counter_model(true); });
  EXPECT_TRUE(locked.ok()) << locked;
  EXPECT_TRUE(locked.complete());
  EXPECT_EQ(locked.verdict(), "pass");
}

TEST(Check, EverySearchFindsTheLostUpdate) {
  for (const kmc::Search search : {kmc::Search::Dpor, kmc::Search::Dfs, kmc::Search::Bounded,
                                   kmc::Search::Pct, kmc::Search::Random}) {
    kmc::Options options;
    options.search = search;
    options.samples = 200;
    const kmc::Result r = kmc::check(options, [] { counter_model(false); });
    EXPECT_NE(r.find(kmc::ViolationKind::Invariant), nullptr) << static_cast<int>(search);
  }
}

// Two threads storing twice each to variables of their own: every interleaving is the same.
void independent_model() {
  for (const char* name : {"A", "B"}) {
    kmc::spawn(name, [name] {
      kmc::Shared<int> mine(std::string(name) + ".x", 0);
      mine.store(1, "store 1");
      mine.store(2, "store 2");
    });
  }
}

TEST(Check, DporExploresOneInterleavingOfIndependentThreadsDfsAll) {
  kmc::Options dfs;
  dfs.search = kmc::Search::Dfs;
  const kmc::Result by_dpor = kmc::check({}, independent_model);
  const kmc::Result by_dfs = kmc::check(dfs, independent_model);
  EXPECT_TRUE(by_dpor.ok() && by_dpor.complete());
  EXPECT_TRUE(by_dfs.ok() && by_dfs.complete());
  EXPECT_EQ(by_dpor.run().stats.executions, 1u);
  EXPECT_EQ(by_dfs.run().stats.executions, 6u);  // (2+2)! / (2! 2!)
}

TEST(Check, TheReplayTokenReproducesTheCounterexample) {
  const kmc::Result found = kmc::check({}, [] { counter_model(false); });
  ASSERT_FALSE(found.ok());
  const kmc::Counterexample& cex = found.run().counterexamples.front();
  kmc::Options replay;
  replay.replay = cex.replay;
  const kmc::Result again = kmc::check(replay, [] { counter_model(false); });
  ASSERT_EQ(again.run().stats.executions, 1u);
  ASSERT_FALSE(again.ok());
  const kmc::Counterexample& same = again.run().counterexamples.front();
  EXPECT_EQ(same.violation.kind, cex.violation.kind);
  EXPECT_EQ(same.violation.message, cex.violation.message);
  EXPECT_EQ(same.trace.events.size(), cex.trace.events.size());
}

TEST(Check, KeepGoingCollectsOneCounterexamplePerKind) {
  kmc::Options options;
  options.keep_going = true;
  const kmc::Result r = kmc::check(options, [] { counter_model(false); });
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.run().counterexamples.size(), 1u);
}

TEST(Check, BudgetsStopTheSearchIncomplete) {
  kmc::Options options;
  options.search = kmc::Search::Dfs;
  options.max_executions = 1;
  const kmc::Result r = kmc::check(options, [] { counter_model(true); });
  EXPECT_EQ(r.run().stats.executions, 1u);
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.verdict(), "incomplete");
}

TEST(Check, PrintsTheTraceTheTokenTheJsonAndTheGraphs) {
  const kmc::Result r = kmc::check({}, [] { counter_model(false); });
  const std::string text = r.text();
  EXPECT_NE(text.find("invariant"), std::string::npos) << text;
  EXPECT_NE(text.find("KMC_REPLAY=" + r.run().counterexamples.front().replay), std::string::npos)
      << text;
  EXPECT_NE(text.find("inc: store"), std::string::npos) << text;
  const nlohmann::json j = nlohmann::json::parse(r.json());
  EXPECT_EQ(j["verdict"], "violation");
  EXPECT_EQ(j["violations"][0]["kind"], "invariant");
  const std::filesystem::path dir =
      std::filesystem::path(KMC_BINARY_DIR) / "tests-out" / "api-graphs";
  std::filesystem::remove_all(dir);
  const std::vector<std::filesystem::path> folders = r.write_graphs(dir);
  ASSERT_EQ(folders.size(), 1u);
  EXPECT_EQ(folders[0].filename(), "cex-1-invariant");
  EXPECT_TRUE(std::filesystem::exists(folders[0] / "trace.dot"));
  EXPECT_TRUE(std::filesystem::exists(folders[0] / "trace.svg"));
}

}  // namespace
