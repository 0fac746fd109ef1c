// Prints a parsed scenario (the AST of model/scenario/scenario.hpp) back as scenario-file text,
// and compares two ASTs field by field (ignoring source positions and the written op text).
#pragma once

#include <string>

#include "model/scenario/scenario.hpp"

namespace kmc::fuzz {

// Text that parse_scenario reads back to an equal AST (see ast_difference): the description as
// comments, non-default parameters, variants, options, processes, setup, threads, expectation.
[[nodiscard]] std::string print_scenario(const scenario::Scenario& s);

// "" when `a` and `b` mean the same scenario, else a description of the first difference.
[[nodiscard]] std::string ast_difference(const scenario::Scenario& a, const scenario::Scenario& b);

}  // namespace kmc::fuzz
