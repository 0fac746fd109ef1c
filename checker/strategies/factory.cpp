#include "checker/strategies/factory.hpp"

#include "checker/replay_token.hpp"
#include "checker/strategies/dfs.hpp"
#include "checker/strategies/dpor.hpp"
#include "checker/strategies/pct.hpp"
#include "checker/strategies/random.hpp"
#include "checker/strategies/replay.hpp"

namespace kmc {

std::unique_ptr<Strategy> make_strategy(const StrategyOptions& options, std::string& error) {
  if (options.name == "dpor") return std::make_unique<DporStrategy>();
  if (options.name == "dfs") return std::make_unique<DfsStrategy>();
  if (options.name == "bounded") return std::make_unique<DfsStrategy>(options.preemptions);
  if (options.name == "random") {
    return std::make_unique<RandomStrategy>(options.seed, options.executions);
  }
  if (options.name == "pct") {
    if (options.pct_depth == 0) {
      error = "pct needs a depth of at least 1";
      return nullptr;
    }
    return std::make_unique<PctStrategy>(options.seed, options.pct_depth, options.executions);
  }
  if (options.name == "replay") {
    auto schedule = decode_token(options.replay, error);
    if (!schedule) return nullptr;
    return std::make_unique<ReplayStrategy>(std::move(*schedule));
  }
  error = "unknown strategy '" + options.name + "' (dpor, dfs, bounded, pct, random, replay)";
  return nullptr;
}

}  // namespace kmc
