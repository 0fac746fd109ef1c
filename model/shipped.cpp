// The shipped models, registered by kmc's own driver as a user's driver registers theirs.
#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/model_api.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::model {

const std::vector<const ModelDescriptor*>& shipped_models() {
  static const std::vector<const ModelDescriptor*> models = {
      &sem::descriptor(),
      &fd::fd_descriptor(),
      &cross::kq_descriptor(),
      &cross::cross_descriptor(),
  };
  return models;
}

}  // namespace kmc::model
