// Turns a raw scenario (gen.hpp) into the text of a well-formed scenario file for its model that
// keeps the model's scenario contract (protocol.hpp): arguments of the right type and range,
// every acquired resource released by the thread that acquired it, nothing held across a
// task-wide operation, one task per thread where the model needs it (fd), blocking operations out
// of setup, exec/exit only in a thread alone in its process (and ending it), threads that may
// block allowed to. See fuzz/README.md.
#pragma once

#include <string>
#include <vector>

#include "fuzz/gen.hpp"
#include "model/model_api.hpp"

namespace kmc::fuzz {

struct RenderOptions {
  std::vector<std::string> variants;  // `variant` lines
  std::string expect = "pass";        // what follows `expect`
  std::vector<std::string> comments;  // `#` lines at the top (the scenario's description)
};

// The scenario file text; always parses (parse_scenario) for any `raw` and any model whose ops
// include one that takes no required argument and does not block (all four models do).
[[nodiscard]] std::string render_scenario(const model::ModelDescriptor& model,
                                          const RawScenario& raw, const RenderOptions& options);

}  // namespace kmc::fuzz
