// The list of models. Each model adds one line here (and its header include).
#include "model/model_api.hpp"

namespace kmc::model {

const std::vector<const ModelDescriptor*>& all_models() {
  static const std::vector<const ModelDescriptor*> models = {};
  return models;
}

const ModelDescriptor* find_model(std::string_view name) {
  for (const ModelDescriptor* m : all_models())
    if (m->name == name) return m;
  return nullptr;
}

}  // namespace kmc::model
