// Uniform random walk: every step picks an enabled thread uniformly; a fixed number of executions.
#pragma once

#include <random>

#include "checker/strategy.hpp"

namespace kmc {

class RandomStrategy final : public Strategy {
 public:
  RandomStrategy(std::uint64_t seed, std::uint64_t executions) : rng_(seed), budget_(executions) {}
  [[nodiscard]] bool begin_execution() override;
  [[nodiscard]] ThreadId pick(const SchedulingPoint& point) override;
  [[nodiscard]] std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) override;
  void end_execution(const Trace& trace, bool abandoned) override {}
  [[nodiscard]] bool exhaustive() const override { return false; }
  [[nodiscard]] std::string_view name() const override { return "random"; }

 private:
  std::mt19937_64 rng_;
  std::uint64_t budget_;  // 0: unlimited
  std::uint64_t started_ = 0;
};

// Picks the index of a set bit of `mask` uniformly at random.
[[nodiscard]] ThreadId pick_uniform(std::uint64_t mask, std::mt19937_64& rng);

}  // namespace kmc
