#include "model/scenario/fingerprint.hpp"

#include <fmt/format.h>

#include <set>
#include <vector>

#include "checker/replay_token.hpp"

namespace kmc::scenario {
namespace {

// FNV-1a over the parts fed to it, shown as 6 hex digits (24 bits: enough to tell builds and
// scenarios apart, short enough for a token a person copies).
class Hash {
 public:
  Hash& add(std::string_view text) {
    for (char c : text) h_ = (h_ ^ static_cast<unsigned char>(c)) * 16777619u;
    h_ = (h_ ^ 0xffu) * 16777619u;  // a separator, so that "ab"+"c" differs from "a"+"bc"
    return *this;
  }
  Hash& add(long long v) { return add(std::to_string(v)); }
  [[nodiscard]] std::string hex() const { return fmt::format("{:06x}", h_ & 0xffffffu); }

 private:
  std::uint32_t h_ = 2166136261u;
};

std::string ops_hash(const model::ModelDescriptor& m) {
  Hash h;
  h.add(m.name);
  for (const model::OpSpec& op : m.ops) {
    h.add(op.name).add(op.may_block ? 1 : 0);
    for (const model::ArgSpec& a : op.args)
      h.add(a.name).add(static_cast<int>(a.kind)).add(a.optional ? 1 : 0).add(a.fallback);
  }
  for (const model::ParamSpec& p : m.params) h.add(p.name).add(p.fallback).add(p.min).add(p.max);
  return h.hex();
}

void add_ops(Hash& h, const std::vector<Operation>& ops) {
  h.add(static_cast<long long>(ops.size()));
  for (const Operation& op : ops) {
    h.add(op.op).add(op.result).add(static_cast<long long>(op.args.size()));
    for (const Arg& a : op.args) h.add(static_cast<int>(a.source)).add(a.value);
  }
}

std::string program_hash(const Scenario& s) {
  Hash h;
  h.add(static_cast<long long>(s.processes.size()));
  add_ops(h, s.setup);
  for (const ThreadSpec& t : s.threads) {
    h.add(static_cast<int>(t.in.kind)).add(t.in.index).add(t.allow_blocked ? 1 : 0);
    add_ops(h, t.ops);
  }
  for (const std::string& str : s.strings) h.add(str);
  return h.hex();
}

std::string config_hash(const Scenario& s) {
  Hash h;
  for (const auto& [name, value] : s.config.params) h.add(name).add(value);
  h.add(s.config.address_reuse ? 1 : 0).add(s.config.fault_injection ? 1 : 0);
  h.add(s.biglock ? 1 : 0).add(s.early_timeouts);
  return h.hex();
}

std::string variants_hash(const std::set<std::string>& variants) {
  Hash h;
  for (const std::string& v : variants) h.add(v);
  return h.hex();
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (std::size_t dash; (dash = text.find('-', at)) != std::string::npos; at = dash + 1)
    parts.push_back(text.substr(at, dash - at));
  parts.push_back(text.substr(at));
  return parts;
}

// The variants to switch on (up to two) that turn `on` into a set hashing to `wanted`; empty when
// none do.
std::vector<std::string> missing_variants(const model::ModelDescriptor& m,
                                          const std::set<std::string>& on,
                                          const std::string& wanted) {
  std::vector<std::string> off;
  for (const model::VariantSpec& v : m.variants)
    if (on.count(v.name) == 0) off.push_back(v.name);
  for (std::size_t i = 0; i < off.size(); ++i) {
    std::set<std::string> one = on;
    one.insert(off[i]);
    if (variants_hash(one) == wanted) return {off[i]};
    for (std::size_t k = i + 1; k < off.size(); ++k) {
      std::set<std::string> two = one;
      two.insert(off[k]);
      if (variants_hash(two) == wanted) return {off[i], off[k]};
    }
  }
  return {};
}

// The variants switched on here that the token was made without (one of them), if that explains
// `wanted`.
std::string extra_variant(const std::set<std::string>& on, const std::string& wanted) {
  for (const std::string& v : on) {
    std::set<std::string> less = on;
    less.erase(v);
    if (variants_hash(less) == wanted) return v;
  }
  return "";
}

}  // namespace

std::string fingerprint(const Scenario& s) {
  return fmt::format("{}-{}-{}-{}-{}", s.model->name, ops_hash(*s.model), program_hash(s),
                     config_hash(s), variants_hash(s.config.variants));
}

std::string explain_mismatch(const std::string& token_fp, const Scenario& s) {
  if (token_fp.empty()) return "";
  const std::vector<std::string> t = split(token_fp);
  const std::vector<std::string> here = split(fingerprint(s));
  const std::string engine = fmt::format("e{}", kScheduleVersion);
  if (t.size() != 6) return "its fingerprint '" + token_fp + "' is damaged";
  if (t[0] != here[0])
    return fmt::format("the token was made for a scenario of model {}, this one is of model {}",
                       t[0], here[0]);
  std::vector<std::string> why;
  if (t[5] != engine)
    why.push_back(fmt::format(
        "the engine's scheduling changed since the token was made (token {}, this kmc {}): run "
        "the scenario again for a new token",
        t[5], engine));
  if (t[1] != here[1])
    why.push_back(fmt::format(
        "model {}'s operation table or parameters changed since the token was made (another "
        "build of kmc)",
        here[0]));
  if (t[2] != here[2])
    why.push_back(
        "the scenario's processes, setup or threads differ from the ones the token "
        "was made from (another scenario, or an edited one)");
  if (t[3] != here[3])
    why.push_back("the scenario's configuration (config parameters or options) differs");
  if (t[4] != here[4]) {
    const std::vector<std::string> add = missing_variants(*s.model, s.config.variants, t[4]);
    const std::string less = extra_variant(s.config.variants, t[4]);
    if (!add.empty()) {
      std::string flags;
      for (const std::string& v : add) flags += " --variant " + v;
      why.push_back(
          fmt::format("the token was made with {} on: add{}", fmt::join(add, " and "), flags));
    } else if (!less.empty()) {
      why.push_back(fmt::format(
          "the token was made without variant {}, which is on here (in the file or by --variant)",
          less));
    } else {
      why.push_back("the variants switched on differ from the ones the token was made with");
    }
  }
  return fmt::format("{}", fmt::join(why, "; "));
}

}  // namespace kmc::scenario
