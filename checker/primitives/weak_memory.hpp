// RC11-style weak memory for the engine's atomics under --memory-model rc11 (docs/weak-memory.md):
// each location keeps its stores in modification order (mo), a load may read any store that
// coherence allows, a store may take any place in mo that coherence allows (each a data choice
// of the step), and release/acquire synchronisation moves the threads' vector clocks, which are
// also the race detector's happens-before. Fences and seq_cst accesses use a per-execution state.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "checker/execution.hpp"

namespace kmc {

// Per-execution state of rc11 mode: each thread's fence clocks and the seq_cst clock.
class WeakMemory {
 public:
  explicit WeakMemory(Execution& ex) : ex_(ex) {}
  WeakMemory(const WeakMemory&) = delete;
  WeakMemory& operator=(const WeakMemory&) = delete;

  // What a relaxed store of thread `t` publishes: t's clock at its last release fence.
  [[nodiscard]] const VectorClock& fence_released(ThreadId t) { return of(t).released; }
  // A relaxed load of thread `t` read a message: its next acquire fence acquires it.
  void saw(ThreadId t, const VectorClock& message) { of(t).acquired.join(message); }
  // A fence of `order` by the current thread (no step: seq_cst_fence() makes the step first).
  void fence(MemoryOrder order);

 private:
  struct PerThread {
    VectorClock acquired;  // messages read by relaxed loads since (joined by an acquire fence)
    VectorClock released;  // the thread's clock at its last release fence
  };
  [[nodiscard]] PerThread& of(ThreadId t);

  Execution& ex_;
  std::vector<PerThread> threads_;
  // The seq_cst order as a clock: every seq_cst fence acquires it and releases into it, so the
  // fences (and the seq_cst accesses, which are fenced on both sides) are totally ordered.
  VectorClock sc_;
};

// The execution's WeakMemory (created on first use).
[[nodiscard]] WeakMemory& weak_memory(Execution& ex);

// The current thread's fence of `order`: smp_mb (seq_cst), smp_rmb (acquire), smp_wmb (release).
// Under sc a no-op without a step; under rc11 a seq_cst fence is a step (ordered with every other
// seq_cst operation), the others act on the thread's clocks only.
void fence(Execution& ex, MemoryOrder order, Site site);

// One atomic location's stores in modification order, under rc11. Values live in the owner (a
// typed VisibleVar); a store here names its value by the owner's index.
class WeakLocation {
 public:
  // The initial store (value index 0), visible to every thread.
  explicit WeakLocation(Execution& ex) : ex_(ex) { mo_.push_back(Store{}); }
  WeakLocation(const WeakLocation&) = delete;
  WeakLocation& operator=(const WeakLocation&) = delete;

  // The mo positions the current thread may read, the mo-latest first (choice 0 reads the value
  // sequential consistency would): every store from the mo-latest one that happens before the
  // thread, or that a read happening before the thread read, on.
  void readable(std::vector<std::uint32_t>& out) const;
  [[nodiscard]] std::uint32_t value_at(std::uint32_t pos) const { return mo_[pos].value; }
  // Whether a read-modify-write already read the store at `pos` (no other one may: atomicity).
  [[nodiscard]] bool taken(std::uint32_t pos) const { return mo_[pos].taken; }
  // The current thread reads the store at `pos` with `order`; returns its value index.
  std::uint32_t read(std::uint32_t pos, MemoryOrder order);
  // A store of value index `value`: chooses its place in mo among those coherence allows (a data
  // choice of the current step, 0 = last, as sequential consistency would).
  void write(std::uint32_t value, MemoryOrder order);
  // The store of a read-modify-write that read `pos` (with read()): placed right after it, and
  // it continues that store's release sequence.
  void write_after(std::uint32_t pos, std::uint32_t value, MemoryOrder order);
  // The value index of the mo-latest store (the final value, for peek()).
  [[nodiscard]] std::uint32_t latest_value() const { return mo_.back().value; }

 private:
  struct Store {
    std::uint32_t value = 0;
    ThreadId thread = kNoThread;  // kNoThread: the initial store
    std::uint32_t epoch = 0;      // the writer's own clock entry when it stored
    bool taken = false;
    VectorClock message;  // what an acquiring read of it (or a later acquire fence) joins
    std::vector<std::pair<ThreadId, std::uint32_t>> readers;  // (thread, epoch) of its reads
  };
  // Whether `s`, or a read of it, happens before the current thread's next step.
  [[nodiscard]] bool seen(const Store& s) const;
  // The first mo position the current thread may read or write after.
  [[nodiscard]] std::uint32_t lower_bound() const;
  // Inserts the current thread's store at `pos` with the message a store of `order` publishes
  // (joined with `carried`, a release sequence's message).
  void insert(std::uint32_t pos, std::uint32_t value, MemoryOrder order,
              const VectorClock* carried);

  Execution& ex_;
  std::vector<Store> mo_;
};

}  // namespace kmc
