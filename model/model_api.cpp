#include "model/model_api.hpp"

namespace kmc::model {

int ModelDescriptor::find_op(std::string_view op) const {
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (ops[i].name == op) return static_cast<int>(i);
  return -1;
}

const ParamSpec* ModelDescriptor::find_param(std::string_view param) const {
  for (const ParamSpec& p : params)
    if (p.name == param) return &p;
  return nullptr;
}

bool ModelDescriptor::has_variant(std::string_view variant) const {
  for (const VariantSpec& v : variants)
    if (v.name == variant) return true;
  return false;
}

}  // namespace kmc::model
