#include "checker/primitives/rcu.hpp"

namespace kmc {

Rcu::Rcu(Execution& ex) : ex_(ex), id_(ex.register_object(ObjectKind::Rcu, "rcu")) {
  ex.spawn(
      "rcu-callbacks", [this] { callback_thread(); }, /*daemon=*/true);
}

bool Rcu::in_read_section() const {
  return ex_.in_thread() && ex_.thread(ex_.current()).rcu_depth > 0;
}

void Rcu::read_lock(Site site) {
  Execution::Thread& th = ex_.thread(ex_.current());
  if (th.rcu_depth++ > 0) return;
  th.rcu_seed = site.seed;  // named by a sleep-in-atomic report inside this section
  th.rcu_loc = site.loc;
  PendingOp op(OpKind::RcuReadLock, id_, AccessKind::Read, site);
  ex_.visible(op);
  readers_ |= 1ull << ex_.current();
}

void Rcu::read_unlock(Site site) {
  Execution::Thread& th = ex_.thread(ex_.current());
  if (th.rcu_depth == 0) {
    ex_.fail(ViolationKind::Assertion, "rcu_read_unlock outside a read section", site);
  }
  if (--th.rcu_depth > 0) return;
  PendingOp op(OpKind::RcuReadUnlock, id_, AccessKind::Read, site);
  ex_.visible(op);
  const std::uint64_t me = 1ull << ex_.current();
  readers_ &= ~me;
  ex_.sync_release(clock_);
  const bool was_ready = ready();
  for (Callback& cb : callbacks_) {
    if ((cb.waiting_for & me) == 0) continue;
    cb.waiting_for &= ~me;
    cb.enablers.push_back(ex_.current_event());
  }
  sync_front();
  if (!was_ready && ready()) ready_at_ = ex_.current_event();
}

void Rcu::sync_front() {
  if (callbacks_.empty()) {
    front_enablers_.clear();
  } else {
    front_enablers_ = callbacks_.front().enablers;
  }
}

void Rcu::call_rcu(std::function<void()> callback, Site site) {
  PendingOp op(OpKind::CallRcu, id_, AccessKind::Write, site);
  ex_.visible(op);
  ex_.sync_release(clock_);
  const bool was_ready = ready();
  callbacks_.push_back(
      Callback{std::move(callback), readers_, {ex_.current_event()}, site.seed, site.loc});
  sync_front();
  if (!was_ready && ready()) ready_at_ = ex_.current_event();
}

void Rcu::callback_thread() {
  for (;;) {
    PendingOp op(OpKind::RcuCallback, id_, AccessKind::Write, "call_rcu callback");
    op.can_run = [](const void* state, ThreadId) {
      return static_cast<const Rcu*>(state)->ready();
    };
    op.state = this;
    op.wait = WaitKind::Event;
    op.wait_label = "grace period";
    op.enabler = &ready_at_;
    op.enablers = &front_enablers_;
    ex_.visible(op);
    Callback cb = std::move(callbacks_.front());
    callbacks_.pop_front();
    sync_front();
    ex_.last_event().seed = cb.seed;
    ex_.last_event().loc = cb.loc;
    ex_.sync_acquire(clock_);
    ready_at_ = ready() ? ex_.current_event() : -1;
    cb.fn();
  }
}

}  // namespace kmc
