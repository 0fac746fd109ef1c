#include "verify/progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace kmc::verify {
std::string group_digits(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

void count_result(ProgressCounts& counts, const CaseResult& r) {
  ++counts.done;
  // A scenario skipped by --time-limit or a stop keeps the default result: unfinished, nothing run.
  const bool skipped = r.status == CaseStatus::Unfinished && r.executions == 0;
  if (!skipped) ++counts.ran;
  counts.executions += r.executions;
  if (r.status == CaseStatus::Violation) ++counts.violations;
  if (r.status == CaseStatus::Unfinished) ++counts.unfinished;
}

double estimate_seconds_left(const ProgressCounts& counts, double elapsed_s) {
  if (counts.ran < 3 || elapsed_s < 2 || counts.done > counts.total) return -1;
  return elapsed_s / static_cast<double>(counts.ran) *
         static_cast<double>(counts.total - counts.done);
}

std::string human_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60);
}

std::string progress_line(const ProgressCounts& counts, double elapsed_s) {
  std::string line =
      fmt::format("verify: {}/{} scenarios, {} executions, {} violation(s), {} unfinished, {}",
                  counts.done, counts.total, group_digits(counts.executions), counts.violations,
                  counts.unfinished, human_duration(elapsed_s));
  if (counts.done >= counts.total) return line + ", done";
  const double left = estimate_seconds_left(counts, elapsed_s);
  if (left < 0) return line + ", estimating time left";
  return line + ", estimate " + human_duration(left) + " left";
}

bool ProgressThrottle::due(const ProgressCounts& counts, double now_s) {
  if (counts.done < counts.total && last_s_ >= 0 && now_s - last_s_ < 0.5) return false;
  last_s_ = now_s;
  return true;
}

}  // namespace kmc::verify
