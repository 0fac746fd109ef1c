// RapidCheck generators of raw scenarios for any model, from its ModelDescriptor alone. A raw
// scenario holds only small integers (choices), so RapidCheck can shrink every part freely;
// render.hpp turns any raw scenario, shrunk or not, into a well-formed scenario file.
#pragma once

#include <rapidcheck.h>

#include <string>
#include <vector>

#include "model/model_api.hpp"

namespace kmc::fuzz {

// One argument as choices: `literal` or a bound name (`pick` modulo the names in scope), and for
// Flags the symbol indices (into the arg's relevant symbols) joined by '|'.
struct RawArg {
  bool literal = false;
  int value = 0;  // the literal (Int, Ref), the bound-name pick (Ref), the name pool index (Name)
  std::vector<int> syms;  // Flags: indices into the relevant symbols (empty: 0 or `value`)
};

struct RawOp {
  int op = 0;  // index into the model's usable operations (modulo their count)
  std::vector<RawArg> args;
  int omit = 0;  // trailing optional arguments left out (clamped to those that are optional)
};

struct RawThread {
  int where = 0;  // 0: process 1; k > 0: the (k-1)-th process in scope (declared or forked)
  std::vector<RawOp> ops;
};

struct RawScenario {
  std::vector<std::pair<int, int>> params;  // (param index, value choice); later pairs win
  int processes = 0;                        // extra `process` lines (P2, P3, ...)
  std::vector<RawOp> setup;
  std::vector<RawThread> threads;
};

// The size of what to generate: threads in [2, max_threads], ops per thread in [1, max_ops].
struct Shape {
  int max_threads = 2;
  int max_ops = 3;
  int max_setup = 3;
  int max_args = 6;  // most arguments any operation of the model takes
};

// Generates raw scenarios of `shape` for `model` (the descriptor must outlive the generator).
[[nodiscard]] rc::Gen<RawScenario> gen_raw_scenario(const model::ModelDescriptor& model,
                                                    const Shape& shape);

// A one-line summary for RapidCheck's counterexample output ("2 threads, 5 ops").
void showValue(const RawScenario& raw, std::ostream& os);

}  // namespace kmc::fuzz
