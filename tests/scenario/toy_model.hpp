// A tiny model for testing scenario files without the kernel models: a shared counter with
// unlocked and locked increments, heap objects (use-after-free, double free, leak), an ABBA lock
// pair, a wait/post pair, processes, and operations that echo their arguments.
#pragma once

#include <vector>

#include "model/model_api.hpp"

namespace kmc::testing {

// The descriptor of the toy model ("toy"); see toy_model.cpp for its operations.
[[nodiscard]] const model::ModelDescriptor& toy_model();
// A descriptor list holding only the toy model, for parse_scenario's `models` argument.
[[nodiscard]] const std::vector<const model::ModelDescriptor*>& toy_models();

}  // namespace kmc::testing
