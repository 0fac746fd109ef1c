// DragonFly callouts as the timer filter uses them (not in seed; spec §0.2): each callout has a
// "softclock" daemon thread that may run the callback at any step after callout_reset armed it.
// callout_terminate cancels a pending run and waits for a running one; callout_stop only cancels.
// Virtual time is bounded: a callout fires at most `max_fires` times in one execution.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "checker/execution.hpp"
#include "model/kq/knote.hpp"

namespace kmc::kq {

class Callouts {
 public:
  // `fire(kn)` is the callback (filt_timerexpire) run on the softclock thread.
  Callouts(Execution& ex, int max_fires, std::function<void(const KnPtr&)> fire);
  Callouts(const Callouts&) = delete;
  Callouts& operator=(const Callouts&) = delete;

  // callout_init_mp: a slot for the callout memory `mem` and its softclock thread (one step).
  [[nodiscard]] int init(const CalloutPtr& mem, Site site);
  // callout_reset(c, ticks, fn, kn): arms the callout (one step; touches the callout memory).
  void reset(const CalloutPtr& mem, const KnPtr& arg, std::uint64_t kq_serial, Site site);
  // callout_terminate: cancels; if the callback runs, blocks until it returns (tokens released).
  void terminate(const CalloutPtr& mem, Site site);
  // callout_stop: cancels a pending run without waiting for a running one (M-KQ-calloutstop).
  void stop(const CalloutPtr& mem, Site site);

  // Ghost: whether a callout armed or running refers to a knote of kqueue `kq_serial`.
  [[nodiscard]] bool busy_for(std::uint64_t kq_serial) const;
  [[nodiscard]] bool any_running() const;

 private:
  struct Slot {
    ObjectId id = kNoObject;
    CalloutPtr mem;
    KnPtr arg;
    std::uint64_t kq_serial = 0;
    bool pending = false;
    bool running = false;
    int fires = 0;
    int max_fires = 0;
    std::int32_t armed_at = -1;
    std::int32_t idle_at = -1;
    VectorClock clock;  // the callout's own lock orders its users (not in seed)
  };
  void softclock(Slot& slot);
  void step(Slot& slot, OpKind kind, Site site);
  void sync(Slot& slot);

  Execution& ex_;
  int max_fires_;
  std::function<void(const KnPtr&)> fire_;
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace kmc::kq
