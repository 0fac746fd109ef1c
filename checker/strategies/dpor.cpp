#include "checker/strategies/dpor.hpp"

#include <algorithm>
#include <bit>

namespace kmc {

bool DporStrategy::choose_branch(Node& node) {
  std::uint64_t asleep = 0;
  for (const SleepEntry& s : node.sleep) asleep |= 1ull << s.thread;
  while (!node.wut.empty()) {
    const ThreadId t = node.wut.first_thread();
    if ((node.enabled & (1ull << t)) != 0 && (asleep & (1ull << t)) == 0) {
      pending_ = node.wut.take_first();
      node.chosen = t;
      node.value = 0;
      node.values = 0;
      return true;
    }
    // A wakeup sequence whose thread cannot run here: a gap in the dependency relation.
    ++disabled_;
    node.wut.drop_first();
  }
  return false;
}

bool DporStrategy::begin_execution() {
  if (!started_) {
    started_ = true;
    return true;
  }
  while (!stack_.empty()) {
    Node& n = stack_.back();
    if (n.values > 0 && n.value + 1 < n.values) {
      ++n.value;
      pending_ = WakeupTree();
      return true;
    }
    n.sleep.push_back(SleepEntry{n.chosen, n.access});
    if (choose_branch(n)) return true;
    stack_.pop_back();
  }
  return false;
}

ThreadId DporStrategy::pick(const SchedulingPoint& point) {
  const std::uint32_t d = point.depth;
  if (d > 0) stack_[d - 1].access = point.trace->events[d - 1].accesses;
  if (d < stack_.size()) return stack_[d].chosen;
  Node node;
  node.enabled = point.enabled;
  if (d > 0) {
    const Node& parent = stack_[d - 1];
    for (const SleepEntry& s : parent.sleep)
      if (!s.access.conflicts_with(parent.access)) node.sleep.push_back(s);
  }
  node.wut = std::move(pending_);
  pending_ = WakeupTree();
  if (!choose_branch(node)) {
    std::uint64_t free = point.enabled;
    for (const SleepEntry& s : node.sleep) free &= ~(1ull << s.thread);
    if (free == 0) return kNoThread;  // sleep-set blocked: every enabled thread is asleep
    const bool keep = point.previous != kNoThread && (free & (1ull << point.previous)) != 0;
    node.chosen = keep ? point.previous : static_cast<ThreadId>(std::countr_zero(free));
  }
  stack_.push_back(std::move(node));
  return stack_.back().chosen;
}

std::uint32_t DporStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  Node& node = stack_[depth];
  if (node.values == 0) {
    node.values = count;
    node.value = 0;
  }
  return node.value;
}

void DporStrategy::end_execution(const Trace& trace, bool abandoned) {
  const std::size_t n = std::min(trace.events.size(), stack_.size());
  for (std::size_t i = 0; i < n; ++i) stack_[i].access = trace.events[i].accesses;
  analyse(trace);
}

void DporStrategy::analyse(const Trace& trace) {
  const std::size_t n = trace.events.size();
  Clocks clocks;
  clocks.trace = &trace;
  clocks.threads = trace.threads.size();
  const std::size_t T = clocks.threads;
  clocks.vc.assign(n * T, 0);
  std::vector<std::int64_t> last(T, -1);
  std::vector<std::int64_t> spawned_by(T, -1);
  std::vector<std::pair<std::size_t, std::size_t>> races;
  covered_.resize(T);
  for (std::size_t j = 0; j < n; ++j) {
    const Event& ej = trace.events[j];
    const ThreadId tj = ej.thread;
    const std::int64_t pred = last[tj] >= 0 ? last[tj] : spawned_by[tj];
    if (pred >= 0) {
      std::copy_n(&clocks.vc[static_cast<std::size_t>(pred) * T], T, covered_.begin());
    } else {
      std::fill(covered_.begin(), covered_.end(), 0);
    }
    // Scan backwards: a conflicting event is an immediate race when no later conflicting event
    // (nor the program-order predecessor) already happens after it.
    for (std::size_t i = j; i-- > 0;) {
      const Event& ei = trace.events[i];
      if (ei.thread == tj || !ei.accesses.conflicts_with(ej.accesses)) continue;
      if (covered_[ei.thread] <= ei.index && ej.enabler != static_cast<std::int32_t>(i)) {
        races.emplace_back(i, j);
      }
      const std::uint32_t* row = &clocks.vc[i * T];
      for (std::size_t t = 0; t < T; ++t) covered_[t] = std::max(covered_[t], row[t]);
    }
    covered_[tj] = ej.index + 1;
    std::copy(covered_.begin(), covered_.end(), &clocks.vc[j * T]);
    if (ej.op == OpKind::Spawn && ej.value >= 0 && static_cast<std::size_t>(ej.value) < T) {
      spawned_by[static_cast<std::size_t>(ej.value)] = static_cast<std::int64_t>(j);
    }
    last[tj] = static_cast<std::int64_t>(j);
  }
  for (const auto& [i, j] : races) {
    if (i < stack_.size()) reverse_race(clocks, i, j);
  }
}

void DporStrategy::reverse_race(const Clocks& clocks, std::size_t i, std::size_t j) {
  // v = the events between i and j that do not happen after i, then j.
  std::vector<std::size_t> v;
  for (std::size_t k = i + 1; k < j; ++k)
    if (!clocks.before(i, k)) v.push_back(k);
  v.push_back(j);
  Node& node = stack_[i];
  if (sleeping_initial(clocks, node, v)) return;
  insert(clocks, node.wut, std::move(v));
}

bool DporStrategy::sleeping_initial(const Clocks& clocks, const Node& node,
                                    const std::vector<std::size_t>& v) const {
  const auto& events = clocks.trace->events;
  for (const SleepEntry& s : node.sleep) {
    std::size_t pos = v.size();
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (events[v[k]].thread == s.thread) {
        pos = k;
        break;
      }
    }
    bool initial = true;
    if (pos < v.size()) {
      for (std::size_t k = 0; k < pos && initial; ++k) initial = !clocks.before(v[k], v[pos]);
    } else {
      for (std::size_t k : v) {
        if (s.access.conflicts_with(events[k].accesses)) {
          initial = false;
          break;
        }
      }
    }
    if (initial) return true;
  }
  return false;
}

void DporStrategy::insert(const Clocks& clocks, WakeupTree& wut, std::vector<std::size_t> w) {
  const auto& events = clocks.trace->events;
  std::uint32_t cur = WakeupTree::kRoot;
  for (;;) {
    const WakeupTree::Node& here = wut.node(cur);
    if (here.kids.empty() && cur != WakeupTree::kRoot) return;  // a leaf u with u ⊑ w: covered
    bool descended = false;
    for (std::uint32_t kid : here.kids) {
      const WakeupTree::Node& c = wut.node(kid);
      std::size_t pos = w.size();
      for (std::size_t k = 0; k < w.size(); ++k) {
        if (events[w[k]].thread == c.thread) {
          pos = k;
          break;
        }
      }
      bool initial = true;
      if (pos < w.size()) {
        for (std::size_t k = 0; k < pos && initial; ++k) initial = !clocks.before(w[k], w[pos]);
        if (initial) w.erase(w.begin() + static_cast<std::ptrdiff_t>(pos));
      } else {
        for (std::size_t k : w) {
          if (c.access.conflicts_with(events[k].accesses)) {
            initial = false;
            break;
          }
        }
      }
      if (initial) {
        cur = kid;
        descended = true;
        break;
      }
    }
    if (!descended) {
      for (std::size_t k : w) cur = wut.add_child(cur, events[k].thread, events[k].accesses);
      return;
    }
  }
}

}  // namespace kmc
