#include "verify/verifier.hpp"

#include <algorithm>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "fuzz/check.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "verify/pool.hpp"
#include "verify/signature.hpp"
#include "verify/work.hpp"

namespace kmc::verify {

const char* to_string(CaseStatus s) {
  switch (s) {
    case CaseStatus::Proved:
      return "proved";
    case CaseStatus::Violation:
      return "violation";
    case CaseStatus::Unfinished:
      return "unfinished";
    case CaseStatus::Contract:
      return "contract";
    case CaseStatus::Error:
      return "error";
  }
  return "error";
}

CaseResult run_case(const std::string& scenario_text, const std::string& name,
                    const VerifyOptions& options) {
  CaseResult out;
  scenario::ParseResult parsed = scenario::parse_scenario(scenario_text, name);
  if (!parsed.scenario) {
    out.status = CaseStatus::Error;
    out.error = parsed.errors.empty() ? "does not parse" : parsed.errors.front().message;
    return out;
  }
  const scenario::Scenario s = *parsed.scenario;
  const scenario::ScenarioProgram program(s);
  StrategyOptions so;
  so.name = "dpor";
  std::string error;
  std::unique_ptr<Strategy> strategy = make_strategy(so, error);
  RunOptions ro;
  ro.execution = program.execution_options(ExecutionOptions{});
  ro.execution.symmetry = options.symmetry;
  ro.keep_going = true;
  ro.time_limit_s = options.scenario_seconds;
  ro.max_executions = options.max_executions;
  ro.stop = options.stop;
  ro.not_after = options.not_after;
  RunResult r;
  try {
    r = Runner(program, *strategy, ro).run();
  } catch (const ReplayMismatch& e) {
    out.status = CaseStatus::Error;
    out.error = e.message;
    return out;
  }
  out.executions = r.stats.executions;
  bool contract = false;
  for (const Counterexample& c : r.counterexamples) {
    if (std::find(out.kinds.begin(), out.kinds.end(), c.violation.kind) == out.kinds.end())
      out.kinds.push_back(c.violation.kind);
    if (fuzz::is_harness(c.violation) || fuzz::blocked_holder(c) ||
        fuzz::breaks_contract(s, c, ro.execution.max_steps, true)) {
      contract = true;
      continue;
    }
    const std::string sig = signature(c.violation);
    const bool seen = std::any_of(out.found.begin(), out.found.end(),
                                  [&](const Found& f) { return f.signature == sig; });
    if (!seen) out.found.push_back(Found{sig, c.violation.kind, c.violation.message, c.replay});
  }
  std::sort(out.kinds.begin(), out.kinds.end());
  std::sort(out.found.begin(), out.found.end(),
            [](const Found& a, const Found& b) { return a.signature < b.signature; });
  if (!out.found.empty()) {
    out.status = CaseStatus::Violation;
  } else if (!r.complete) {
    out.status = CaseStatus::Unfinished;
  } else {
    out.status = contract ? CaseStatus::Contract : CaseStatus::Proved;
  }
  return out;
}

std::vector<CaseResult> run_cases(const Catalogue& c, const std::vector<Case>& cases,
                                  const VerifyOptions& options) {
  std::vector<KnownItem> known;
  std::vector<std::string> unreadable;
  const std::vector<WorkItem> items = make_items(c, cases, {}, options, known, unreadable);
  std::size_t done = 0;  // run_items serialises the callback
  return run_items(items, dispatch_order(cases, items.size(), options.fewest_first), options,
                   [&](std::uint32_t id, const CaseResult& r) {
                     if (id < cases.size() && options.progress)
                       options.progress(++done, cases.size(), r);
                   });
}

}  // namespace kmc::verify
