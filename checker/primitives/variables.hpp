// Shared variables. Atomic<T>: a kernel atomic, each operation a synchronising scheduling point.
// Shared<T>: a field read or written without a lock on purpose (a scheduling point, no ordering).
// Tracked<T>: a plain field protected by a lock: not a scheduling point, checked for data races.
#pragma once

#include <string>
#include <type_traits>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/race_check.hpp"

namespace kmc {

// The value an event shows: numbers and enums as they are, anything else (a pointer) as 0/1.
template <typename T>
[[nodiscard]] Value shown(const T& v) {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return static_cast<Value>(v);
  } else if constexpr (std::is_constructible_v<bool, const T&>) {
    return static_cast<bool>(v) ? 1 : 0;
  } else {
    return 0;
  }
}

// A variable every access of which is a scheduling point; T may be any copyable value (a pointer
// included). kSynchronises: accesses order the threads (atomics) or not (racy-by-design fields).
template <typename T, bool kSynchronises>
class VisibleVar {
 public:
  VisibleVar(Execution& ex, std::string name, T initial)
      : ex_(ex),
        id_(ex.register_object(kSynchronises ? ObjectKind::Atomic : ObjectKind::Shared,
                               std::move(name))),
        value_(initial) {}
  // In the current execution (kmc::check).
  VisibleVar(std::string name, T initial)
      : VisibleVar(current_execution(kSynchronises ? "kmc::Atomic" : "kmc::Shared"),
                   std::move(name), std::move(initial)) {}
  VisibleVar(const VisibleVar&) = delete;
  VisibleVar& operator=(const VisibleVar&) = delete;

  [[nodiscard]] T load(Site site) {
    step(OpKind::Load, AccessKind::Read, site);
    if constexpr (kSynchronises) ex_.sync_acquire(clock_);
    ex_.last_event().value = shown(value_);
    return value_;
  }
  void store(T v, Site site) {
    step(OpKind::Store, AccessKind::Write, site);
    write_sync();
    value_ = v;
    ex_.last_event().value = shown(v);
  }
  [[nodiscard]] T exchange(T v, Site site) {
    step(OpKind::Exchange, AccessKind::Write, site);
    write_sync();
    T old = value_;
    value_ = v;
    ex_.last_event().value = shown(old);
    return old;
  }
  // Compare-and-swap: on failure `expected` receives the current value.
  [[nodiscard]] bool compare_exchange(T& expected, T desired, Site site) {
    step(OpKind::CompareExchange, AccessKind::Write, site);
    write_sync();
    const bool ok = value_ == expected;
    if (ok)
      value_ = desired;
    else
      expected = value_;
    ex_.last_event().value = ok ? 1 : 0;
    return ok;
  }
  // Adds `delta` and returns the value before.
  T fetch_add(T delta, Site site) {
    step(OpKind::FetchAdd, AccessKind::Write, site);
    write_sync();
    T old = value_;
    value_ = static_cast<T>(value_ + delta);
    ex_.last_event().value = shown(value_);
    ex_.last_event().before = shown(old);
    return old;
  }
  // The value without a step, for invariants and end checks (not for model threads).
  [[nodiscard]] T peek() const { return value_; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  void step(OpKind kind, AccessKind access, Site site) {
    PendingOp op(kind, id_, access, site);
    container_.add_to(op);
    ex_.visible(op);
    container_.check(ex_, site);
  }
  void write_sync() {
    if constexpr (kSynchronises) {
      ex_.sync_acquire(clock_);
      ex_.sync_release(clock_);
    }
  }

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  T value_;
  VectorClock clock_;
};

template <typename T>
using Atomic = VisibleVar<T, true>;
template <typename T>
using Shared = VisibleVar<T, false>;

template <typename T>
class Tracked {
 public:
  Tracked(Execution& ex, std::string name, T initial)
      : ex_(ex), id_(ex.register_object(ObjectKind::Tracked, std::move(name))), value_(initial) {}
  // In the current execution (kmc::check).
  Tracked(std::string name, T initial)
      : Tracked(current_execution("kmc::Tracked"), std::move(name), std::move(initial)) {}
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;

  [[nodiscard]] const T& get(Site site) {
    container_.check(ex_, site);
    race_.on_read(ex_, id_, site);
    return value_;
  }
  void set(T v, Site site) {
    container_.check(ex_, site);
    race_.on_write(ex_, id_, site);
    value_ = std::move(v);
  }
  // Read-modify-write in place (for containers); counts as a write.
  [[nodiscard]] T& mutate(Site site) {
    container_.check(ex_, site);
    race_.on_write(ex_, id_, site);
    return value_;
  }
  // The value without any check, for invariants and end checks (not for model threads).
  [[nodiscard]] const T& peek() const { return value_; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  T value_;
  RaceCheck race_;
};

}  // namespace kmc
