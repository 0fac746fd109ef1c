#include "checker/primitives/locks.hpp"

#include <fmt/format.h>

#include <bit>

#include "checker/lock_graph.hpp"

namespace kmc {

namespace {
bool owner_free(const void* state, ThreadId) {
  return *static_cast<const ThreadId*>(state) == kNoThread;
}
}  // namespace

Mutex::Mutex(Execution& ex, std::string name, std::string_view lock_class)
    : ex_(ex),
      id_(ex.register_object(ObjectKind::Mutex, std::move(name), std::string(lock_class))),
      class_(ex.lockdep().intern(lock_class)) {}

void Mutex::lock(Site site) {
  if (owner_ == ex_.current() && ex_.in_thread()) {
    ex_.fail(ViolationKind::Deadlock,
             fmt::format("{} acquires {} which it already owns (not recursive)",
                         ex_.thread(ex_.current()).name, ex_.trace().object_name(id_)),
             site);
  }
  PendingOp op(OpKind::MutexLock, id_, AccessKind::Acquire, site);
  container_.add_to(op);
  op.can_run = owner_free;
  op.state = &owner_;
  op.wait = WaitKind::Lock;
  op.may_sleep = true;
  ex_.visible(op);
  container_.check(ex_, site);
  owner_ = ex_.current();
  ex_.sync_acquire(clock_);
  ex_.lock_acquired(id_, class_, site);
}

bool Mutex::try_lock(Site site) {
  PendingOp op(OpKind::MutexLock, id_, AccessKind::Write, site);
  container_.add_to(op);
  ex_.visible(op);
  container_.check(ex_, site);
  if (owner_ != kNoThread) {
    ex_.last_event().value = 0;
    return false;
  }
  owner_ = ex_.current();
  ex_.last_event().value = 1;
  ex_.sync_acquire(clock_);
  ex_.lock_acquired(id_, class_, site);
  return true;
}

void Mutex::unlock(Site site) {
  PendingOp op(OpKind::MutexUnlock, id_, AccessKind::Release, site);
  container_.add_to(op);
  const bool mine = owner_ == ex_.current();
  if (!mine) op.accesses.items[0].kind = AccessKind::Write;
  ex_.visible(op);
  container_.check(ex_, site);
  if (!mine) {
    ex_.warn(ViolationKind::UnlockNotOwner,
             fmt::format("{} releases {} owned by {}", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_),
                         owner_ == kNoThread ? std::string("nobody") : ex_.thread(owner_).name),
             site);
  }
  release_in_sleep();
}

void Mutex::release_in_sleep() {
  // mutex_exit does not check the owner: the mutex is free even when a non-owner released it.
  if (owner_ != kNoThread) ex_.lock_released(id_, owner_);
  owner_ = kNoThread;
  ex_.sync_release(clock_);
}

SpinLock::SpinLock(Execution& ex, std::string name, std::string_view lock_class)
    : ex_(ex),
      id_(ex.register_object(ObjectKind::SpinLock, std::move(name), std::string(lock_class))),
      class_(ex.lockdep().intern(lock_class)) {}

void SpinLock::lock(Site site) {
  if (owner_ == ex_.current() && ex_.in_thread()) {
    ex_.fail(ViolationKind::Deadlock,
             fmt::format("{} spins on {} which it already holds", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  PendingOp op(OpKind::SpinLock, id_, AccessKind::Acquire, site);
  container_.add_to(op);
  op.can_run = owner_free;
  op.state = &owner_;
  op.wait = WaitKind::Lock;
  ex_.visible(op);
  container_.check(ex_, site);
  owner_ = ex_.current();
  ++ex_.thread(owner_).spin_depth;
  ex_.sync_acquire(clock_);
  ex_.lock_acquired(id_, class_, site);
}

void SpinLock::unlock(Site site) {
  PendingOp op(OpKind::SpinUnlock, id_, AccessKind::Release, site);
  container_.add_to(op);
  const bool mine = owner_ == ex_.current();
  if (!mine) op.accesses.items[0].kind = AccessKind::Write;
  ex_.visible(op);
  container_.check(ex_, site);
  if (!mine) {
    ex_.warn(ViolationKind::UnlockNotOwner,
             fmt::format("{} unlocks spinlock {} it does not hold", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  // Under keep-going a non-holder's unlock frees the spinlock from its holder, if any.
  if (owner_ != kNoThread) {
    --ex_.thread(owner_).spin_depth;
    ex_.lock_released(id_, owner_);
  }
  owner_ = kNoThread;
  ex_.sync_release(clock_);
}

RwLock::RwLock(Execution& ex, std::string name, std::string_view lock_class)
    : ex_(ex),
      id_(ex.register_object(ObjectKind::RwLock, std::move(name), std::string(lock_class))),
      class_(ex.lockdep().intern(lock_class)) {}

bool RwLock::held_by_current() const {
  const ThreadId t = ex_.current();
  return writer_ == t || (t != kNoThread && (reader_mask_ & (1ull << t)) != 0);
}

void RwLock::lock_shared(Site site) {
  if (held_by_current()) {
    ex_.fail(ViolationKind::Deadlock,
             fmt::format("{} re-enters rwlock {} (not recursive)", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  PendingOp op(OpKind::RwRead, id_, AccessKind::SharedAcquire, site);
  container_.add_to(op);
  op.can_run = [](const void* state, ThreadId) {
    return static_cast<const RwLock*>(state)->writer_ == kNoThread;
  };
  op.state = this;
  op.wait = WaitKind::Lock;
  op.may_sleep = true;
  ex_.visible(op);
  container_.check(ex_, site);
  ++readers_;
  reader_mask_ |= 1ull << ex_.current();
  ex_.sync_acquire(clock_);
  ex_.lock_acquired(id_, class_, site);
}

void RwLock::lock(Site site) {
  if (held_by_current()) {
    ex_.fail(ViolationKind::Deadlock,
             fmt::format("{} re-enters rwlock {} (not recursive)", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  PendingOp op(OpKind::RwWrite, id_, AccessKind::Acquire, site);
  container_.add_to(op);
  op.can_run = [](const void* state, ThreadId) {
    const auto* self = static_cast<const RwLock*>(state);
    return self->writer_ == kNoThread && self->readers_ == 0;
  };
  op.state = this;
  op.wait = WaitKind::Lock;
  op.may_sleep = true;
  ex_.visible(op);
  container_.check(ex_, site);
  writer_ = ex_.current();
  ex_.sync_acquire(clock_);
  ex_.lock_acquired(id_, class_, site);
}

void RwLock::unlock(Site site) {
  const bool mine = held_by_current();
  PendingOp op(OpKind::RwUnlock, id_, mine ? AccessKind::Release : AccessKind::Write, site);
  container_.add_to(op);
  ex_.visible(op);
  if (mine) ex_.last_event().value = writer_ == ex_.current() ? 0 : kReaderRelease;
  container_.check(ex_, site);
  if (!mine) {
    ex_.warn(ViolationKind::UnlockNotOwner,
             fmt::format("{} releases rwlock {} it does not hold", ex_.thread(ex_.current()).name,
                         ex_.trace().object_name(id_)),
             site);
  }
  ThreadId holder = ex_.current();
  if (!mine) {
    // rw_exit releases whatever is held: the writer, else one reader's share (a reader count
    // names no owner, so the lowest-numbered reader loses it); nothing when the lock is free.
    holder = writer_ != kNoThread ? writer_
             : reader_mask_ != 0  ? static_cast<ThreadId>(std::countr_zero(reader_mask_))
                                  : kNoThread;
    if (holder == kNoThread) {
      ex_.sync_release(clock_);
      return;
    }
  }
  if (writer_ == holder) {
    writer_ = kNoThread;
  } else {
    --readers_;
    reader_mask_ &= ~(1ull << holder);
  }
  ex_.lock_released(id_, holder);
  ex_.sync_release(clock_);
}

Mutex::Mutex(std::string name, std::string_view lock_class)
    : Mutex(current_execution("kmc::Mutex"), name, lock_class.empty() ? name : lock_class) {}

SpinLock::SpinLock(std::string name, std::string_view lock_class)
    : SpinLock(current_execution("kmc::SpinLock"), name, lock_class.empty() ? name : lock_class) {}

RwLock::RwLock(std::string name, std::string_view lock_class)
    : RwLock(current_execution("kmc::RwLock"), name, lock_class.empty() ? name : lock_class) {}

}  // namespace kmc
