#include "cli/judge.hpp"

#include <algorithm>
#include <vector>

#include "model/scenario/parser.hpp"

namespace kmc::cli {

bool has_violation(const ScenarioRun& run) {
  return run.ran() && run.status != kExitInternal && run.result.violated();
}

Judgement judge(const ScenarioRun& run) {
  Judgement j;
  if (run.not_run) {
    j.verdict = "not run";
    j.status = "NOT RUN";
    return j;
  }
  if (run.status == kExitUsage || run.status == kExitInternal) {
    j.verdict = run.status == kExitUsage ? "bad input" : "internal error";
    j.status = "ERROR";
    if (run.program) j.expect = scenario::to_string(run.program->scenario().expect);
    return j;
  }
  const scenario::Expectation& e = run.program->scenario().expect;
  j.expect = scenario::to_string(e);
  std::vector<ViolationKind> found;
  for (const Counterexample& c : run.result.counterexamples) found.push_back(c.violation.kind);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  if (found.empty()) {
    j.verdict = std::string(reports::verdict_of(run.result));
    if (j.verdict != "pass") j.verdict += " (" + run.stop_reason + ")";
  } else {
    j.verdict = "violation";
    for (ViolationKind k : found) j.verdict += " " + std::string(to_string(k));
  }
  j.matched = e.violation ? found == e.kinds : found.empty() && run.result.complete;
  // Unexplored executions may still hold what is missing, but nothing can take back a kind that
  // was found and not expected: only that is a real mismatch of an incomplete run.
  std::vector<ViolationKind> allowed = e.violation ? e.kinds : std::vector<ViolationKind>{};
  std::sort(allowed.begin(), allowed.end());
  const bool nothing_unexpected =
      std::includes(allowed.begin(), allowed.end(), found.begin(), found.end());
  j.status = j.matched                                    ? "ok"
             : !run.result.complete && nothing_unexpected ? "INCOMPLETE"
                                                          : "MISMATCH";
  return j;
}

int status_of(const Judgement& j, const ScenarioRun& run) {
  if (j.matched) return kExitPass;
  if (j.status == "INCOMPLETE" || j.status == "NOT RUN") return kExitIncomplete;
  return j.status == "ERROR" ? run.status : kExitViolation;
}

reports::IndexRow index_row(const ScenarioRun& run) {
  const Judgement j = judge(run);
  reports::IndexRow row;
  row.scenario = run.id;
  row.model = run.program ? run.program->scenario().model->name : "";
  row.verdict = j.verdict;
  row.expectation = j.expect;
  row.violation = has_violation(run);
  if (row.violation) row.kind = to_string(run.result.counterexamples[0].violation.kind);
  row.executions = run.result.stats.executions;
  row.seconds = run.result.stats.elapsed_s;
  row.matched = j.matched;
  return row;
}

}  // namespace kmc::cli
