// The scenarios of a verify bound: every combination of canonical actions over the canonical
// setups, one representative per thread permutation on symmetric setups, rendered as scenario text.
#pragma once

#include <string>
#include <vector>

#include "verify/catalogue.hpp"

namespace kmc::verify {

// T threads, each running 1..O actions (only core actions when `core_only`).
struct Shape {
  int threads = 2;
  int ops = 1;
  bool core_only = false;
};

// A bound is a union of shapes; "TxO" is one shape over all actions.
struct Bound {
  std::string text;  // as given ("default", "2x2", ...)
  std::vector<Shape> shapes;
};

// The model's default bound: every pair of actions (2x1) and every pair of two-action programs of
// core actions (2x2, core). Parses "default" or "TxO" (T in 1..4, O in 1..4); false with `error`.
[[nodiscard]] bool parse_bound(const std::string& text, Bound& out, std::string& error);

// One scenario to explore: a setup, a configuration point and each thread's actions.
struct Case {
  int setup = 0;
  int config = 0;
  std::vector<std::vector<int>> programs;  // per thread, indices into Catalogue::actions
};

// Every case of `bound` for each configuration point in `configs`, in a fixed order (setup, then
// config, then programs), without duplicates and without symmetric repeats.
[[nodiscard]] std::vector<Case> enumerate(const Catalogue& c, const Bound& bound,
                                          const std::vector<int>& configs);

// The scenario file text of `k` (threads T1.., names each action binds made unique per thread and
// position, `allow blocked` for threads that may block).
[[nodiscard]] std::string render_case(const Catalogue& c, const Case& k);

// "T1: close a | T2: dup2 a b" — the case's programs, for tables and messages.
[[nodiscard]] std::string describe_case(const Catalogue& c, const Case& k);

}  // namespace kmc::verify
