// Runs every case of a verify bound with DPOR to the end, on N worker threads, and gathers each
// case's outcome: proved, violations (by signature), unfinished, or broken scenario contract.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/types.hpp"
#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"

namespace kmc::verify {

struct CaseResult;

struct VerifyOptions {
  int jobs = 1;                      // worker threads
  double scenario_seconds = 300;     // per case: past it the case is unfinished (wall time)
  std::uint64_t max_executions = 0;  // per case: 0 = no cap
  bool symmetry = true;              // ExecutionOptions::symmetry for every case
  double time_limit_s = 0;           // the whole run: cases not started by then are unfinished
  bool fewest_first = false;         // hand out the cases with the fewest actions first
  // The end of the whole run (from time_limit_s): a case still running then stops there, inside
  // DPOR's analysis too, and is unfinished.
  std::optional<std::chrono::steady_clock::time_point> not_after;
  const std::atomic<bool>* stop = nullptr;  // set asynchronously (Ctrl-C)
  // Called from worker threads (serialised) after each case: cases done, cases in all, and the
  // result of the case that just finished.
  std::function<void(std::size_t done, std::size_t total, const CaseResult& last)> progress;
  // Called like `progress`, before it, with the finished case's index into the cases.
  std::function<void(std::size_t index, const CaseResult& result)> case_done;
};

enum class CaseStatus : std::uint8_t {
  Proved,      // explored completely, no violation
  Violation,   // at least one real violation
  Unfinished,  // a limit stopped it (or it never started): nothing is claimed
  Contract,    // only breaches of the scenario contract (harness, failed guarded call)
  Error,       // the scenario did not parse or the engine failed: a catalogue or engine bug
};
[[nodiscard]] const char* to_string(CaseStatus s);

// One violation a case showed, with the counterexample that replays it.
struct Found {
  std::string signature;
  ViolationKind kind{};
  std::string message;
  std::string token;  // replays with `kmc run FILE --keep-going --replay TOKEN`
};

struct CaseResult {
  CaseStatus status = CaseStatus::Unfinished;
  std::uint64_t executions = 0;
  std::vector<Found> found;          // one per signature, in signature order
  std::vector<ViolationKind> kinds;  // every kind seen, contract breaches included (sorted)
  std::string error;
};

// Explores `scenario_text` (a rendered case) with DPOR and keep-going within `options`' limits.
[[nodiscard]] CaseResult run_case(const std::string& scenario_text, const std::string& name,
                                  const VerifyOptions& options);

// Runs every case; results[i] belongs to cases[i] whatever the number of jobs.
[[nodiscard]] std::vector<CaseResult> run_cases(const Catalogue& c, const std::vector<Case>& cases,
                                                const VerifyOptions& options);

}  // namespace kmc::verify
