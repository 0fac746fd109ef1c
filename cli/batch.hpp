// Runs several scenario files, on up to `jobs` threads, handing each outcome back in file order
// as soon as it and every file before it are done (so output streams in a stable order).
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "cli/scenario_run.hpp"

namespace kmc::cli {

// Calls `done(i, run)` for i = 0, 1, ... in order, on the calling thread. Each run is independent
// (its own program, strategy and engine state); `jobs` is clamped to [1, files].
void run_batch(const std::vector<std::filesystem::path>& files, const ScenarioRunOptions& options,
               unsigned jobs, const std::function<void(std::size_t, ScenarioRun&)>& done);

// The worst exit status of a set of runs (internal > usage > violation > incomplete > pass).
[[nodiscard]] int worst_status(int a, int b);

}  // namespace kmc::cli
