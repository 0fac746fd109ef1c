// Flags arguments from a model's symbols: which symbols fit an argument (read off its doc), and
// the `A|B` text for a choice of them.
#pragma once

#include <string>
#include <vector>

#include "model/model_api.hpp"

namespace kmc::fuzz {

// The symbols an argument's doc names (`O_CREAT`) or names by prefix (`EV_*`), in model order.
[[nodiscard]] std::vector<std::pair<std::string, Value>> relevant_symbols(
    const model::ModelDescriptor& model, const model::ArgSpec& arg);

// The text of a Flags argument: the chosen relevant symbols joined by '|' ("0" for none); a
// selector (all relevant symbols negative, like EVFILT_*) takes exactly one; an argument whose
// doc names no symbol gets the small integer |value| % 4.
[[nodiscard]] std::string flags_text(const model::ModelDescriptor& model, const model::ArgSpec& arg,
                                     const std::vector<int>& picks, int value);

}  // namespace kmc::fuzz
