#include "checker/primitives/sleep.hpp"

#include <algorithm>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/token.hpp"

namespace kmc {

WaitChannel::WaitChannel(Execution& ex, std::string name)
    : ex_(ex), id_(ex.register_object(ObjectKind::Channel, std::move(name))) {}

SleepResult WaitChannel::sleep(Site site, const SleepOptions& options) {
  const ThreadId me = ex_.current();
  Execution::Thread& th = ex_.thread(me);
  PendingOp go(OpKind::Sleep, id_, AccessKind::Write, site);
  container_.add_to(go);
  go.may_sleep = true;
  go.raw = true;
  if (options.interlock != nullptr) go.accesses.add({options.interlock->id(), AccessKind::Release});
  // The sleep gives up the thread's tokens and the wakeup takes them back: DPOR must see both.
  add_token_accesses(go, th, AccessKind::Release);
  ex_.visible(go);
  container_.check(ex_, site);
  sleepers_.push_back(me);
  th.woken = false;
  th.timed_out = false;
  th.pcatch = options.pcatch;
  // Told to exit before it slept: the sleep ends at once, enabled by that step.
  th.woken_by = th.pcatch ? th.exit_told_at : -1;
  th.sleeping_on = id_;
  if (options.interlock != nullptr) {
    if (!options.interlock->owned_by_current()) {
      ex_.warn(ViolationKind::UnlockNotOwner, "mtsleep with an interlock the sleeper does not own",
               site);
    }
    options.interlock->release_in_sleep();
  }
  if (!th.tokens.empty()) tokens_drop(ex_, me);

  // With early timeouts left, the sleeper chooses (a step of its own) whether this sleep may
  // time out while others can still run: then it may end at any step, or else only by a wakeup,
  // a signal or a forced timeout. Choosing, instead of letting every timed sleep end at any step,
  // keeps the forced timeout (which strict liveness checks) reachable while the bound lasts.
  bool early = false;
  if (options.timeout && th.early_timeouts < ex_.options().early_timeouts) {
    early = ex_.choose(2, site) == 1;
    if (early) ++th.early_timeouts;
  }
  // A sleep that may end without a wakeup can run from now on: the wakeup is then no enabler,
  // and DPOR weighs running the sleeper before it too.
  const bool unwoken = options.interruptible || early;
  PendingOp wait(OpKind::Woken, id_, AccessKind::Write, site);
  container_.add_to(wait);
  wait.raw = true;
  wait.wait = WaitKind::Event;
  wait.wait_label = options.wmesg;
  wait.timeout = options.timeout;
  wait.enabler = unwoken ? nullptr : &th.woken_by;
  add_token_accesses(wait, th, AccessKind::Acquire);
  if (unwoken) {
    wait.can_run = [](const void* state, ThreadId t) {
      return tokens_free(*static_cast<const Execution::Thread*>(state), t);
    };
  } else {
    wait.can_run = [](const void* state, ThreadId t) {
      const auto* self = static_cast<const Execution::Thread*>(state);
      return (self->woken || (self->pcatch && self->exit_told_at >= 0)) && tokens_free(*self, t);
    };
  }
  wait.state = &th;
  ex_.visible(wait);
  SleepResult result = SleepResult::Woken;
  if (th.woken) {
    ex_.sync_acquire(clock_);
  } else {
    sleepers_.erase(std::remove(sleepers_.begin(), sleepers_.end(), me), sleepers_.end());
    // An early sleep ends by its timeout; the signals of an interruptible one are explored on
    // the other branch of the choice, at the same steps.
    if (th.timed_out) {
      result = SleepResult::TimedOut;
    } else if (early) {
      result = SleepResult::EarlyTimeout;
      ex_.last_event().value = kSleepEarlyTimeout;
    } else {
      result = SleepResult::Interrupted;
      ex_.last_event().value = kSleepInterrupted;
    }
  }
  th.sleeping_on = kNoObject;
  th.timed_out = false;
  th.pcatch = false;
  if (!th.tokens.empty()) tokens_take(ex_, me);
  if (options.interlock != nullptr) options.interlock->lock(site);
  return result;
}

void WaitChannel::wake(ThreadId t) {
  Execution::Thread& th = ex_.thread(t);
  th.woken = true;
  th.woken_by = ex_.current_event();
}

void WaitChannel::wakeup(Site site) {
  PendingOp op(OpKind::Wakeup, id_, AccessKind::Write, site);
  container_.add_to(op);
  ex_.visible(op);
  container_.check(ex_, site);
  ex_.last_event().value = static_cast<Value>(sleepers_.size());
  ex_.sync_release(clock_);
  for (ThreadId t : sleepers_) wake(t);
  sleepers_.clear();
}

void WaitChannel::wakeup_one(Site site) {
  PendingOp op(OpKind::WakeupOne, id_, AccessKind::Write, site);
  container_.add_to(op);
  ex_.visible(op);
  container_.check(ex_, site);
  ex_.sync_release(clock_);
  if (sleepers_.empty()) return;
  ex_.last_event().value = sleepers_.front();
  wake(sleepers_.front());
  sleepers_.pop_front();
}

Latch::Latch(Execution& ex, std::string name)
    : ex_(ex), id_(ex.register_object(ObjectKind::Latch, std::move(name))) {}

void Latch::set(Site site) {
  PendingOp op(OpKind::LatchSet, id_, AccessKind::Write, site);
  container_.add_to(op);
  ex_.visible(op);
  container_.check(ex_, site);
  set_at_ = ex_.current_event();
  ex_.sync_release(clock_);
}

void Latch::wait(Site site) {
  PendingOp op(OpKind::LatchWait, id_, AccessKind::Read, site);
  container_.add_to(op);
  op.can_run = [](const void* state, ThreadId) {
    return static_cast<const Latch*>(state)->set_at_ >= 0;
  };
  op.state = this;
  op.wait = WaitKind::Event;
  op.enabler = &set_at_;
  ex_.visible(op);
  container_.check(ex_, site);
  ex_.sync_acquire(clock_);
}

void tell_thread_to_exit(Execution& ex, ThreadId t) {
  Execution::Thread& th = ex.thread(t);
  if (th.exit_told_at >= 0) return;
  th.exit_told_at = ex.current_event();
  if (th.sleeping_on != kNoObject && th.pcatch && !th.woken) th.woken_by = th.exit_told_at;
}

void may_sleep(Execution& ex, Site site, const char* what) {
  Execution::Thread& th = ex.thread(ex.current());
  PendingOp op(OpKind::MaySleep, kNoObject, AccessKind::Read, site);
  op.may_sleep = true;
  op.wait_label = what;
  if (th.tokens.empty()) {
    ex.visible(op);
    return;
  }
  // A token holder that may sleep is taken to sleep: it gives up its tokens and must win them back.
  op.op = OpKind::Block;
  op.raw = true;
  add_token_accesses(op, th, AccessKind::Release);
  ex.visible(op);
  tokens_drop(ex, ex.current());
  PendingOp back(OpKind::Resume, kNoObject, AccessKind::Read, site);
  back.raw = true;
  back.wait = WaitKind::Lock;
  add_token_accesses(back, th, AccessKind::Acquire);
  back.can_run = [](const void* state, ThreadId t) {
    return tokens_free(*static_cast<const Execution::Thread*>(state), t);
  };
  back.state = &th;
  ex.visible(back);
  tokens_take(ex, ex.current());
}

}  // namespace kmc
