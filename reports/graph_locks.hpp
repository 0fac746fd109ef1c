// Replays the lock operations of a trace: who holds which lock after each event, and which earlier
// releases each acquire was ordered after. Shared by the edge finder and the preemption marker.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "checker/trace.hpp"

namespace kmc::reports {

// The lock effects of one event: the objects it acquires (exclusively or shared) and releases.
struct LockEffects {
  struct Acquire {
    ObjectId object = kNoObject;
    bool shared = false;
  };
  std::vector<Acquire> acquires;
  std::vector<ObjectId> releases;
};

// Lock-like engine objects: mutexes, spinlocks, rwlocks and LWKT tokens.
[[nodiscard]] bool is_lock_kind(ObjectKind kind);

// Replays lock events in trace order. Requires events to be applied in order, each once.
class LockTracker {
 public:
  explicit LockTracker(const Trace& trace);

  // What event `i` acquires and releases (from its operation and its access set).
  [[nodiscard]] LockEffects effects(std::int32_t i) const;
  // Applies event `i`; returns the earlier releases (by other threads) its acquires are ordered
  // after, paired with the lock object.
  std::vector<std::pair<std::int32_t, ObjectId>> apply(std::int32_t i);
  // Whether a thread other than `t` holds `object` (exclusively, or shared when
  // `exclusive_wanted`).
  [[nodiscard]] bool held_by_other(ObjectId object, ThreadId t, bool exclusive_wanted) const;
  // The trace index of the acquire by which a thread other than `t` holds `object`, or -1.
  [[nodiscard]] std::int32_t holder_acquire(ObjectId object, ThreadId t) const;
  [[nodiscard]] ObjectKind kind_of(ObjectId object) const;

 private:
  struct State {
    ThreadId writer = kNoThread;
    std::int32_t write_acquire = -1;
    std::uint64_t readers = 0;
    std::vector<std::int32_t> reader_acquires = std::vector<std::int32_t>(kMaxThreads, -1);
    std::vector<std::int32_t> releases;  // releases since the last exclusive acquire
    std::int32_t last_write_release = -1;
  };

  const Trace& trace_;
  std::unordered_map<ObjectId, ObjectKind> kinds_;
  std::unordered_map<ObjectId, State> locks_;
};

}  // namespace kmc::reports
