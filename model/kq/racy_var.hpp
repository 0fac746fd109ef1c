// A field that the seed reads (or writes) without its lock on purpose, holding any copyable T
// (a pointer included): every access is its own scheduling point, as spec §0.1 asks, and the
// accesses are never reported as data races. Lives in the heap object it belongs to.
#pragma once

#include <string>
#include <type_traits>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"

namespace kmc::kq {

template <typename T>
class RacyVar {
 public:
  RacyVar(Execution& ex, std::string name, T initial)
      : ex_(ex), id_(ex.register_object(ObjectKind::Shared, std::move(name))), value_(initial) {}
  RacyVar(const RacyVar&) = delete;
  RacyVar& operator=(const RacyVar&) = delete;

  // One step that reads the field.
  [[nodiscard]] T load(Site site) {
    step(OpKind::Load, AccessKind::Read, site);
    record(value_);
    return value_;
  }
  // One step that writes the field.
  void store(T v, Site site) {
    step(OpKind::Store, AccessKind::Write, site);
    value_ = v;
    record(value_);
  }
  // One step that adds `delta` (a read-modify-write of a plain field under its lock, `++x`).
  T add(T delta, Site site) {
    step(OpKind::FetchAdd, AccessKind::Write, site);
    if constexpr (std::is_integral_v<T>) ex_.last_event().before = static_cast<Value>(value_);
    value_ = static_cast<T>(value_ + delta);
    record(value_);
    return value_;
  }
  // The value without a step, for invariants and end checks (not for model threads).
  [[nodiscard]] const T& peek() const { return value_; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  void step(OpKind kind, AccessKind access, Site site) {
    PendingOp op(kind, id_, access, site);
    container_.add_to(op);
    ex_.visible(op);
    container_.check(ex_, site);
  }
  void record(const T& v) {
    if constexpr (std::is_integral_v<T>) ex_.last_event().value = static_cast<Value>(v);
  }

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  T value_;
};

}  // namespace kmc::kq
