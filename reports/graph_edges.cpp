#include "reports/graph_edges.hpp"

#include <algorithm>
#include <unordered_map>

#include "reports/graph_locks.hpp"

namespace kmc::reports {

std::string_view to_string(OrderKind kind) {
  switch (kind) {
    case OrderKind::LockHandoff:
      return "lock";
    case OrderKind::Wakeup:
      return "wakeup";
    case OrderKind::Enables:
      return "enables";
    case OrderKind::ReadsFrom:
      return "rf";
    case OrderKind::FreeUse:
      return "free";
    case OrderKind::Spawn:
      return "spawn";
    case OrderKind::WaitsFor:
      return "waits";
    case OrderKind::Races:
      return "races";
  }
  return "?";
}

namespace {

bool writes_value(const Event& e) {
  switch (e.op) {
    case OpKind::Store:
    case OpKind::Exchange:
    case OpKind::FetchAdd:
    case OpKind::IncNotZero:
      return true;
    case OpKind::CompareExchange:
      return e.value != 0;  // a failed CAS only reads
    default:
      return false;
  }
}

bool reads_value(const Event& e) {
  return e.op == OpKind::Load || e.op == OpKind::Exchange || e.op == OpKind::CompareExchange ||
         e.op == OpKind::FetchAdd || e.op == OpKind::IncNotZero;
}

bool touches(const Event& e, ObjectId cell) {
  for (int k = 0; k < e.accesses.size; ++k)
    if (e.accesses.items[k].object == cell) return true;
  return e.object == cell;
}

std::size_t at(std::int32_t i) {
  return static_cast<std::size_t>(i);
}

// Free -> later accesses of the freed cell by other threads, until the cell is handed out again.
void add_free_uses(const Trace& trace, std::vector<OrderEdge>& out) {
  const auto& ev = trace.events;
  for (std::size_t f = 0; f < ev.size(); ++f) {
    if (ev[f].op != OpKind::Free || ev[f].object == kNoObject) continue;
    const ObjectId cell = ev[f].object;
    for (std::size_t j = f + 1; j < ev.size(); ++j) {
      if (ev[j].op == OpKind::Alloc && ev[j].object == cell) break;
      if (ev[j].thread != ev[f].thread && touches(ev[j], cell))
        out.push_back({static_cast<std::int32_t>(f), static_cast<std::int32_t>(j),
                       OrderKind::FreeUse, trace.object_name(cell)});
    }
  }
  // A use-after-free found by a checked dereference is not a visible event: link the free of the
  // object the violation names to the violating event.
  const auto& v = trace.violation;
  if (!v || v->event < 0 ||
      (v->kind != ViolationKind::UseAfterFree && v->kind != ViolationKind::DoubleFree))
    return;
  for (std::int32_t f = v->event - 1; f >= 0; --f) {
    const Event& e = ev[at(f)];
    if (e.op != OpKind::Free || e.thread == ev[at(v->event)].thread) continue;
    const std::string name = trace.object_name(e.object);
    if (v->message.find(name) == std::string::npos) continue;
    const bool present = std::any_of(out.begin(), out.end(), [&](const OrderEdge& o) {
      return o.from == f && o.to == v->event;
    });
    if (!present) out.push_back({f, v->event, OrderKind::FreeUse, name});
    return;
  }
}

}  // namespace

std::vector<OrderEdge> ordering_edges(const Trace& trace) {
  const auto& ev = trace.events;
  std::vector<OrderEdge> out;
  LockTracker locks(trace);
  std::unordered_map<ObjectId, std::int32_t> last_write;
  std::vector<bool> started(trace.threads.size(), false);
  std::vector<std::int32_t> spawned_by(trace.threads.size(), -1);
  for (std::size_t n = 0; n < ev.size(); ++n) {
    const auto i = static_cast<std::int32_t>(n);
    const Event& e = ev[n];
    for (const auto& [release, object] : locks.apply(i))
      out.push_back({release, i, OrderKind::LockHandoff, trace.object_name(object)});
    if (e.enabler >= 0 && e.enabler < i && ev[at(e.enabler)].thread != e.thread) {
      const OpKind by = ev[at(e.enabler)].op;
      const bool wake = by == OpKind::Wakeup || by == OpKind::WakeupOne;
      out.push_back({e.enabler, i, wake ? OrderKind::Wakeup : OrderKind::Enables,
                     trace.object_name(ev[at(e.enabler)].object)});
    }
    if (e.object != kNoObject && reads_value(e)) {
      const auto w = last_write.find(e.object);
      if (w != last_write.end() && ev[at(w->second)].thread != e.thread)
        out.push_back({w->second, i, OrderKind::ReadsFrom, trace.object_name(e.object)});
    }
    if (e.object != kNoObject && writes_value(e)) last_write[e.object] = i;
    if (e.thread < started.size() && !started[e.thread]) {
      started[e.thread] = true;
      const std::int32_t parent = spawned_by[e.thread];
      if (parent >= 0 && ev[at(parent)].thread != e.thread)
        out.push_back({parent, i, OrderKind::Spawn, trace.threads[e.thread].name});
    }
    if (e.op == OpKind::Spawn && e.value >= 0 &&
        static_cast<std::size_t>(e.value) < spawned_by.size())
      spawned_by[static_cast<std::size_t>(e.value)] = i;
  }
  add_free_uses(trace, out);
  std::sort(out.begin(), out.end(), [](const OrderEdge& a, const OrderEdge& b) {
    return a.to != b.to ? a.to < b.to : a.from < b.from;
  });
  return out;
}

std::vector<char> preemption_points(const Trace& trace) {
  const auto& ev = trace.events;
  std::vector<char> marks(ev.size(), 0);
  std::vector<std::int32_t> next_of(ev.size(), -1);  // the next event of the same thread
  std::unordered_map<ThreadId, std::int32_t> later;
  for (std::size_t n = ev.size(); n-- > 0;) {
    const auto it = later.find(ev[n].thread);
    if (it != later.end()) next_of[n] = it->second;
    later[ev[n].thread] = static_cast<std::int32_t>(n);
  }
  LockTracker locks(trace);
  for (std::size_t n = 0; n + 1 < ev.size(); ++n) {
    const auto i = static_cast<std::int32_t>(n);
    locks.apply(i);
    const Event& e = ev[n];
    if (ev[n + 1].thread == e.thread || next_of[n] < 0) continue;
    if (e.op == OpKind::Sleep || e.op == OpKind::Block) continue;
    const Event& next = ev[at(next_of[n])];
    if (next.enabler > i) continue;  // enabled only later: the thread was disabled, not preempted
    if (next.op == OpKind::Woken || next.op == OpKind::Resume) continue;
    bool blocked = false;
    for (const auto& a : locks.effects(next_of[n]).acquires)
      blocked = blocked || locks.held_by_other(a.object, e.thread, !a.shared);
    if (!blocked) marks[n] = 1;
  }
  return marks;
}

namespace {
// The object named in ThreadInfo::blocked_on ("<op> <object>[ (<wmesg>)]"), or kNoObject.
ObjectId blocked_object(const Trace& trace, ThreadId t) {
  if (t >= trace.threads.size()) return kNoObject;
  const std::string& text = trace.threads[t].blocked_on;
  const auto space = text.find(' ');
  if (space == std::string::npos) return kNoObject;
  std::string name = text.substr(space + 1);
  const auto paren = name.find(" (");
  if (paren != std::string::npos) name.resize(paren);
  for (const ObjectInfo& info : trace.objects)
    if (info.name == name) return info.id;
  return kNoObject;
}
}  // namespace

std::int32_t holder_acquire_of(const Trace& trace, ThreadId blocked) {
  const ObjectId object = blocked_object(trace, blocked);
  if (object == kNoObject) return -1;
  LockTracker locks(trace);
  if (!is_lock_kind(locks.kind_of(object))) return -1;
  for (std::size_t n = 0; n < trace.events.size(); ++n) locks.apply(static_cast<std::int32_t>(n));
  return locks.holder_acquire(object, blocked);
}

std::int32_t missed_wakeup_of(const Trace& trace, ThreadId blocked) {
  const ObjectId channel = blocked_object(trace, blocked);
  if (channel == kNoObject) return -1;
  const auto& ev = trace.events;
  std::int32_t sleep = -1;
  for (std::size_t n = ev.size(); n-- > 0;) {
    if (ev[n].thread == blocked && ev[n].op == OpKind::Sleep && ev[n].object == channel) {
      sleep = static_cast<std::int32_t>(n);
      break;
    }
  }
  for (std::int32_t n = sleep - 1; n >= 0; --n) {
    const Event& e = ev[at(n)];
    if (e.thread != blocked && e.object == channel &&
        (e.op == OpKind::Wakeup || e.op == OpKind::WakeupOne))
      return n;
  }
  return -1;
}

std::int32_t racing_event_of(const Trace& trace) {
  const auto& v = trace.violation;
  if (!v || v->kind != ViolationKind::DataRace || v->event < 0) return -1;
  const auto& ev = trace.events;
  for (const std::string& r : v->related) {
    // The thread the entry starts with (the longest name, in case one name prefixes another).
    ThreadId who = kNoThread;
    for (std::size_t t = 0; t < trace.threads.size(); ++t) {
      const std::string& name = trace.threads[t].name;
      if (r.size() > name.size() && r.compare(0, name.size(), name) == 0 && r[name.size()] == ' ' &&
          (who == kNoThread || name.size() > trace.threads[who].name.size()))
        who = static_cast<ThreadId>(t);
    }
    if (who == kNoThread || who == ev[at(v->event)].thread) continue;
    for (std::int32_t j = v->event - 1; j >= 0; --j) {
      const Event& e = ev[at(j)];
      if (e.thread != who || e.loc.file_name() == nullptr) continue;
      const std::string place = std::string(e.loc.file_name()) + ":" + std::to_string(e.loc.line());
      if (r.find(place) == std::string::npos) continue;
      if (*e.seed != '\0' && r.find(e.seed) == std::string::npos) continue;
      return j;
    }
  }
  return -1;
}

}  // namespace kmc::reports
