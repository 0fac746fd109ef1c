#include "checker/strategies/pct.hpp"

#include <algorithm>

namespace kmc {

bool PctStrategy::begin_execution() {
  if (budget_ != 0 && started_ >= budget_) return false;
  ++started_;
  priority_.assign(kMaxThreads, -1);
  next_high_ = 1'000'000;
  change_points_.clear();
  for (std::uint32_t i = 1; i < depth_; ++i) {
    change_points_.push_back(1 + static_cast<std::uint32_t>(rng_() % max_steps_));
  }
  std::sort(change_points_.begin(), change_points_.end());
  return true;
}

ThreadId PctStrategy::pick(const SchedulingPoint& point) {
  for (int t = 0; t < kMaxThreads; ++t) {
    if ((point.enabled & (1ull << t)) != 0 && priority_[t] < 0) {
      // A new thread gets a random priority above every lowered one.
      priority_[t] = next_high_ + static_cast<std::int64_t>(rng_() % 1000);
    }
  }
  const auto highest = [&] {
    ThreadId best = kNoThread;
    for (int t = 0; t < kMaxThreads; ++t) {
      if ((point.enabled & (1ull << t)) == 0) continue;
      if (best == kNoThread || priority_[t] > priority_[best]) best = static_cast<ThreadId>(t);
    }
    return best;
  };
  ThreadId best = highest();
  for (std::size_t i = 0; i < change_points_.size(); ++i) {
    // At the i-th change point the thread about to run drops below every initial priority.
    if (change_points_[i] == point.depth) {
      priority_[best] = static_cast<std::int64_t>(i);
      best = highest();
    }
  }
  return best;
}

std::uint32_t PctStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  return static_cast<std::uint32_t>(rng_() % count);
}

void PctStrategy::end_execution(const Trace& trace, bool abandoned) {
  max_steps_ = std::max<std::uint32_t>(max_steps_, static_cast<std::uint32_t>(trace.events.size()));
}

}  // namespace kmc
