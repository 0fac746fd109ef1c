// PCT (Burckhardt et al., ASPLOS'10): random thread priorities, the highest enabled runs, and d-1
// random change points lower the running thread's priority. Finds a bug of depth d with
// probability at least 1/(n k^(d-1)) per execution (n threads, k steps).
#pragma once

#include <random>
#include <vector>

#include "checker/strategy.hpp"

namespace kmc {

class PctStrategy final : public Strategy {
 public:
  PctStrategy(std::uint64_t seed, std::uint32_t depth, std::uint64_t executions)
      : rng_(seed), depth_(depth), budget_(executions) {}
  [[nodiscard]] bool begin_execution() override;
  [[nodiscard]] ThreadId pick(const SchedulingPoint& point) override;
  [[nodiscard]] std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) override;
  void end_execution(const Trace& trace, bool abandoned) override;
  [[nodiscard]] bool exhaustive() const override { return false; }
  [[nodiscard]] std::string_view name() const override { return "pct"; }

 private:
  std::mt19937_64 rng_;
  std::uint32_t depth_;
  std::uint64_t budget_;
  std::uint64_t started_ = 0;
  std::uint32_t max_steps_ = 64;  // k: the longest execution seen so far
  std::vector<std::int64_t> priority_;
  std::vector<std::uint32_t> change_points_;
  std::int64_t next_high_ = 0;
};

}  // namespace kmc
