// The small interface every exploration strategy implements (DFS, DPOR, bounded, PCT, random,
// replay).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "checker/deadline.hpp"
#include "checker/trace.hpp"

namespace kmc {

// What a strategy sees when it must choose the next thread.
struct SchedulingPoint {
  std::uint32_t depth = 0;        // events executed so far in this execution
  std::uint64_t enabled = 0;      // bit t set: thread t may run now
  ThreadId previous = kNoThread;  // thread of the previous event
  const Trace* trace = nullptr;   // the execution so far
  // The access set of each thread's next event (valid for enabled threads).
  const AccessSet* next_access = nullptr;
  // No thread could run, so `enabled` are the threads whose timeout may fire now: which one fires
  // first is a choice of its own, since each timeout depends on every other thread being blocked.
  bool timeouts = false;
  // Big-lock mode: every event conflicts with every other and a thread's blocking depends on
  // steps run inside another's big-lock section, which no access set shows; exhaustive
  // strategies explore every enabled thread here.
  bool every_thread = false;
};

class Strategy {
 public:
  Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;
  virtual ~Strategy() = default;

  // Prepares the next execution; false when the strategy has nothing more to explore.
  [[nodiscard]] virtual bool begin_execution() = 0;
  // Chooses an enabled thread; kNoThread abandons the execution as redundant (sleep-set blocked).
  [[nodiscard]] virtual ThreadId pick(const SchedulingPoint& point) = 0;
  // Chooses one of `count` values for a data choice made at event `depth`.
  [[nodiscard]] virtual std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) = 0;
  // The execution is over (finished, violated, or abandoned when `abandoned`).
  virtual void end_execution(const Trace& trace, bool abandoned) = 0;
  // True when running out means every behaviour within the bounds was explored.
  [[nodiscard]] virtual bool exhaustive() const = 0;
  // An estimate of the total number of executions, where the strategy can give one.
  [[nodiscard]] virtual std::optional<double> estimated_total() const { return std::nullopt; }
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Internal inconsistencies the strategy worked around (DPOR: wakeup branches whose thread was
  // disabled); 0 in a healthy run.
  [[nodiscard]] virtual std::uint64_t anomalies() const { return 0; }
  // The deadline that long work inside the strategy (DPOR's analysis of a long execution) checks;
  // owned by the caller, who keeps it alive while the strategy runs (nullptr: none). A strategy
  // that stops its work for it explores nothing more (begin_execution() is false from then on),
  // and the caller, seeing the deadline passed, reports the exploration incomplete.
  virtual void set_deadline(Deadline* /*deadline*/) {}
  // True when the strategy follows a schedule given to it (a replay token): the run must not
  // narrow the schedules the program allows (ExecutionOptions::symmetry), or a token found
  // without that reduction could not be followed.
  [[nodiscard]] virtual bool follows_given_schedule() const { return false; }
};

}  // namespace kmc
