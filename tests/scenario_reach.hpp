// Shared by model tests that must show a scenario reaches a particular situation, not only a
// verdict: every execution of a shipped scenario, explored with DPOR, reports the messages of the
// violations it recorded and the heap cells it handed out again after freeing them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "checker/replay_token.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"

namespace kmc::testing {

struct ScenarioReach {
  std::set<std::string> messages;            // of every violation any execution recorded
  std::map<std::string, std::string> token;  // message -> replay token of its first execution
  std::set<std::string> reused;  // names of cells allocated again after a free (address reuse)
};

// Explores scenarios/<relative> exhaustively with DPOR (keep-going) and collects what it reached.
inline ScenarioReach reach_scenario(const std::string& relative,
                                    const std::string& strategy_name = "dpor",
                                    std::uint64_t max_executions = 0) {
  ScenarioReach out;
  scenario::ParseResult parsed =
      scenario::load_scenario(std::string(KMC_SOURCE_DIR) + "/scenarios/" + relative);
  EXPECT_TRUE(parsed.scenario.has_value());
  if (!parsed.scenario.has_value()) return out;
  const scenario::ScenarioProgram program(*parsed.scenario);
  StrategyOptions so;
  so.name = strategy_name;
  std::string error;
  auto strategy = make_strategy(so, error);
  EXPECT_NE(strategy, nullptr) << error;
  if (strategy == nullptr) return out;
  RunOptions run;
  run.keep_going = true;
  run.max_executions = max_executions;
  run.execution = program.execution_options({});
  run.on_execution = [&out](const Trace& trace) {
    const auto seen = [&out, &trace](const std::string& message) {
      if (out.messages.insert(message).second)
        out.token[message] = encode_token(schedule_of(trace));
    };
    if (trace.violation) seen(trace.violation->message);
    for (const Violation& v : trace.survived) seen(v.message);
    std::set<ObjectId> freed;
    for (const Event& e : trace.events) {
      if (e.op == OpKind::Free) freed.insert(e.object);
      if (e.op == OpKind::Alloc && freed.count(e.object) != 0)
        out.reused.insert(trace.object_name(e.object));
    }
  };
  const RunResult result = Runner(program, *strategy, run).run();
  if (max_executions == 0) {
    EXPECT_TRUE(result.complete);
  }
  return out;
}

// Whether some message contains `text`.
inline bool any_contains(const std::set<std::string>& messages, const std::string& text) {
  for (const std::string& m : messages)
    if (m.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace kmc::testing
