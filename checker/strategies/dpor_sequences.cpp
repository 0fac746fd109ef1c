// DPOR's wakeup sequences (see dpor.hpp): a race reversed into the sequence that runs its later
// event first, and that sequence inserted into a node's wakeup tree unless a sleeping thread or
// an existing branch already stands for it.
#include <algorithm>

#include "checker/strategies/dpor.hpp"

namespace kmc {

namespace {
// Whether event `b` must follow event `a` when both are in one wakeup sequence: same thread,
// conflicting accesses, a release enabling an acquire of the same object, or `a` spawning `b`'s
// thread. Orderings through events outside the sequence do not count (they are not executed).
bool direct_edge(const Event& a, const Event& b) {
  if (a.thread == b.thread || a.accesses.conflicts_with(b.accesses)) return true;
  if (a.op == OpKind::Spawn && a.value == b.thread) return true;
  return dpor_waited_for(a, b);
}

// Whether w[pos] has no predecessor among w[0..pos).
bool first_in(const std::vector<Event>& events, const std::vector<std::size_t>& w,
              std::size_t pos) {
  for (std::size_t k = 0; k < pos; ++k)
    if (direct_edge(events[w[k]], events[w[pos]])) return false;
  return true;
}

// The position of thread `t`'s first event in w, or w.size() if it has none.
std::size_t position_of(const std::vector<Event>& events, const std::vector<std::size_t>& w,
                        ThreadId t) {
  for (std::size_t k = 0; k < w.size(); ++k)
    if (events[w[k]].thread == t) return k;
  return w.size();
}

// Whether a thread whose next step has access set `access` (and no event in w) can still run
// first: no event of w conflicts with that step.
bool commutes_with_all(const AccessSet& access, const std::vector<Event>& events,
                       const std::vector<std::size_t>& w) {
  return std::none_of(w.begin(), w.end(),
                      [&](std::size_t k) { return access.conflicts_with(events[k].accesses); });
}
}  // namespace

void DporStrategy::reverse_race(const Clocks& clocks, std::size_t i, std::size_t j) {
  // v = the events between i and j that do not happen after i, then j.
  std::vector<std::size_t>& v = sequence_;
  v.clear();
  // Pending events (from real_events_ on) were never executed: only j itself joins the sequence,
  // and after a violation it runs instead of the violating event (the last executed), not after
  // it, unless j needs that event (which would stop the execution again before j).
  std::size_t end = std::min(j, real_events_);
  if (cut_short_ && j >= real_events_ && end > i + 1 && !clocks.before(end - 1, j)) --end;
  for (std::size_t k = i + 1; k < end; ++k)
    if (!clocks.before(i, k)) v.push_back(k);
  v.push_back(j);
  Node& node = stack_[i];
  // Big-lock mode plans every enabled thread at every node (a plain search with sleep sets):
  // no wakeup sequence is needed, and one computed from the access sets could not be followed.
  if (node.every_thread) return;
  if (sleeping_initial(clocks, node, v)) return;
  insert(clocks, node.wut, v);
}

bool DporStrategy::sleeping_initial(const Clocks& clocks, const Node& node,
                                    const std::vector<std::size_t>& v) const {
  const auto& events = clocks.trace->events;
  for (const SleepEntry& s : node.sleep) {
    const std::size_t pos = position_of(events, v, s.thread);
    const bool initial =
        pos < v.size() ? first_in(events, v, pos) : commutes_with_all(s.access, events, v);
    if (initial) return true;
  }
  return false;
}

void DporStrategy::insert(const Clocks& clocks, WakeupTree& wut, std::vector<std::size_t>& w) {
  const auto& events = clocks.trace->events;
  std::uint32_t cur = WakeupTree::kRoot;
  for (;;) {
    const WakeupTree::Node& here = wut.node(cur);
    if (here.first_kid == WakeupTree::kNone && cur != WakeupTree::kRoot) return;  // leaf u ⊑ w
    bool descended = false;
    for (std::uint32_t kid = here.first_kid; kid != WakeupTree::kNone; kid = wut.node(kid).next) {
      const WakeupTree::Node& c = wut.node(kid);
      const std::size_t pos = position_of(events, w, c.thread);
      bool initial = true;
      if (pos < w.size()) {
        initial = first_in(events, w, pos);
        const Event& e = events[w[pos]];
        if (initial && e.pick >= 0) {
          // The choice node takes every value: one seen under a value other than the branch's
          // is explored there afresh, and following it under the branch's could not work.
          if (c.value >= 0 && c.value != e.pick) return;
          wut.set_value(kid, e.pick);
        }
        if (initial) w.erase(w.begin() + static_cast<std::ptrdiff_t>(pos));
      } else {
        initial = commutes_with_all(c.access, events, w);
      }
      if (initial) {
        cur = kid;
        descended = true;
        break;
      }
    }
    if (!descended) {
      for (std::size_t k : w) {
        const Event& e = events[k];
        cur = wut.add_child(cur, e.thread, e.accesses, e.pick);
      }
      return;
    }
  }
}

}  // namespace kmc
