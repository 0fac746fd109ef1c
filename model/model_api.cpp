#include "model/model_api.hpp"

namespace kmc::model {

std::string ModelDescriptor::result_text(int op, Value result) const {
  const bool status = op >= 0 && static_cast<std::size_t>(op) < ops.size() &&
                      ops[static_cast<std::size_t>(op)].returns_status;
  const Value code = status ? result : -result;
  if (code > 0)
    for (const auto& [name, value] : errnos)
      if (value == code) return (status ? "" : "-") + name;
  return std::to_string(result);
}

void ModelDescriptor::mark_status_ops(std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    ops.at(static_cast<std::size_t>(find_op(name))).returns_status = true;
}

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
