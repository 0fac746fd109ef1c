#include "verify/verifier.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "fuzz/check.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "verify/signature.hpp"

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
  ro.keep_going = true;
  ro.time_limit_s = options.scenario_seconds;
  ro.max_executions = options.max_executions;
  ro.stop = options.stop;
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
  std::vector<CaseResult> results(cases.size());
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex mu;
  const auto start = std::chrono::steady_clock::now();
  const auto out_of_time = [&] {
    if (options.stop != nullptr && options.stop->load()) return true;
    if (options.time_limit_s <= 0) return false;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    return spent.count() >= options.time_limit_s;
  };
  const auto worker = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      if (!out_of_time()) {
        results[i] =
            run_case(render_case(c, cases[i]), "verify-case-" + std::to_string(i + 1), options);
      }
      const std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (options.progress) options.progress(done, cases.size());
    }
  };
  const int jobs = std::max(1, options.jobs);
  std::vector<std::thread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return results;
}

}  // namespace kmc::verify
