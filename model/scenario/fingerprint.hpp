// The fingerprint of a scenario that its replay tokens carry (checker/replay_token.hpp): what a
// schedule depends on, part by part, so that a token replayed against a scenario, variant set or
// build it does not fit says which part differs (and which --variant flags would make it fit).
#pragma once

#include <string>

#include "model/scenario/scenario.hpp"

namespace kmc::scenario {

// "fd-<ops>-<program>-<config>-<variants>": the model's name, then 6-hex-digit hashes of the
// model's operation table and parameter specs, of the scenario's processes, setup and threads,
// of its configuration (parameter values and options), and of the variants switched on.
[[nodiscard]] std::string fingerprint(const Scenario& s);

// Why a token with fingerprint `token_fp` (as decode_token gives it, "...-e1") does not fit `s`,
// one sentence per part that differs, ending with the flags to add when only variants are
// missing; "" when it fits (or `token_fp` is empty: a K1 token carries none).
[[nodiscard]] std::string explain_mismatch(const std::string& token_fp, const Scenario& s);

}  // namespace kmc::scenario
