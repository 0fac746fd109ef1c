#include "fuzz/protocol.hpp"

#include <memory>
#include <mutex>

namespace kmc::fuzz {
namespace {

// Set by the driver (kmc::main) before any verb runs, restored when it returns.
const std::vector<RulesEntry>* registered = nullptr;

const std::vector<RulesEntry>& all_rules() {
  return registered != nullptr ? *registered : shipped_rules();
}

const RulesEntry* entry_of(const model::ModelDescriptor& m) {
  for (const RulesEntry& e : all_rules())
    if (e.model == &m && e.rules) return &e;
  return nullptr;
}

std::unique_ptr<Protocol> build(const model::ModelDescriptor& m) {
  const RulesEntry* e = entry_of(m);
  const Rules rules = e != nullptr ? e->rules() : generic_rules(m);
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

// The protocols built so far; emptied when the registered rules change, so a model is never
// fuzzed with the rules of an earlier registration.
struct Cache {
  std::mutex mu;
  std::map<const model::ModelDescriptor*, std::unique_ptr<Protocol>> built;
};

Cache& cache() {
  static Cache c;
  return c;
}

void forget_protocols() {
  Cache& c = cache();
  const std::lock_guard<std::mutex> lock(c.mu);
  c.built.clear();
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

RegisteredRules::RegisteredRules(std::vector<RulesEntry> entries)
    : entries_(std::move(entries)), previous_(registered) {
  registered = &entries_;
  forget_protocols();
}

RegisteredRules::~RegisteredRules() {
  registered = previous_;
  forget_protocols();
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
  Cache& c = cache();
  const std::lock_guard<std::mutex> lock(c.mu);
  std::unique_ptr<Protocol>& p = c.built[&model];
  if (!p) p = build(model);
  return *p;
}

bool has_own_rules(const model::ModelDescriptor& model) {
  return entry_of(model) != nullptr;
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
