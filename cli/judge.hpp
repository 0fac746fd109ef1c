// How a scenario's run compares with the expectation its file states: the one judgement that
// `kmc test`'s table and JSON, `kmc run`'s report page and the JUnit/SARIF outputs all show.
#pragma once

#include <string>

#include "cli/scenario_run.hpp"

namespace kmc::cli {

// The verdict of a run next to its expectation.
struct Judgement {
  std::string expect;   // "pass", "violation use-after-free", "" when the file did not parse
  std::string verdict;  // "pass", "violation KIND...", "incomplete (why)", "bad input", ...
  std::string status;   // ok, MISMATCH, INCOMPLETE, NOT RUN, ERROR
  bool matched = false;
};

// Compares `run` with its scenario's expectation: a violation-expecting scenario matches when it
// found exactly the expected kinds, an `expect pass` one when it found none and explored
// everything.
[[nodiscard]] Judgement judge(const ScenarioRun& run);

// The exit status a judgement adds to `kmc test`'s: an incomplete run (or one never started) is
// kExitIncomplete, so a CI tells "not proven yet" from "wrong".
[[nodiscard]] int status_of(const Judgement& j, const ScenarioRun& run);

// True when the run explored its scenario and found a violation (bad input and internal errors
// have none): the one definition of "with a violation" behind every count kmc prints.
[[nodiscard]] bool has_violation(const ScenarioRun& run);

// The HTML index row of a run: verdict, expectation and whether it matched (judge()), the first
// violation kind, counts.
[[nodiscard]] reports::IndexRow index_row(const ScenarioRun& run);

}  // namespace kmc::cli
