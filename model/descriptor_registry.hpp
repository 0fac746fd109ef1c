// Per-model tables keyed by descriptor (kmc fuzz's rules, kmc verify's catalogues): the entries a
// driver registers for its lifetime, else the shipped ones, and what each model's entry builds,
// made once per registration and then shared read-only (verify's worker threads read it).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "model/model_api.hpp"

namespace kmc::model {

// A model and the factory of one of its tables (an empty factory: none).
template <typename Factory>
struct DescriptorEntry {
  const ModelDescriptor* model = nullptr;
  Factory make;
};

// The registered entries of one kind of table and what they built.
template <typename Factory, typename Built>
class DescriptorRegistry {
 public:
  using Entry = DescriptorEntry<Factory>;
  // Builds a model's table from its entry (nullptr: the model has none registered).
  using Build = std::function<std::unique_ptr<const Built>(const ModelDescriptor&, const Entry*)>;

  DescriptorRegistry(const std::vector<Entry>& (*shipped)(), Build build)
      : shipped_(shipped), build_(std::move(build)) {}

  // The entry of `m` with a factory, among the registered entries (the shipped ones when none
  // are registered); nullptr if there is none.
  [[nodiscard]] const Entry* entry(const ModelDescriptor& m) const {
    for (const Entry& e : registered_ != nullptr ? *registered_ : shipped_())
      if (e.model == &m && e.make) return &e;
    return nullptr;
  }

  // The table of `m`, built on first use.
  [[nodiscard]] const Built& get(const ModelDescriptor& m) {
    const std::lock_guard<std::mutex> lock(mu_);
    std::unique_ptr<const Built>& b = built_[&m];
    if (!b) b = build_(m, entry(m));
    return *b;
  }

  // Makes `entries` the registered ones (nullptr: none) and returns the previous; what was built
  // is forgotten, so no model keeps the table of an earlier registration.
  const std::vector<Entry>* swap(const std::vector<Entry>* entries) {
    const std::lock_guard<std::mutex> lock(mu_);
    built_.clear();
    return std::exchange(registered_, entries);
  }

 private:
  const std::vector<Entry>& (*shipped_)();
  Build build_;
  std::mutex mu_;
  const std::vector<Entry>* registered_ = nullptr;
  std::map<const ModelDescriptor*, std::unique_ptr<const Built>> built_;
};

// Makes a list of entries the registered ones of `registry` while it lives (kmc::main registers
// its models' so); restores the previous ones after.
template <typename Factory, typename Built>
class DescriptorRegistration {
 public:
  DescriptorRegistration(DescriptorRegistry<Factory, Built>& registry,
                         std::vector<DescriptorEntry<Factory>> entries)
      : registry_(registry), entries_(std::move(entries)), previous_(registry.swap(&entries_)) {}
  DescriptorRegistration(const DescriptorRegistration&) = delete;
  DescriptorRegistration& operator=(const DescriptorRegistration&) = delete;
  ~DescriptorRegistration() { (void)registry_.swap(previous_); }

 private:
  DescriptorRegistry<Factory, Built>& registry_;
  std::vector<DescriptorEntry<Factory>> entries_;
  const std::vector<DescriptorEntry<Factory>>* previous_;
};

}  // namespace kmc::model
