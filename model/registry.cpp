// The models of this process: a driver's registered list (RegisteredModels), else the shipped.
#include "model/model_api.hpp"

namespace kmc::model {

namespace {
// Set by the driver (kmc::main) before any verb runs, restored when it returns; read-only while
// verify's worker threads run, so they share it safely.
const std::vector<const ModelDescriptor*>* registered = nullptr;
}  // namespace

RegisteredModels::RegisteredModels(std::vector<const ModelDescriptor*> models)
    : models_(std::move(models)), previous_(registered) {
  registered = &models_;
}

RegisteredModels::~RegisteredModels() {
  registered = previous_;
}

const std::vector<const ModelDescriptor*>& all_models() {
  return registered != nullptr ? *registered : shipped_models();
}

const ModelDescriptor* find_model(std::string_view name) {
  for (const ModelDescriptor* m : all_models())
    if (m->name == name) return m;
  return nullptr;
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const ModelDescriptor* m : all_models()) names.push_back(m->name);
  return names;
}

}  // namespace kmc::model
