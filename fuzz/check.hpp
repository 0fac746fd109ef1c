// Model-checks one generated scenario, and minimises the schedule of a counterexample.
// Violations of the models' harness contract ("harness: ..." assertions) are not findings: they
// say the generated scenario broke a rule of the scenario format, so they are set apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::fuzz {

// How to explore one scenario: DPOR is exhaustive up to the caps, pct/random sample `executions`.
struct CheckLimits {
  std::string strategy = "dpor";
  std::uint64_t executions = 2000;  // cap per scenario
  double seconds = 2.0;             // time limit per scenario
  std::uint64_t seed = 1;           // pct/random
  std::uint32_t max_steps = 100000;
};

struct CheckOutcome {
  std::optional<Counterexample> found;  // the first real violation (of `want`, when given)
  std::vector<ViolationKind> kinds;     // every real kind seen (all of them with keep_going)
  bool harness = false;                 // a harness breach was seen
  bool complete = false;                // the strategy explored everything within its bounds
  RunStats stats;
  std::string error;  // the engine failed (replay mismatch, bad strategy): not a finding
};

// True for a violation that reports a broken scenario contract rather than a model bug.
[[nodiscard]] bool is_harness(const Violation& v);

// Explores `s`. With `want`, explores everything within the limits and returns a counterexample
// of that kind only; without, stops at the first violation.
[[nodiscard]] CheckOutcome check_scenario(const scenario::Scenario& s, const CheckLimits& limits,
                                          std::optional<ViolationKind> want = std::nullopt);

// The counterexample of kind `kind` with the fewest preemptions: bounded DFS with bounds
// 0, 1, ..., `max_bound`, the first one found (DFS order) at the smallest bound; nullopt if none.
[[nodiscard]] std::optional<Counterexample> minimise_schedule(const scenario::Scenario& s,
                                                              ViolationKind kind,
                                                              const CheckLimits& limits,
                                                              std::uint32_t max_bound);

// Replays `token` on the scenario file `path` and says whether it gives a `kind` violation;
// `error` tells why not.
[[nodiscard]] bool replays(const std::string& path, const std::string& token, ViolationKind kind,
                           std::uint32_t max_steps, std::string& error);

}  // namespace kmc::fuzz
