// Linux RCU: read sections, and call_rcu callbacks that run on a callback thread only after every
// read section open at the time of call_rcu has closed. Holding only a spinlock is not a read
// section (as with CONFIG_PREEMPT_RCU).
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "checker/execution.hpp"

namespace kmc {

class Rcu {
 public:
  // Creates the domain and its callback thread (a daemon: it may wait for ever at the end).
  explicit Rcu(Execution& ex);
  // In the current execution (kmc::check).
  Rcu() : Rcu(current_execution("kmc::Rcu")) {}
  Rcu(const Rcu&) = delete;
  Rcu& operator=(const Rcu&) = delete;

  void read_lock(Site site);
  void read_unlock(Site site);
  // Queues `callback` to run after a grace period.
  void call_rcu(std::function<void()> callback, Site site);
  [[nodiscard]] bool in_read_section() const;
  [[nodiscard]] std::size_t pending() const { return callbacks_.size(); }

 private:
  struct Callback {
    std::function<void()> fn;
    std::uint64_t waiting_for = 0;  // threads whose read sections must close first
    // The call_rcu event and the closing rcu_read_unlock of every section it waited for: the
    // callback cannot run before any of them (DPOR must not try to reverse those orders).
    std::vector<std::int32_t> enablers;
    const char* seed = "";
    std::source_location loc{};
  };
  void callback_thread();
  // Keeps front_enablers_ equal to the enablers of the next callback to run.
  void sync_front();
  [[nodiscard]] bool ready() const {
    return !callbacks_.empty() && callbacks_.front().waiting_for == 0;
  }

  Execution& ex_;
  ObjectId id_;
  std::uint64_t readers_ = 0;
  std::deque<Callback> callbacks_;
  std::int32_t ready_at_ = -1;
  std::vector<std::int32_t> front_enablers_;
  VectorClock clock_;
};

}  // namespace kmc
