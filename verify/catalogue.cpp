#include "verify/catalogue.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::verify {
namespace {

// Set by the driver (kmc::main) before any verb runs, restored when it returns.
const std::vector<CatalogueEntry>* registered = nullptr;

const CatalogueEntry* entry_of(const model::ModelDescriptor& m) {
  for (const CatalogueEntry& e : registered != nullptr ? *registered : shipped_catalogues())
    if (e.model == &m && e.catalogue) return &e;
  return nullptr;
}

// The catalogues built so far; emptied when the registration changes (never while a verify runs).
struct Cache {
  std::mutex mu;
  std::map<const model::ModelDescriptor*, std::unique_ptr<const Catalogue>> built;
};

Cache& cache() {
  static Cache c;
  return c;
}

void forget_catalogues() {
  Cache& c = cache();
  const std::lock_guard<std::mutex> lock(c.mu);
  c.built.clear();
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

RegisteredCatalogues::RegisteredCatalogues(std::vector<CatalogueEntry> entries)
    : entries_(std::move(entries)), previous_(registered) {
  registered = &entries_;
  forget_catalogues();
}

RegisteredCatalogues::~RegisteredCatalogues() {
  registered = previous_;
  forget_catalogues();
}

const Catalogue& catalogue_of(const model::ModelDescriptor& model) {
  Cache& c = cache();
  const std::lock_guard<std::mutex> lock(c.mu);
  std::unique_ptr<const Catalogue>& built = c.built[&model];
  if (!built) {
    const CatalogueEntry* e = entry_of(model);
    auto made =
        std::make_unique<Catalogue>(e != nullptr ? e->catalogue() : generic_catalogue(model));
    made->model = &model;
    built = std::move(made);
  }
  return *built;
}

const Catalogue* catalogue_of(const std::string& model) {
  const model::ModelDescriptor* m = model::find_model(model);
  return m != nullptr ? &catalogue_of(*m) : nullptr;
}

bool has_own_catalogue(const model::ModelDescriptor& model) {
  return entry_of(model) != nullptr;
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
