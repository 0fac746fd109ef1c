#include "fuzz/check.hpp"

#include <algorithm>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"

namespace kmc::fuzz {
namespace {

CheckOutcome explore(const scenario::Scenario& s, const CheckLimits& limits,
                     const StrategyOptions& so, std::optional<ViolationKind> want) {
  CheckOutcome out;
  std::string error;
  std::unique_ptr<Strategy> strategy = make_strategy(so, error);
  if (!strategy) {
    out.error = error;
    return out;
  }
  const scenario::ScenarioProgram program(s);
  RunOptions ro;
  ro.execution = program.execution_options(ExecutionOptions{});
  ro.execution.max_steps = limits.max_steps;
  const bool sampling = so.name == "pct" || so.name == "random";
  ro.max_executions = sampling ? 0 : limits.executions;
  ro.time_limit_s = limits.seconds;
  // A harness breach found first would hide a real violation: look further when one is wanted.
  ro.keep_going = want.has_value();
  RunResult r;
  try {
    r = Runner(program, *strategy, ro).run();
  } catch (const ReplayMismatch& e) {
    out.error = e.message;
    return out;
  }
  out.complete = r.complete;
  out.stats = r.stats;
  for (Counterexample& c : r.counterexamples) {
    if (is_harness(c.violation)) {
      out.harness = true;
      continue;
    }
    out.kinds.push_back(c.violation.kind);
    if (!out.found && (!want || c.violation.kind == *want)) out.found = std::move(c);
  }
  std::sort(out.kinds.begin(), out.kinds.end());
  return out;
}

}  // namespace

bool is_harness(const Violation& v) {
  return v.kind == ViolationKind::Assertion && v.message.rfind("harness:", 0) == 0;
}

CheckOutcome check_scenario(const scenario::Scenario& s, const CheckLimits& limits,
                            std::optional<ViolationKind> want) {
  StrategyOptions so;
  so.name = limits.strategy;
  so.seed = limits.seed;
  so.executions = limits.executions;
  return explore(s, limits, so, want);
}

std::optional<Counterexample> minimise_schedule(const scenario::Scenario& s, ViolationKind kind,
                                                const CheckLimits& limits,
                                                std::uint32_t max_bound) {
  for (std::uint32_t bound = 0; bound <= max_bound; ++bound) {
    StrategyOptions so;
    so.name = "bounded";
    so.preemptions = bound;
    CheckOutcome o = explore(s, limits, so, kind);
    if (o.found) return std::move(o.found);
  }
  return std::nullopt;
}

bool replays(const std::string& path, const std::string& token, ViolationKind kind,
             std::uint32_t max_steps, std::string& error) {
  scenario::ParseResult parsed = scenario::load_scenario(path);
  if (!parsed.scenario) {
    error = parsed.errors.empty() ? "does not parse" : parsed.errors.front().format();
    return false;
  }
  const scenario::ScenarioProgram program(std::move(*parsed.scenario));
  ExecutionOptions eo = program.execution_options(ExecutionOptions{});
  eo.max_steps = max_steps;
  try {
    const Trace t = replay_once(program, token, eo);
    if (t.violation && t.violation->kind == kind) return true;
    error = t.violation ? "replayed to " + std::string(to_string(t.violation->kind))
                        : "replayed without a violation";
  } catch (const std::exception& e) {
    error = e.what();
  }
  return false;
}

}  // namespace kmc::fuzz
