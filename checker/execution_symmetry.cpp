// The engine side of the symmetry reduction (Execution::start_after): the gate's bookkeeping.
#include "checker/execution.hpp"

namespace kmc {

void Execution::start_after(ThreadId t, ThreadId leader) {
  if (!options_.symmetry || t == leader || t >= threads_.size() || leader >= threads_.size())
    return;
  Thread& th = *threads_[t];
  // A leader that already ran (a setup thread spawns the twins one by one) has nothing to wait
  // for: the gate is open, and the order it asks for holds.
  if (th.events != 0) return;
  th.starts_after = leader;
  ++symmetric_threads_;
}

void Execution::record_leader_enabler(const Thread& th, std::int32_t index) {
  // The leader's first step enabled this one (start_after): DPOR must not try to reverse them,
  // nor plan this thread's first step before it, executed or pending.
  if (th.starts_after != kNoThread && threads_[th.starts_after]->first_event >= 0)
    trace_.enablers.emplace_back(index, threads_[th.starts_after]->first_event);
}

}  // namespace kmc
