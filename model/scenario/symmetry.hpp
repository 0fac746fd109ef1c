// Which scenario threads are mirror images of an earlier one, for the engine's symmetry
// reduction (Execution::start_after).
#pragma once

#include <vector>

#include "model/scenario/scenario.hpp"

namespace kmc::scenario {

// For each thread of `s`, the index of the nearest earlier thread it is interchangeable with,
// or -1. Two threads are interchangeable when they sit in the same process (not one an
// operation returns), may or may not end blocked alike, and run the same operations with the
// same arguments, up to renaming the results each binds itself; a thread whose results another
// thread reads, or whose process another thread runs in, is interchangeable with none. Nothing
// when the model's threads are not interchangeable (ModelDescriptor::interchangeable_threads).
// Chains follow: threads 0, 2 and 5 alike give {-1, -1, 0, -1, -1, 2}.
[[nodiscard]] std::vector<int> symmetry_leaders(const Scenario& s);

}  // namespace kmc::scenario
