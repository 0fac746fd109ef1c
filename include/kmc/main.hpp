// kmc::main: the whole kmc command (run, test, list, replay, bench, fuzz, verify, reports) over
// the models a driver registers. A driver's main is one line:
//   int main(int argc, char** argv) { return kmc::main(argc, argv, {&my_model()}); }
// Models are described as model/model_api.hpp says (operations, parameters, variants, create).
// A model registered with its descriptor alone is fuzzed with fuzz::generic_rules() and verified
// over verify::generic_catalogue(); a ModelEntry may give its own tables instead.
#pragma once

#include <vector>

#include "fuzz/protocol.hpp"
#include "model/model_api.hpp"
#include "verify/catalogue.hpp"

namespace kmc {

// One model of a driver: its descriptor and, optionally, its own verify catalogue and fuzz
// rules (an empty factory: the one derived from the descriptor).
struct ModelEntry {
  // Implicit, so that a driver may list bare descriptors: {&my_model()}.
  ModelEntry(const model::ModelDescriptor* descriptor,  // NOLINT(google-explicit-constructor)
             verify::CatalogueFactory catalogue_factory = {}, fuzz::RulesFactory rules = {})
      : model(descriptor), catalogue(std::move(catalogue_factory)), fuzz_rules(std::move(rules)) {}

  const model::ModelDescriptor* model;
  verify::CatalogueFactory catalogue;
  fuzz::RulesFactory fuzz_rules;
};

// The models the kmc command ships (fd, sem, kq, cross) with their own catalogues and rules:
// what kmc's driver registers, and what a driver may extend with models of its own.
[[nodiscard]] std::vector<ModelEntry> shipped_entries();

// Runs the kmc command line `argv` with `models` as the models scenario files may name (and the
// choices of `kmc fuzz --model` and `kmc verify --model`); returns the exit status of DESIGN §4.
[[nodiscard]] int main(int argc, char** argv, std::vector<ModelEntry> models);

}  // namespace kmc
