#include "fuzz/print.hpp"

#include <algorithm>
#include <sstream>

#include "model/scenario/parser.hpp"

namespace kmc::fuzz {
namespace {

using scenario::Arg;
using scenario::Operation;
using scenario::Placement;
using scenario::Scenario;

// A Flags value as symbols when a set of the model's symbols gives exactly it, else the integer.
std::string flags(const model::ModelDescriptor& m, Value v) {
  if (v == 0) return "0";  // not NOTE_FFNOP or another symbol that happens to be 0
  for (const auto& [name, value] : m.symbols)
    if (value == v) return name;
  if (v > 0) {
    Value covered = 0;
    std::string out;
    for (const auto& [name, value] : m.symbols) {
      if (value <= 0 || (value & ~v) != 0 || (value & ~covered) == 0) continue;
      covered |= value;
      out += (out.empty() ? "" : "|") + name;
    }
    if (covered == v) return out;
  }
  return std::to_string(v);
}

std::string arg_text(const Scenario& s, const model::ArgSpec& spec, const Arg& a) {
  switch (a.source) {
    case Arg::Source::Result:
      return s.results[static_cast<std::size_t>(a.value)].name;
    case Arg::Source::Process:
      return s.processes[static_cast<std::size_t>(a.value)];
    case Arg::Source::Constant:
      break;
  }
  if (spec.kind == model::ArgKind::Name) {
    const std::string& str = s.strings[static_cast<std::size_t>(a.value)];
    return !str.empty() && str[0] == '/' ? str : "\"" + str + "\"";
  }
  if (spec.kind == model::ArgKind::Flags) return flags(*s.model, a.value);
  return std::to_string(a.value);
}

std::string op_line(const Scenario& s, const Operation& op) {
  const model::OpSpec& spec = s.model->ops[static_cast<std::size_t>(op.op)];
  std::string out = "  " + spec.name;
  for (std::size_t k = 0; k < op.args.size() && k < spec.args.size(); ++k)
    out += " " + arg_text(s, spec.args[k], op.args[k]);
  if (op.result >= 0) out += " -> " + s.results[static_cast<std::size_t>(op.result)].name;
  return out + "\n";
}

// The options `s` sets, in the parser's order: those it recorded, and those set on the AST alone.
std::vector<std::string> options_of(const Scenario& s) {
  std::vector<std::string> out;
  for (const std::string& o : scenario::scenario_options()) {
    const bool set = std::find(s.options.begin(), s.options.end(), o) != s.options.end() ||
                     (o == "address-reuse" && s.config.address_reuse) ||
                     (o == "fault-injection" && s.config.fault_injection) ||
                     (o == "biglock" && s.biglock) ||
                     (o == "early-timeouts" && s.early_timeouts != 0);
    if (set) out.push_back(o);
  }
  return out;
}

bool same_ops(const std::vector<Operation>& a, const std::vector<Operation>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].op != b[i].op || a[i].result != b[i].result || a[i].args.size() != b[i].args.size())
      return false;
    for (std::size_t k = 0; k < a[i].args.size(); ++k)
      if (a[i].args[k].source != b[i].args[k].source || a[i].args[k].value != b[i].args[k].value)
        return false;
  }
  return true;
}

}  // namespace

std::string print_scenario(const Scenario& s) {
  std::ostringstream out;
  std::istringstream desc(s.description);
  for (std::string line; std::getline(desc, line);) out << "# " << line << "\n";
  out << "model " << s.model->name << "\n";
  std::string config;
  for (const model::ParamSpec& p : s.model->params)
    if (s.config.param(p.name) != p.fallback)
      config += " " + p.name + "=" + std::to_string(s.config.param(p.name));
  if (!config.empty()) out << "config" << config << "\n";
  for (const std::string& v : s.config.variants) out << "variant " << v << "\n";
  for (const std::string& o : options_of(s)) {
    out << "option " << o;
    if (o == "early-timeouts" && s.early_timeouts > 1) out << "=" << s.early_timeouts;
    out << "\n";
  }
  for (const std::string& p : s.processes) out << "process " << p << "\n";
  if (!s.setup.empty()) out << "setup\n";
  for (const Operation& op : s.setup) out << op_line(s, op);
  for (const scenario::ThreadSpec& t : s.threads) {
    out << "thread " << t.name;
    if (t.in.kind == Placement::Kind::Process)
      out << " in " << s.processes[static_cast<std::size_t>(t.in.index)];
    if (t.in.kind == Placement::Kind::Result)
      out << " in " << s.results[static_cast<std::size_t>(t.in.index)].name;
    out << "\n";
    for (const Operation& op : t.ops) out << op_line(s, op);
  }
  for (const scenario::ThreadSpec& t : s.threads)
    if (t.allow_blocked) out << "allow blocked " << t.name << "\n";
  out << "expect " << scenario::to_string(s.expect) << "\n";
  return out.str();
}

std::string ast_difference(const Scenario& a, const Scenario& b) {
  if (a.model != b.model) return "model";
  if (a.config.params != b.config.params) return "config parameters";
  if (a.config.variants != b.config.variants) return "variants";
  if (a.config.address_reuse != b.config.address_reuse ||
      a.config.fault_injection != b.config.fault_injection || a.biglock != b.biglock ||
      options_of(a) != options_of(b) || a.early_timeouts != b.early_timeouts)
    return "options";
  if (a.processes != b.processes) return "processes";
  if (a.strings != b.strings) return "interned names";
  if (a.results.size() != b.results.size()) return "number of results";
  for (std::size_t i = 0; i < a.results.size(); ++i)
    if (a.results[i].name != b.results[i].name || a.results[i].thread != b.results[i].thread)
      return "result " + a.results[i].name;
  if (!same_ops(a.setup, b.setup)) return "setup";
  if (a.threads.size() != b.threads.size()) return "number of threads";
  for (std::size_t t = 0; t < a.threads.size(); ++t) {
    const scenario::ThreadSpec& x = a.threads[t];
    const scenario::ThreadSpec& y = b.threads[t];
    if (x.name != y.name || x.in.kind != y.in.kind || x.in.index != y.in.index ||
        x.allow_blocked != y.allow_blocked || !same_ops(x.ops, y.ops))
      return "thread " + x.name;
  }
  if (a.expect.violation != b.expect.violation || a.expect.kinds != b.expect.kinds)
    return "expectation";
  return "";
}

}  // namespace kmc::fuzz
