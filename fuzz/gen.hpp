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
  // One choice per setting of config_space(model) (config.hpp), 0 the default; missing ones are
  // 0 too. RapidCheck shrinks each towards 0, so a setting a failure does not need goes back to
  // its default.
  std::vector<int> config;
  int processes = 0;  // extra `process` lines (P2, P3, ...)
  std::vector<RawOp> setup;
  std::vector<RawThread> threads;
};

// The size of what to generate: threads in [2, max_threads] (2 in three cases of four, more in
// the fourth), ops per thread in [1, max_ops].
struct Shape {
  int max_threads = 3;
  int max_ops = 3;
  int max_setup = 3;
  int max_args = 6;       // most arguments any operation of the model takes
  bool variants = false;  // choose the model's variants too (else only --variant's are on)
};

// Generates raw scenarios of `shape` for `model` (the descriptor must outlive the generator).
// Each setting of the configuration space (config.hpp) keeps its default in nine cases of ten
// and takes one of its other values, uniformly, in the tenth.
[[nodiscard]] rc::Gen<RawScenario> gen_raw_scenario(const model::ModelDescriptor& model,
                                                    const Shape& shape);

// A one-line summary for RapidCheck's counterexample output ("2 threads, 5 ops").
void showValue(const RawScenario& raw, std::ostream& os);

}  // namespace kmc::fuzz
