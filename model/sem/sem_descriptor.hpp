// The `sem` model's descriptor for model/registry.cpp and the scenario layer.
#pragma once

#include "model/model_api.hpp"

namespace kmc::model::sem {

// The descriptor of the standalone sem model (built once, never changes).
[[nodiscard]] const ModelDescriptor& descriptor();

}  // namespace kmc::model::sem
