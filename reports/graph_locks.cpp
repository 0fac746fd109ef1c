#include "reports/graph_locks.hpp"

#include <algorithm>

namespace kmc::reports {

bool is_lock_kind(ObjectKind kind) {
  return kind == ObjectKind::Mutex || kind == ObjectKind::SpinLock || kind == ObjectKind::RwLock ||
         kind == ObjectKind::Token;
}

LockTracker::LockTracker(const Trace& trace) : trace_(trace) {
  for (const ObjectInfo& info : trace.objects) kinds_[info.id] = info.kind;
}

ObjectKind LockTracker::kind_of(ObjectId object) const {
  const auto it = kinds_.find(object);
  return it == kinds_.end() ? ObjectKind::Internal : it->second;
}

LockEffects LockTracker::effects(std::int32_t i) const {
  const Event& e = trace_.events[static_cast<std::size_t>(i)];
  LockEffects out;
  auto acquire = [&](ObjectId o, bool shared) {
    for (const auto& a : out.acquires)
      if (a.object == o) return;
    out.acquires.push_back({o, shared});
  };
  auto release = [&](ObjectId o) {
    if (std::find(out.releases.begin(), out.releases.end(), o) == out.releases.end())
      out.releases.push_back(o);
  };
  bool holds_tokens = false;  // a token holder's first attempt has its acquires turned into writes
  for (int k = 0; k < e.accesses.size; ++k)
    if (kind_of(e.accesses.items[k].object) == ObjectKind::Token &&
        e.accesses.items[k].object != e.object)
      holds_tokens = true;
  AccessKind own = AccessKind::Read;
  for (int k = 0; k < e.accesses.size; ++k)
    if (e.accesses.items[k].object == e.object) own = e.accesses.items[k].kind;

  switch (e.op) {
    case OpKind::MutexLock:
      // A failed mutex_tryenter is a plain write with value 0: it reads the lock, holds nothing.
      if (own != AccessKind::Write || e.value != 0 || holds_tokens) acquire(e.object, false);
      break;
    case OpKind::SpinLock:
    case OpKind::RwWrite:
    case OpKind::TokenGet:
      acquire(e.object, false);
      break;
    case OpKind::RwRead:
      acquire(e.object, true);
      break;
    case OpKind::MutexUnlock:
    case OpKind::SpinUnlock:
    case OpKind::RwUnlock:
    case OpKind::TokenRelease:
      if (own == AccessKind::Release) release(e.object);
      break;
    default:
      break;
  }
  for (int k = 0; k < e.accesses.size; ++k) {
    const Access a = e.accesses.items[k];
    if (a.object == e.object) continue;  // handled by the operation above
    const ObjectKind kind = kind_of(a.object);
    if (!is_lock_kind(kind)) continue;
    if (e.op == OpKind::Block) {
      // A blocking token holder gives up every token it holds, whatever the access kind says.
      if (kind == ObjectKind::Token) release(a.object);
      continue;
    }
    if (a.kind == AccessKind::Release) release(a.object);
    if (a.kind == AccessKind::Acquire) acquire(a.object, false);
    if (a.kind == AccessKind::SharedAcquire) acquire(a.object, true);
  }
  return out;
}

std::vector<std::pair<std::int32_t, ObjectId>> LockTracker::apply(std::int32_t i) {
  const Event& e = trace_.events[static_cast<std::size_t>(i)];
  const ThreadId t = e.thread;
  const std::uint64_t bit = t < 64 ? (1ull << t) : 0;
  const LockEffects fx = effects(i);
  std::vector<std::pair<std::int32_t, ObjectId>> ordered_after;
  for (ObjectId o : fx.releases) {
    State& s = locks_[o];
    if (s.writer == t) {
      s.writer = kNoThread;
      s.write_acquire = -1;
      s.last_write_release = i;
    } else {
      s.readers &= ~bit;
      if (t < kMaxThreads) s.reader_acquires[t] = -1;
    }
    s.releases.push_back(i);
  }
  for (const LockEffects::Acquire& a : fx.acquires) {
    State& s = locks_[a.object];
    const auto other = [&](std::int32_t r) {
      return r >= 0 && trace_.events[static_cast<std::size_t>(r)].thread != t;
    };
    if (a.shared) {
      if (other(s.last_write_release)) ordered_after.emplace_back(s.last_write_release, a.object);
      s.readers |= bit;
      if (t < kMaxThreads) s.reader_acquires[t] = i;
      continue;
    }
    for (std::int32_t r : s.releases)
      if (other(r)) ordered_after.emplace_back(r, a.object);
    s.releases.clear();
    s.writer = t;
    s.write_acquire = i;
  }
  return ordered_after;
}

bool LockTracker::held_by_other(ObjectId object, ThreadId t, bool exclusive_wanted) const {
  const auto it = locks_.find(object);
  if (it == locks_.end()) return false;
  const State& s = it->second;
  if (s.writer != kNoThread && s.writer != t) return true;
  const std::uint64_t others = s.readers & ~(t < 64 ? (1ull << t) : 0);
  return exclusive_wanted && others != 0;
}

std::int32_t LockTracker::holder_acquire(ObjectId object, ThreadId t) const {
  const auto it = locks_.find(object);
  if (it == locks_.end()) return -1;
  const State& s = it->second;
  if (s.writer != kNoThread && s.writer != t) return s.write_acquire;
  for (std::size_t r = 0; r < s.reader_acquires.size(); ++r)
    if (r != t && s.reader_acquires[r] >= 0) return s.reader_acquires[r];
  return -1;
}

}  // namespace kmc::reports
