// The shipped models' registration: each descriptor with the verify catalogue and fuzz rules its
// layers keep for it, paired by descriptor, exactly as a driver registers a model of its own.
#include "kmc/main.hpp"

namespace kmc {

std::vector<ModelEntry> shipped_entries() {
  std::vector<ModelEntry> out;
  for (const model::ModelDescriptor* m : model::shipped_models()) {
    ModelEntry e(m);
    for (const verify::CatalogueEntry& c : verify::shipped_catalogues())
      if (c.model == m) e.catalogue = c.make;
    for (const fuzz::RulesEntry& r : fuzz::shipped_rules())
      if (r.model == m) e.fuzz_rules = r.make;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kmc
