// Builds a strategy by name: dpor (default), dfs, bounded, pct, random, replay.
#pragma once

#include <memory>
#include <string>

#include "checker/strategy.hpp"

namespace kmc {

struct StrategyOptions {
  std::string name = "dpor";
  std::uint32_t preemptions = 2;   // bounded: the preemption bound
  std::uint64_t seed = 1;          // pct, random
  std::uint32_t pct_depth = 3;     // pct: bug depth d
  std::uint64_t executions = 1000; // pct, random: how many executions (0: unlimited)
  std::string replay;              // replay: the token
};

// Returns nullptr and sets `error` when the name or options are not valid.
[[nodiscard]] std::unique_ptr<Strategy> make_strategy(const StrategyOptions& options,
                                                      std::string& error);

}  // namespace kmc
