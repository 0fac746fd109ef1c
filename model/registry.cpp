// The list of models. Each model adds one line here (and its header include).
#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/model_api.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::model {

const std::vector<const ModelDescriptor*>& all_models() {
  static const std::vector<const ModelDescriptor*> models = {
      &sem::descriptor(),
      &fd::fd_descriptor(),
      &cross::kq_descriptor(),
      &cross::cross_descriptor(),
  };
  return models;
}

const ModelDescriptor* find_model(std::string_view name) {
  for (const ModelDescriptor* m : all_models())
    if (m->name == name) return m;
  return nullptr;
}

}  // namespace kmc::model
