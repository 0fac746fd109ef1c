// Turns a raw scenario (gen.hpp) into the text of a well-formed scenario file for its model:
// every name used is bound before, in scope, blocking operations stay out of setup, exec/exit run
// only in a thread alone in its process (and end it), threads that may block are allowed to.
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
