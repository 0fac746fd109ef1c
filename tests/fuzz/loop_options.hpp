// Options for a deterministic fuzz loop in a test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz/fuzzer.hpp"

namespace kmc::fuzz {

// `runs` scenarios of `model` from `seed`, each bounded by `executions` (the clock limit is far
// off, so the cap decides), files written under the build tree as NAME...; model must exist.
[[nodiscard]] inline FuzzOptions loop_options(const char* model, std::uint64_t runs,
                                              std::uint64_t seed, const std::string& name,
                                              std::uint64_t executions = 300) {
  FuzzOptions o;
  o.model = model::find_model(model);
  o.runs = runs;
  o.seed = seed;
  o.limits.executions = executions;
  o.limits.seconds = 60;
  o.out = std::filesystem::path(KMC_BINARY_DIR) / "fuzz-test-out";
  o.name = name;
  return o;
}

}  // namespace kmc::fuzz
