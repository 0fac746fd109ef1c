#include "model/scenario/symmetry.hpp"

#include <cstddef>

namespace kmc::scenario {
namespace {

// Where each result is bound: the binding thread and the position of its operation there.
struct Binding {
  int thread = -1;
  int position = -1;
};

std::vector<Binding> bindings(const Scenario& s) {
  std::vector<Binding> out(s.results.size());
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    const auto& ops = s.threads[t].ops;
    for (std::size_t k = 0; k < ops.size(); ++k)
      if (ops[k].result >= 0) out[ops[k].result] = {static_cast<int>(t), static_cast<int>(k)};
  }
  return out;
}

// Threads whose results or process another thread depends on: swapping them with a twin would
// also change what that other thread sees.
std::vector<bool> observed_threads(const Scenario& s, const std::vector<Binding>& bound) {
  std::vector<bool> observed(s.threads.size(), false);
  const auto mark = [&](int result, std::size_t reader) {
    const int owner = bound[result].thread;
    if (owner >= 0 && static_cast<std::size_t>(owner) != reader) observed[owner] = true;
  };
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    const ThreadSpec& spec = s.threads[t];
    if (spec.in.kind == Placement::Kind::Result) {
      mark(spec.in.index, t);
      observed[t] = true;  // its process exists only in this execution's results
    }
    for (const Operation& op : spec.ops)
      for (const Arg& a : op.args)
        if (a.source == Arg::Source::Result) mark(static_cast<int>(a.value), t);
  }
  return observed;
}

bool same_arg(const Arg& a, const Arg& b, const std::vector<Binding>& bound) {
  if (a.source != b.source) return false;
  if (a.source != Arg::Source::Result) return a.value == b.value;
  const Binding& ba = bound[static_cast<std::size_t>(a.value)];
  const Binding& bb = bound[static_cast<std::size_t>(b.value)];
  // A setup result is the same object for both; an own result must come from the same step.
  if (ba.thread < 0 || bb.thread < 0) return a.value == b.value;
  return ba.position == bb.position;
}

bool same_program(const ThreadSpec& x, const ThreadSpec& y, const std::vector<Binding>& bound) {
  if (x.in.kind != y.in.kind || x.in.index != y.in.index) return false;
  if (x.allow_blocked != y.allow_blocked || x.ops.size() != y.ops.size()) return false;
  for (std::size_t k = 0; k < x.ops.size(); ++k) {
    const Operation& a = x.ops[k];
    const Operation& b = y.ops[k];
    if (a.op != b.op || (a.result >= 0) != (b.result >= 0) || a.args.size() != b.args.size())
      return false;
    for (std::size_t i = 0; i < a.args.size(); ++i)
      if (!same_arg(a.args[i], b.args[i], bound)) return false;
  }
  return true;
}

}  // namespace

std::vector<int> symmetry_leaders(const Scenario& s) {
  std::vector<int> leader(s.threads.size(), -1);
  if (s.model == nullptr || !s.model->interchangeable_threads) return leader;
  const std::vector<Binding> bound = bindings(s);
  const std::vector<bool> observed = observed_threads(s, bound);
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    if (observed[t] || s.threads[t].ops.empty()) continue;
    for (std::size_t e = t; e-- > 0;) {
      if (observed[e] || !same_program(s.threads[e], s.threads[t], bound)) continue;
      leader[t] = static_cast<int>(e);
      break;
    }
  }
  return leader;
}

}  // namespace kmc::scenario
