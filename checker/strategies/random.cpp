#include "checker/strategies/random.hpp"

#include <bit>

namespace kmc {

ThreadId pick_uniform(std::uint64_t mask, std::mt19937_64& rng) {
  const int n = std::popcount(mask);
  int k = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
  while (k-- > 0) mask &= mask - 1;
  return static_cast<ThreadId>(std::countr_zero(mask));
}

bool RandomStrategy::begin_execution() {
  if (budget_ != 0 && started_ >= budget_) return false;
  ++started_;
  return true;
}

ThreadId RandomStrategy::pick(const SchedulingPoint& point) { return pick_uniform(point.enabled, rng_); }

std::uint32_t RandomStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  return static_cast<std::uint32_t>(rng_() % count);
}

}  // namespace kmc
