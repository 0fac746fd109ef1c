#include "model/fd/rcu_fields.hpp"

#include <fmt/format.h>

namespace kmc::fd {

RcuVar::RcuVar(Execution& ex, std::string name, Value initial)
    : ex_(ex), id_(ex.register_object(ObjectKind::Atomic, std::move(name))), value_(initial) {}

void RcuVar::step(OpKind kind, AccessKind access, Site site) {
  PendingOp op(kind, id_, access, site);
  container_.add_to(op);
  ex_.visible(op);
  container_.check(ex_, site);
}

Value RcuVar::rcu_load(Site site) {
  step(OpKind::Load, AccessKind::Read, site);
  ex_.sync_acquire(clock_);  // rcu_dereference pairs with rcu_assign_pointer
  ex_.last_event().value = value_;
  return value_;
}

Value RcuVar::locked_get(Site site) {
  container_.check(ex_, site);
  race_.on_read(ex_, id_, site);
  return value_;
}

void RcuVar::publish(Value v, Site site) {
  step(OpKind::Store, AccessKind::Write, site);
  race_.on_write(ex_, id_, site);
  ex_.sync_acquire(clock_);
  ex_.sync_release(clock_);
  value_ = v;
  ex_.last_event().value = v;
}

void RcuVar::init(Value v, Site site) {
  container_.check(ex_, site);
  race_.on_write(ex_, id_, site);
  value_ = v;
}

Value RcuVar::exchange(Value v, Site site) {
  step(OpKind::Exchange, AccessKind::Write, site);
  race_.on_write(ex_, id_, site);
  ex_.sync_acquire(clock_);
  ex_.sync_release(clock_);
  const Value old = value_;
  value_ = v;
  ex_.last_event().value = old;
  return old;
}

Bitmap::Bitmap(Execution& ex, std::string name, int nwords, int bits_per_word)
    : ex_(ex),
      id_(ex.register_object(ObjectKind::Shared, std::move(name))),
      w_(bits_per_word),
      words_(static_cast<std::size_t>(nwords), 0) {}

void Bitmap::bounds(Value bit, Site site) {
  container_.check(ex_, site);
  if (bit < 0 || bit >= bits()) {
    ex_.fail(ViolationKind::Invariant,
             fmt::format("FD-I3: bit {} of {} is out of bounds (the table has {} fds)", bit,
                         ex_.trace().object_name(id_), bits()),
             site);
  }
}

void Bitmap::word_bounds(int i, Site site) {
  container_.check(ex_, site);
  if (i < 0 || i >= words()) {
    ex_.fail(ViolationKind::Invariant,
             fmt::format("FD-I3: word {} of {} is out of bounds (the table has {} words)", i,
                         ex_.trace().object_name(id_), words()),
             site);
  }
}

void Bitmap::step(OpKind kind, AccessKind access, Site site) {
  PendingOp op(kind, id_, access, site);
  container_.add_to(op);
  ex_.visible(op);
}

bool Bitmap::test(Value bit, Site site) {
  bounds(bit, site);
  race_.on_read(ex_, id_, site);
  return ((words_[bit / w_] >> (bit % w_)) & 1u) != 0;
}

void Bitmap::put(Value bit, bool on, Site site, bool visible) {
  if (visible) step(OpKind::Store, AccessKind::Write, site);
  bounds(bit, site);
  race_.on_write(ex_, id_, site);
  const std::uint64_t mask = std::uint64_t{1} << (bit % w_);
  std::uint64_t& word = words_[bit / w_];
  word = on ? (word | mask) : (word & ~mask);
  if (visible) ex_.last_event().value = static_cast<Value>(word);
}

std::uint64_t Bitmap::word(int i, Site site) {
  word_bounds(i, site);
  race_.on_read(ex_, id_, site);
  return words_[i];
}

void Bitmap::set_word(int i, std::uint64_t v, Site site) {
  word_bounds(i, site);
  race_.on_write(ex_, id_, site);
  words_[i] = v;
}

void Bitmap::set_word_visible(int i, std::uint64_t v, Site site) {
  step(OpKind::Store, AccessKind::Write, site);
  set_word(i, v, site);
  ex_.last_event().value = static_cast<Value>(v);
}

bool Bitmap::test_lockless(Value bit, Site site) {
  step(OpKind::Load, AccessKind::Read, site);
  container_.check(ex_, site);
  if (bit < 0 || bit >= bits()) bounds(bit, site);
  const bool on = ((words_[bit / w_] >> (bit % w_)) & 1u) != 0;
  ex_.last_event().value = on ? 1 : 0;
  return on;
}

bool Bitmap::peek(Value bit) const {
  if (bit < 0 || bit >= static_cast<Value>(words_.size()) * w_) return false;
  return ((words_[bit / w_] >> (bit % w_)) & 1u) != 0;
}

}  // namespace kmc::fd
