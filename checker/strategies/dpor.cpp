#include "checker/strategies/dpor.hpp"

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace kmc {

namespace {
// The accesses of a branch added without knowing its event: conflicts with everything, so that no
// later wakeup sequence is taken as covered by it.
AccessSet everything_access() {
  AccessSet a;
  a.add({kEverything, AccessKind::Write});
  return a;
}
}  // namespace

bool dpor_waited_for(const Event& a, const Event& b) {
  for (int x = 0; x < a.accesses.size; ++x) {
    if (a.accesses.items[x].kind != AccessKind::Release) continue;
    for (int y = 0; y < b.accesses.size; ++y) {
      const Access acc = b.accesses.items[y];
      if (acc.object != a.accesses.items[x].object) continue;
      if (acc.kind == AccessKind::Acquire) return true;
      // A reader's release never enables another reader, who never waited for it.
      if (acc.kind == AccessKind::SharedAcquire &&
          !(a.op == OpKind::RwUnlock && a.value == kReaderRelease)) {
        return true;
      }
    }
  }
  return false;
}

bool DporStrategy::choose_branch(Node& node) {
  std::uint64_t asleep = 0;
  for (const SleepEntry& s : node.sleep) asleep |= 1ull << s.thread;
  while (!node.wut.empty()) {
    const ThreadId t = node.wut.first_thread();
    if ((node.enabled & (1ull << t)) != 0 && (asleep & (1ull << t)) == 0) {
      node.want = node.wut.first_value();
      node.wut.take_first(pending_);
      node.chosen = t;
      node.value = 0;
      node.values = 0;
      return true;
    }
    // A wakeup sequence whose thread cannot run here: a race the dependency relation reported
    // although something it does not see (an RCU grace period, a token the thread waits for)
    // orders it. Dropping it alone could lose the behaviour the race stands for, so fall back
    // as Flanagan and Godefroid do for a disabled thread: every thread that can run here and is
    // neither asleep nor already planned gets a branch of its own.
    ++disabled_;
    node.wut.drop_first();
    if ((node.enabled & (1ull << t)) == 0) plan_every_enabled(node, asleep);
  }
  return false;
}

void DporStrategy::plan_every_enabled(Node& node, std::uint64_t planned) {
  for (std::uint32_t kid = node.wut.node(WakeupTree::kRoot).first_kid; kid != WakeupTree::kNone;
       kid = node.wut.node(kid).next) {
    planned |= 1ull << node.wut.node(kid).thread;
  }
  for (std::uint64_t free = node.enabled & ~planned; free != 0; free &= free - 1) {
    const auto u = static_cast<ThreadId>(std::countr_zero(free));
    node.wut.add_child(WakeupTree::kRoot, u, everything_access());
  }
}

bool DporStrategy::begin_execution() {
  if (stopped_) return false;  // the analysis was cut: what is left to explore is unknown
  if (!started_) {
    started_ = true;
    return true;
  }
  while (depth_ > 0) {
    Node& n = stack_[depth_ - 1];
    if (n.values > 0 && n.tried < n.values) {
      // The values other than `first`, in order.
      n.value = n.tried - 1 < n.first ? n.tried - 1 : n.tried;
      ++n.tried;
      // Only the first value follows the wakeup sequences through the choice: they were seen
      // under it (insert() keeps a sequence that saw another value out of the tree), and under
      // another their events may not exist (a fork that fails has no child; a sleep that is not
      // early cannot time out before its wakeup). Later values are explored afresh, from an
      // empty sleep set too: the threads asleep above the choice stand for traces reached by
      // those sequences under the first value only (a load left asleep missed the order "other
      // load, store, this load" under another).
      pending_.clear();
      fresh_child_ = true;
      return true;
    }
    n.sleep.push_back(SleepEntry{n.chosen, n.access});
    if (choose_branch(n)) return true;
    --depth_;
  }
  return false;
}

ThreadId DporStrategy::pick(const SchedulingPoint& point) {
  const std::uint32_t d = point.depth;
  if (d > 0) stack_[d - 1].access = point.trace->events[d - 1].accesses;
  if (d < depth_) return stack_[d].chosen;
  // A new node; the slot (and the memory of its vectors) is reused from earlier executions.
  if (stack_.size() <= d) stack_.resize(d + 1);
  Node& node = stack_[d];
  node.enabled = point.enabled;
  node.every_thread = point.every_thread;
  node.sleep.clear();
  node.chosen = kNoThread;
  node.value = 0;
  node.values = 0;
  node.want = -1;
  if (d > 0 && !fresh_child_) {
    const Node& parent = stack_[d - 1];
    for (const SleepEntry& s : parent.sleep)
      if (!s.access.conflicts_with(parent.access)) node.sleep.push_back(s);
  }
  fresh_child_ = false;
  std::swap(node.wut, pending_);
  pending_.clear();
  if (!choose_branch(node)) {
    std::uint64_t free = point.enabled;
    for (const SleepEntry& s : node.sleep) free &= ~(1ull << s.thread);
    if (free == 0) return kNoThread;  // sleep-set blocked: every enabled thread is asleep
    const bool keep = point.previous != kNoThread && (free & (1ull << point.previous)) != 0;
    node.chosen = keep ? point.previous : static_cast<ThreadId>(std::countr_zero(free));
  }
  if (point.timeouts || point.every_thread) {
    std::uint64_t planned = 1ull << node.chosen;
    for (const SleepEntry& s : node.sleep) planned |= 1ull << s.thread;
    plan_every_enabled(node, planned);
  }
  depth_ = d + 1;
  return node.chosen;
}

std::uint32_t DporStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  Node& node = stack_[depth];
  if (node.values == 0) {
    node.values = count;
    node.first = node.want >= 0 && static_cast<std::uint32_t>(node.want) < count
                     ? static_cast<std::uint32_t>(node.want)
                     : 0;
    node.value = node.first;
    node.tried = 1;
  }
  return node.value;
}

void DporStrategy::end_execution(const Trace& trace, bool abandoned) {
  const std::size_t n = std::min<std::size_t>(trace.events.size(), depth_);
  for (std::size_t i = 0; i < n; ++i) stack_[i].access = trace.events[i].accesses;
  real_events_ = trace.events.size();
  if (trace.pending.empty()) {
    analyse(trace);
    return;
  }
  // A violation cut the execution short while other threads could still run, or it ended with
  // threads that some step disabled before they ran. Their next events are appended (never
  // executed) so that their races with the trace are reversed as if they had run. After a
  // violation the violating event races with each of them: running that thread there instead may
  // avoid this violation and reach another one, which a cut-short execution would never show.
  cut_short_ = trace.violation.has_value();
  extended_.threads = trace.threads;
  extended_.events = trace.events;
  extended_.events.insert(extended_.events.end(), trace.pending.begin(), trace.pending.end());
  extended_.enablers = trace.enablers;
  const bool on_path = cut_short_ && real_events_ > 0 && real_events_ <= depth_;
  // The violating event disabled every other thread: it is dependent with all their events, so
  // a sibling branch that runs one of them must wake the violating thread at once (asleep, its
  // violation would only be taken as covered by this cut-short execution, which it is not).
  if (on_path) stack_[real_events_ - 1].access = everything_access();
  analyse(extended_);
  if (!on_path || stopped_) return;
  const std::size_t last = real_events_ - 1;
  for (std::size_t j = real_events_; j < extended_.events.size(); ++j) {
    if (extended_.events[j].thread == extended_.events[last].thread) continue;
    if (clocks_.before(last, j)) continue;
    reverse_race(clocks_, last, j);
  }
}

void DporStrategy::analyse(const Trace& trace) {
  const std::size_t n = trace.events.size();
  Clocks& clocks = clocks_;
  clocks.trace = &trace;
  clocks.threads = trace.threads.size();
  const std::size_t T = clocks.threads;
  clocks.vc.assign(n * T, 0);
  last_.assign(T, -1);
  spawned_by_.assign(T, -1);
  auto& last = last_;
  auto& spawned_by = spawned_by_;
  auto& races = races_;
  races.clear();
  // Per lock-like object, what its acquires wait for: a shared acquire waits for the last
  // exclusive release, an exclusive acquire also for every shared release since. These edges
  // order what follows the acquire although the dependency relation keeps them independent.
  auto& locks = locks_;
  locks.clear();
  candidates_.reset(T);
  const auto join = [T](std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& from) {
    into.resize(T, 0);
    for (std::size_t t = 0; t < from.size(); ++t) into[t] = std::max(into[t], from[t]);
  };
  covered_.resize(T);
  next_enabler_ = 0;
  for (std::size_t j = 0; j < n; ++j) {
    if (out_of_time()) return;
    const Event& ej = trace.events[j];
    const ThreadId tj = ej.thread;
    const std::int64_t pred = last[tj] >= 0 ? last[tj] : spawned_by[tj];
    if (pred >= 0) {
      std::copy_n(&clocks.vc[static_cast<std::size_t>(pred) * T], T, covered_.begin());
    } else {
      std::fill(covered_.begin(), covered_.end(), 0);
    }
    // What enabled j precedes it in every execution: its enablers' clocks are j's before any race
    // is looked for, so no reversal that j could never take part in is planned.
    join_enablers(trace, j);
    if (ej.op == OpKind::TimedOut) {
      // A timeout fires only when no other thread can run: everything before it precedes it.
      for (std::size_t t = 0; t < T; ++t)
        if (last[t] >= 0) covered_[t] = std::max(covered_[t], trace.events[last[t]].index + 1);
    }
    // Scan the earlier events on j's objects backwards: a conflicting one is an immediate race
    // when no later conflicting event (nor the program-order predecessor) already follows it.
    collect_lock_waits(ej);
    candidates_.begin(ej);
    for (std::size_t i = candidates_.next(); i != DporCandidates::kEnd; i = candidates_.next()) {
      const Event& ei = trace.events[i];
      if (!ei.accesses.conflicts_with(ej.accesses)) {
        // A release j waited for orders before j whatever preceded it in other threads: a
        // writer that waits for a second reader's release also follows what that reader's
        // section saw (say the first reader's later store), so it does not race with the first
        // reader's read lock; reversing them would need the second reader still inside. The
        // releaser's own column stays out: its own lock still races with j.
        if (dpor_waited_for(ei, ej)) {
          const std::uint32_t* row = &clocks.vc[i * T];
          for (std::size_t t = 0; t < T; ++t)
            if (t != ei.thread) covered_[t] = std::max(covered_[t], row[t]);
        }
        continue;
      }
      // A timeout is never reversed with a later event here: at its node no thread but those
      // with a timeout could run, and pick() branches on each of those.
      if (covered_[ei.thread] <= ei.index && ej.enabler != static_cast<std::int32_t>(i) &&
          ei.op != OpKind::TimedOut && !ordered_by_another_lock(ei, ej)) {
        races.emplace_back(i, j);
      }
      const std::uint32_t* row = &clocks.vc[i * T];
      for (std::size_t t = 0; t < T; ++t) covered_[t] = std::max(covered_[t], row[t]);
      // i's thread's earlier events precede i, so their clocks are in i's: nothing more there.
      candidates_.done(ei.thread);
    }
    // A pending event (never executed) is an alternative to the violating event, as is every
    // other pending event: none of them may order a later one.
    const bool pending = j >= real_events_;
    candidates_.add(ej, j, !pending);
    // Only now add the release -> acquire edges, so that they order what follows the acquire but
    // do not hide the acquire-versus-acquire race just found.
    for (int a = 0; a < ej.accesses.size; ++a) {
      const Access acc = ej.accesses.items[a];
      if (acc.kind != AccessKind::Acquire && acc.kind != AccessKind::SharedAcquire) continue;
      const auto it = locks.find(acc.object);
      if (it == locks.end()) continue;
      std::vector<std::uint32_t> waits = it->second.exclusive_release;
      if (acc.kind == AccessKind::Acquire) join(waits, it->second.shared_releases);
      for (std::size_t t = 0; t < waits.size(); ++t) covered_[t] = std::max(covered_[t], waits[t]);
    }
    covered_[tj] = ej.index + 1;
    std::copy(covered_.begin(), covered_.end(), &clocks.vc[j * T]);
    if (pending) continue;
    for (int a = 0; a < ej.accesses.size; ++a) {
      const Access acc = ej.accesses.items[a];
      LockClocks* lc = nullptr;
      if (acc.kind == AccessKind::Acquire) {
        lc = &locks[acc.object];
        lc->exclusive_holder = tj;
        lc->shared_releases.clear();
      } else if (acc.kind == AccessKind::Release) {
        lc = &locks[acc.object];
        if (lc->exclusive_holder == tj) {
          lc->exclusive_holder = kNoThread;
          join(lc->exclusive_release, covered_);
        } else {
          join(lc->shared_releases, covered_);
        }
      }
    }
    if (ej.op == OpKind::Spawn && ej.value >= 0 && static_cast<std::size_t>(ej.value) < T) {
      spawned_by[static_cast<std::size_t>(ej.value)] = static_cast<std::int64_t>(j);
    }
    last[tj] = static_cast<std::int64_t>(j);
  }
  for (const auto& [i, j] : races) {
    if (out_of_time()) return;
    if (i < depth_) reverse_race(clocks, i, j);
  }
}

void DporStrategy::join_enablers(const Trace& trace, std::size_t j) {
  const std::size_t T = clocks_.threads;
  const auto join_row = [&](std::int32_t e) {
    if (e < 0 || static_cast<std::size_t>(e) >= j) return;
    const std::uint32_t* row = &clocks_.vc[static_cast<std::size_t>(e) * T];
    for (std::size_t t = 0; t < T; ++t) covered_[t] = std::max(covered_[t], row[t]);
  };
  join_row(trace.events[j].enabler);
  const auto& extra = trace.enablers;
  while (next_enabler_ < extra.size() && static_cast<std::size_t>(extra[next_enabler_].first) < j)
    ++next_enabler_;
  for (std::size_t k = next_enabler_;
       k < extra.size() && static_cast<std::size_t>(extra[k].first) == j; ++k) {
    join_row(extra[k].second);
  }
}

void DporStrategy::collect_lock_waits(const Event& ej) {
  waits_used_ = 0;
  int acquires = 0;
  for (int a = 0; a < ej.accesses.size; ++a) {
    const AccessKind k = ej.accesses.items[a].kind;
    if (k == AccessKind::Acquire || k == AccessKind::SharedAcquire) ++acquires;
  }
  // Only an event that acquires a lock and touches something else too needs the views.
  if (acquires == 0 || (acquires == 1 && ej.accesses.size == 1)) return;
  for (int a = 0; a < ej.accesses.size; ++a) {
    const Access acc = ej.accesses.items[a];
    if (acc.kind != AccessKind::Acquire && acc.kind != AccessKind::SharedAcquire) continue;
    const auto it = locks_.find(acc.object);
    if (it == locks_.end()) continue;
    if (waits_.size() <= waits_used_) waits_.resize(waits_used_ + 1);
    LockWait& w = waits_[waits_used_++];
    w.object = acc.object;
    w.clock = it->second.exclusive_release;
    if (acc.kind == AccessKind::Acquire) {
      const auto& shared = it->second.shared_releases;
      if (w.clock.size() < shared.size()) w.clock.resize(shared.size(), 0);
      for (std::size_t t = 0; t < shared.size(); ++t) w.clock[t] = std::max(w.clock[t], shared[t]);
    }
  }
}

bool DporStrategy::ordered_by_another_lock(const Event& ei, const Event& ej) const {
  if (waits_used_ == 0) return false;
  for (int x = 0; x < ei.accesses.size; ++x) {
    for (int y = 0; y < ej.accesses.size; ++y) {
      const Access acc = ej.accesses.items[y];
      if (!conflicts(ei.accesses.items[x], acc)) continue;
      const bool acquire = acc.kind == AccessKind::Acquire || acc.kind == AccessKind::SharedAcquire;
      bool ordered = false;
      for (std::size_t k = 0; k < waits_used_ && !ordered; ++k) {
        const LockWait& w = waits_[k];
        if (acquire && w.object == acc.object) continue;  // the race on this very lock stays
        ordered = ei.thread < w.clock.size() && w.clock[ei.thread] > ei.index;
      }
      if (!ordered) return false;
    }
  }
  return true;
}

}  // namespace kmc
