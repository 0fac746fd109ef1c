#include "verify/catalogue.hpp"

#include <memory>
#include <set>
#include <sstream>

#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::verify {
namespace {

std::unique_ptr<const Catalogue> build(const model::ModelDescriptor& m, const CatalogueEntry* e) {
  auto c = std::make_unique<Catalogue>(e != nullptr ? e->make() : generic_catalogue(m));
  c->model = &m;
  return c;
}

}  // namespace

const std::vector<CatalogueEntry>& shipped_catalogues() {
  static const std::vector<CatalogueEntry> entries = {
      {&model::sem::descriptor(), detail::sem_catalogue},
      {&fd::fd_descriptor(), detail::fd_catalogue},
      {&cross::kq_descriptor(), detail::kq_catalogue},
      {&cross::cross_descriptor(), detail::cross_catalogue},
  };
  return entries;
}

model::DescriptorRegistry<CatalogueFactory, Catalogue>& detail::catalogue_registry() {
  static model::DescriptorRegistry<CatalogueFactory, Catalogue> registry(shipped_catalogues, build);
  return registry;
}

const Catalogue& catalogue_of(const model::ModelDescriptor& model) {
  return detail::catalogue_registry().get(model);
}

const Catalogue* catalogue_of(const std::string& model) {
  const model::ModelDescriptor* m = model::find_model(model);
  return m != nullptr ? &catalogue_of(*m) : nullptr;
}

bool has_own_catalogue(const model::ModelDescriptor& model) {
  return detail::catalogue_registry().entry(model) != nullptr;
}

std::vector<std::string> ops_without_action(const Catalogue& c) {
  std::set<std::string> used;
  const auto first_word = [](const std::string& line) {
    std::istringstream in(line);
    std::string w;
    in >> w;
    return w;
  };
  for (const Action& a : c.actions)
    for (const std::string& line : a.ops) used.insert(first_word(line));
  std::vector<std::string> missing;
  for (const model::OpSpec& op : c.model->ops)
    if (used.count(op.name) == 0) missing.push_back(op.name);
  return missing;
}

}  // namespace kmc::verify
