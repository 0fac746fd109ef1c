// The progress line of `kmc verify` (stderr, on a terminal): scenarios done of all, executions,
// violations, unfinished, and an estimate of the time left. Pure functions of the counts and the
// clock value the caller passes, so that tests fix both.
#pragma once

#include <cstdint>
#include <string>

#include "verify/verifier.hpp"

namespace kmc::verify {

// What the progress line shows, gathered from each finished scenario.
struct ProgressCounts {
  std::size_t done = 0;   // scenarios finished (or skipped by --time-limit/Ctrl-C)
  std::size_t total = 0;  // scenarios in the run
  std::size_t ran = 0;    // finished scenarios that were explored (not skipped)
  std::uint64_t executions = 0;
  std::size_t violations = 0;  // scenarios with a real violation
  std::size_t unfinished = 0;
};

// 48211 -> "48,211".
[[nodiscard]] std::string group_digits(std::uint64_t n);

// Adds one finished scenario's result to `counts`.
void count_result(ProgressCounts& counts, const CaseResult& r);

// Seconds left, estimated as the mean wall time per explored scenario so far times the scenarios
// still to run; negative while there is too little to go on (under 3 explored scenarios or 2 s).
// The mean, not the median: scenario costs span orders of magnitude and the rare expensive ones
// dominate the total, which the mean counts and the median ignores.
[[nodiscard]] double estimate_seconds_left(const ProgressCounts& counts, double elapsed_s);

// "12 s", "4 min 05 s", "2 h 07 min": a duration for people.
[[nodiscard]] std::string human_duration(double seconds);

// "verify: 120/2495 scenarios, 48,211 executions, 2 violation(s), 0 unfinished, 1 min 10 s,
// estimate 23 min left" (or "estimating time left" before there is enough to go on).
[[nodiscard]] std::string progress_line(const ProgressCounts& counts, double elapsed_s);

// Redraws at most twice a second, and always for the last scenario.
class ProgressThrottle {
 public:
  // True if a line should be drawn now (at `now_s`, seconds on any monotonic clock).
  [[nodiscard]] bool due(const ProgressCounts& counts, double now_s);

 private:
  double last_s_ = -1;
};

}  // namespace kmc::verify
