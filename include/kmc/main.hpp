// kmc::main: the whole kmc command (run, test, list, replay, bench, fuzz, verify, reports) over
// the models a driver registers. A driver's main is one line:
//   int main(int argc, char** argv) { return kmc::main(argc, argv, {&my_model()}); }
// Models are described as model/model_api.hpp says (operations, parameters, variants, create).
#pragma once

#include <vector>

#include "model/model_api.hpp"

namespace kmc {

// Runs the kmc command line `argv` with `models` as the models scenario files may name (and the
// choices of `kmc fuzz --model` and `kmc verify --model`, which say when a model has no fuzz
// generator or verify catalogue); returns the exit status of DESIGN §4.
[[nodiscard]] int main(int argc, char** argv, std::vector<const model::ModelDescriptor*> models);

}  // namespace kmc
