// Shared variables. Atomic<T>: a kernel atomic, each operation a synchronising scheduling point.
// Shared<T>: a field read or written without a lock on purpose (a scheduling point, no ordering).
// Tracked<T>: a plain field protected by a lock: not a scheduling point, checked for data races.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/race_check.hpp"
#include "checker/primitives/weak_memory.hpp"

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
// Every operation takes a memory order (seq_cst by default); only --memory-model rc11 tells them
// apart (weak_memory.hpp), and there a non-synchronising variable's accesses are all relaxed.
template <typename T, bool kSynchronises>
class VisibleVar {
 public:
  VisibleVar(Execution& ex, std::string name, T initial)
      : ex_(ex),
        id_(ex.register_object(kSynchronises ? ObjectKind::Atomic : ObjectKind::Shared,
                               std::move(name))),
        value_(initial) {
    if (ex.options().memory_model == MemoryModel::Rc11) {
      weak_ = std::make_unique<WeakLocation>(ex);
      history_.push_back(value_);
    }
  }
  // In the current execution (kmc::check).
  VisibleVar(std::string name, T initial)
      : VisibleVar(current_execution(kSynchronises ? "kmc::Atomic" : "kmc::Shared"),
                   std::move(name), std::move(initial)) {}
  VisibleVar(const VisibleVar&) = delete;
  VisibleVar& operator=(const VisibleVar&) = delete;

  // Each operation's sequentially consistent path is the one every model ran before memory
  // orders existed; under rc11 the operation goes to its weak_ counterpart instead, kept out of
  // line so that the sc path stays as small (and as inlined) as it was.
  [[nodiscard]] T load(Site site, MemoryOrder order = MemoryOrder::SeqCst) {
    if (weak_) [[unlikely]]
      return weak_load(site, effective(order));
    step(OpKind::Load, AccessKind::Read, site);
    if constexpr (kSynchronises) ex_.sync_acquire(clock_);
    ex_.last_event().value = shown(value_);
    return value_;
  }
  void store(T v, Site site, MemoryOrder order = MemoryOrder::SeqCst) {
    if (weak_) [[unlikely]]
      return weak_store(std::move(v), site, effective(order));
    step(OpKind::Store, AccessKind::Write, site);
    write_sync();
    value_ = v;
    ex_.last_event().value = shown(v);
  }
  [[nodiscard]] T exchange(T v, Site site, MemoryOrder order = MemoryOrder::SeqCst) {
    if (weak_) [[unlikely]]
      return weak_exchange(std::move(v), site, effective(order));
    step(OpKind::Exchange, AccessKind::Write, site);
    write_sync();
    T old = value_;
    value_ = v;
    ex_.last_event().value = shown(old);
    return old;
  }
  // Compare-and-swap: on failure `expected` receives the current value (under rc11, the value of
  // the store it read, the failure being a load of `order` without its release part).
  [[nodiscard]] bool compare_exchange(T& expected, T desired, Site site,
                                      MemoryOrder order = MemoryOrder::SeqCst) {
    if (weak_) [[unlikely]]
      return weak_compare_exchange(expected, std::move(desired), site, effective(order));
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
  T fetch_add(T delta, Site site, MemoryOrder order = MemoryOrder::SeqCst) {
    if (weak_) [[unlikely]]
      return weak_fetch_add(delta, site, effective(order));
    step(OpKind::FetchAdd, AccessKind::Write, site);
    write_sync();
    T old = value_;
    value_ = static_cast<T>(value_ + delta);
    ex_.last_event().value = shown(value_);
    ex_.last_event().before = shown(old);
    return old;
  }
  // The value without a step, for invariants and end checks (not for model threads); under rc11
  // the modification order's last value.
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

  // --- rc11 (weak_memory.hpp) ---

  // A racy-by-design field is a relaxed location (READ_ONCE/WRITE_ONCE): it never synchronises.
  [[nodiscard]] static MemoryOrder effective(MemoryOrder order) {
    return kSynchronises ? order : MemoryOrder::Relaxed;
  }
  // The step of an rc11 operation: a seq_cst one also touches the seq_cst order and is fenced
  // before it (and after it: fence_after()); stronger than RC11 where seq_cst and weaker accesses
  // mix, exact where they do not (docs/weak-memory.md).
  [[gnu::noinline]] void weak_step(OpKind kind, Site site, MemoryOrder order) {
    PendingOp op(kind, id_, kind == OpKind::Load ? AccessKind::Read : AccessKind::Write, site);
    if (order == MemoryOrder::SeqCst) {
      ex_.register_fixed_object(kSeqCstOrder, ObjectKind::Internal, "seq_cst order");
      op.accesses.add({kSeqCstOrder, AccessKind::Write});
    }
    container_.add_to(op);
    ex_.visible(op);
    container_.check(ex_, site);
    if (order == MemoryOrder::SeqCst) weak_memory(ex_).fence(MemoryOrder::SeqCst);
  }
  void fence_after(MemoryOrder order) {
    if (order == MemoryOrder::SeqCst) weak_memory(ex_).fence(MemoryOrder::SeqCst);
  }
  [[gnu::noinline]] T weak_load(Site site, MemoryOrder order) {
    weak_step(OpKind::Load, site, order);
    std::vector<std::uint32_t> from;
    weak_->readable(from);
    const std::uint32_t pos = from[ex_.choose_in_step(static_cast<std::uint32_t>(from.size()))];
    const T v = history_[weak_->read(pos, order)];
    fence_after(order);
    ex_.last_event().value = shown(v);
    return v;
  }
  [[gnu::noinline]] void weak_store(T v, Site site, MemoryOrder order) {
    weak_step(OpKind::Store, site, order);
    ex_.last_event().value = shown(v);
    history_.push_back(std::move(v));
    weak_->write(static_cast<std::uint32_t>(history_.size() - 1), order);
    value_ = history_[weak_->latest_value()];
    fence_after(order);
  }
  [[gnu::noinline]] T weak_exchange(T v, Site site, MemoryOrder order) {
    weak_step(OpKind::Exchange, site, order);
    const T old = weak_rmw(order, [&v](const T&) { return std::optional<T>(v); });
    ex_.last_event().value = shown(old);
    return old;
  }
  [[gnu::noinline]] bool weak_compare_exchange(T& expected, T desired, Site site,
                                               MemoryOrder order) {
    weak_step(OpKind::CompareExchange, site, order);
    const T seen = weak_rmw(order, [&](const T& cur) {
      return cur == expected ? std::optional<T>(desired) : std::nullopt;
    });
    const bool ok = seen == expected;
    if (!ok) expected = seen;
    ex_.last_event().value = ok ? 1 : 0;
    return ok;
  }
  [[gnu::noinline]] T weak_fetch_add(T delta, Site site, MemoryOrder order) {
    weak_step(OpKind::FetchAdd, site, order);
    const T old = weak_rmw(
        order, [delta](const T& cur) { return std::optional<T>(static_cast<T>(cur + delta)); });
    ex_.last_event().value = shown(static_cast<T>(old + delta));
    ex_.last_event().before = shown(old);
    return old;
  }
  // A read-modify-write: reads a store no other read-modify-write wrote after (atomicity),
  // chosen among those coherence allows; `update(old)` is the value to write after it, or none
  // (a failed compare-and-swap, a load only). Returns the value read.
  template <typename Update>
  T weak_rmw(MemoryOrder order, const Update& update) {
    std::vector<std::uint32_t> from;
    weak_->readable(from);
    std::erase_if(from, [&](std::uint32_t pos) {
      return weak_->taken(pos) && update(history_[weak_->value_at(pos)]).has_value();
    });
    const std::uint32_t pos = from[ex_.choose_in_step(static_cast<std::uint32_t>(from.size()))];
    const T old = history_[weak_->read(pos, order)];
    if (std::optional<T> next = update(old)) {
      history_.push_back(std::move(*next));
      weak_->write_after(pos, static_cast<std::uint32_t>(history_.size() - 1), order);
      value_ = history_[weak_->latest_value()];
    }
    fence_after(order);
    return old;
  }

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  T value_;
  VectorClock clock_;
  std::unique_ptr<WeakLocation> weak_;  // rc11 only: the stores in modification order
  std::vector<T> history_;              // rc11 only: every value stored, by WeakLocation index
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
