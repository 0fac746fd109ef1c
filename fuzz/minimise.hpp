// Local minimisation of a failing raw scenario, after RapidCheck's shrinking (which stops at a
// scenario none of whose *RapidCheck* shrinks fails, not one from which no single thread or
// operation can be removed): remove one thread or one operation at a time, keep every removal
// that still fails the same way, until no single removal does (1-minimal) or the budget ends.
// The renderer (render.hpp) turns any raw scenario into a well-formed one that keeps the
// protocol's contracts (protocol.hpp), so every candidate is a valid scenario.
#pragma once

#include <functional>
#include <vector>

#include "fuzz/gen.hpp"

namespace kmc::fuzz {

// Every scenario `raw` gives with one thread removed (while two or more are left) or one
// operation removed (setup's, or a thread's while it keeps at least one; a thread's last one goes
// with its thread). In a fixed order: threads first, as they make the biggest cut.
[[nodiscard]] std::vector<RawScenario> one_smaller(const RawScenario& raw);

// Replaces `raw` by smaller failing scenarios until none of one_smaller(raw) fails. `fails` says
// whether a candidate fails the same way (and may keep what it found); `out_of_budget` is asked
// before each candidate. Returns true if `raw` is now 1-minimal, false if the budget ended first
// (`raw` is then the smallest failing scenario found so far). `steps` counts the removals kept.
[[nodiscard]] bool minimise_raw(RawScenario& raw,
                                const std::function<bool(const RawScenario&)>& fails,
                                const std::function<bool()>& out_of_budget, int& steps);

}  // namespace kmc::fuzz
