// The kmc public API in one header: the primitives a model is written with (kmc/model.hpp) and
// kmc::check, which explores a model and returns a printable result (kmc/check.hpp).
// docs/primitives.md documents every primitive; docs/tutorial.md walks through a first model.
#pragma once

#include "kmc/check.hpp"
#include "kmc/model.hpp"
