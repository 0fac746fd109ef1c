// The `kq` model (fd + kq on the composition of spec §4) and the `cross` model (fd + kq + sem
// with processes) as scenario files see them.
#pragma once

#include "model/model_api.hpp"

namespace kmc::cross {

// DragonFly kern_event.c on the fd model's descriptor layer (registered as "kq").
[[nodiscard]] const model::ModelDescriptor& kq_descriptor();
// fd + kq + sem across processes (registered as "cross").
[[nodiscard]] const model::ModelDescriptor& cross_descriptor();

}  // namespace kmc::cross
