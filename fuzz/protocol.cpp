#include "fuzz/protocol.hpp"

#include <memory>

namespace kmc::fuzz {
namespace {

std::unique_ptr<const Protocol> build(const model::ModelDescriptor& m, const RulesEntry* e) {
  const Rules rules = e != nullptr ? e->make() : generic_rules(m);
  auto p = std::make_unique<Protocol>();
  p->model = &m;
  for (const model::OpSpec& op : m.ops) {
    auto it = rules.ops.find(op.name);
    p->known.push_back(it != rules.ops.end());
    p->ops.push_back(it != rules.ops.end() ? it->second : OpRule{});
  }
  p->one_thread_per_task = rules.one_thread_per_task;
  p->sibling_op = rules.sibling_op;
  p->options_off = rules.options_off;
  return p;
}

}  // namespace

Rules generic_rules(const model::ModelDescriptor& model) {
  Rules r;
  for (const model::OpSpec& op : model.ops) {
    OpRule rule;
    rule.args.assign(op.args.size(), ArgRule{Res::Ranged, Role::Plain});
    r.ops[op.name] = rule;
  }
  return r;
}

model::DescriptorRegistry<RulesFactory, Protocol>& detail::rules_registry() {
  static model::DescriptorRegistry<RulesFactory, Protocol> registry(shipped_rules, build);
  return registry;
}

bool is_resource(Res r) {
  return r == Res::File || r == Res::Borrow || r == Res::Larval || r == Res::Files;
}

int Protocol::releaser(Res r) const {
  const char* name = r == Res::File     ? "fput"
                     : r == Res::Borrow ? "fput_light"
                     : r == Res::Larval ? "put_unused_fd"
                     : r == Res::Files  ? "put_files"
                                        : "";
  return model->find_op(name);
}

const Protocol& protocol_of(const model::ModelDescriptor& model) {
  return detail::rules_registry().get(model);
}

bool has_own_rules(const model::ModelDescriptor& model) {
  return detail::rules_registry().entry(model) != nullptr;
}

std::vector<std::string> ops_without_rule(const model::ModelDescriptor& model) {
  const Protocol& p = protocol_of(model);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < model.ops.size(); ++i) {
    if (!p.known[i]) {
      out.push_back(model.ops[i].name);
      continue;
    }
    const OpRule& r = p.ops[i];
    if (r.args.size() != model.ops[i].args.size()) out.push_back(model.ops[i].name + " (arity)");
  }
  return out;
}

}  // namespace kmc::fuzz
