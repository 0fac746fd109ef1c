// The verify catalogue every model without its own gets, derived from its descriptor alone: what
// `kmc verify --model M` explores for a user's model registered with kmc::main and no tables.
#include <algorithm>
#include <limits>

#include "verify/catalogue.hpp"

namespace kmc::verify {
namespace {

// An argument as a scenario writes it when nothing better is known: an optional one's fallback,
// else the lowest value its range allows (0 when it has no lower bound), kept inside the range.
std::string canonical(const model::ArgSpec& a) {
  if (a.kind == model::ArgKind::Name) return "/s1";
  Value v = a.optional || a.min == std::numeric_limits<Value>::min() ? a.fallback : a.min;
  v = std::clamp(v, a.min, a.max);
  return std::to_string(v);
}

}  // namespace

Catalogue generic_catalogue(const model::ModelDescriptor& model) {
  Catalogue c;
  c.model = &model;
  c.setups = {{"empty", "no objects; two threads of process 1", {}, {}, {"", ""}, true}};
  const bool core = model.ops.size() <= kGenericCoreOps;
  for (const model::OpSpec& op : model.ops) {
    std::string line = op.name;
    for (const model::ArgSpec& a : op.args) line += " " + canonical(a);
    c.actions.push_back({op.name, {line}, core});
  }
  c.configs = {{"seed", {}}};
  return c;
}

}  // namespace kmc::verify
