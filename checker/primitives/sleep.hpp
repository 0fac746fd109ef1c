// Sleep and wakeup on a channel (tsleep/mtsleep/wakeup/wakeup_one), and a one-shot latch.
#pragma once

#include <deque>
#include <string>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"

namespace kmc {

class Mutex;

// How a sleep ended. TimedOut: a forced timeout, when no thread could run; EarlyTimeout: the
// timeout of a sleep made early, which may fire at any step (ExecutionOptions::early_timeouts).
enum class SleepResult : std::uint8_t { Woken, TimedOut, Interrupted, EarlyTimeout };

// Whether the sleep ended by its timeout, forced or early.
[[nodiscard]] constexpr bool timed_out(SleepResult r) {
  return r == SleepResult::TimedOut || r == SleepResult::EarlyTimeout;
}

// A sleep channel. A sleeper is queued in the same step as it releases its interlock and its
// tokens, so a wakeup from a lock holder is never lost; `wakeup` wakes all, `wakeup_one` the first.
class WaitChannel {
 public:
  WaitChannel(Execution& ex, std::string name);
  // In the current execution (kmc::check).
  explicit WaitChannel(std::string name)
      : WaitChannel(current_execution("kmc::WaitChannel"), std::move(name)) {}
  WaitChannel(const WaitChannel&) = delete;
  WaitChannel& operator=(const WaitChannel&) = delete;

  struct SleepOptions {
    const char* wmesg = "";
    // A timeout is pending: it fires when no other thread can run, or at any step if the thread
    // makes this sleep early (ExecutionOptions::early_timeouts).
    bool timeout = false;
    bool interruptible = false;  // a signal may end the sleep at any step (fault injection)
    Mutex* interlock = nullptr;  // released with the sleep, reacquired after (mtsleep)
    // PCATCH: once the thread has been told to exit (tell_thread_to_exit), this sleep and every
    // later one ends at once, Interrupted, as NetBSD's sleepq_block does for LW_WEXIT.
    bool pcatch = false;
  };
  // Sleeps until woken (or timed out / interrupted, as allowed). May sleep: forbidden under a
  // spinlock.
  [[nodiscard]] SleepResult sleep(Site site, const SleepOptions& options);
  void wakeup(Site site);
  void wakeup_one(Site site);
  [[nodiscard]] std::size_t sleepers() const { return sleepers_.size(); }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  void wake(ThreadId t);

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  std::deque<ThreadId> sleepers_;
  VectorClock clock_;
};

// A one-shot event: wait() blocks until set() has run. Used to start threads after an event.
class Latch {
 public:
  Latch(Execution& ex, std::string name);
  // In the current execution (kmc::check).
  explicit Latch(std::string name) : Latch(current_execution("kmc::Latch"), std::move(name)) {}
  void set(Site site);
  void wait(Site site);
  [[nodiscard]] bool is_set() const { return set_at_ >= 0; }

 private:
  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  std::int32_t set_at_ = -1;
  VectorClock clock_;
};

// Tells thread `t` to exit (NetBSD exit_lwps setting LW_WEXIT and making an interruptible sleeper
// runnable): its PCATCH sleep, the current one or any later one, ends Interrupted. Not a step of
// its own: call it inside a visible step of the caller, whose event then enables t's interrupted
// sleep.
void tell_thread_to_exit(Execution& ex, ThreadId t);

// A blocking point with no other effect (copyin/copyout faults, cond_resched, M_WAITOK allocation).
void may_sleep(Execution& ex, Site site, const char* what);

}  // namespace kmc
