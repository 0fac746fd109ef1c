// A user model for scenario files: "counter", a shared counter that threads increment, racily
// (`inc`: a load and a store) or under a mutex (`locked_inc`). At the end the counter must be
// its start value plus the increments made. Registered with its own driver (driver.cpp).
#pragma once

#include <kmc/main.hpp>

namespace counter {

// The model's descriptor: parameter `start`, operations inc, locked_inc and read.
[[nodiscard]] const kmc::model::ModelDescriptor& descriptor();

}  // namespace counter
