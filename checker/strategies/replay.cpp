#include "checker/strategies/replay.hpp"

#include <fmt/format.h>

namespace kmc {

bool ReplayStrategy::begin_execution() {
  if (started_) return false;
  started_ = true;
  return true;
}

ThreadId ReplayStrategy::pick(const SchedulingPoint& point) {
  if (point.depth >= schedule_.threads.size()) {
    error_ = fmt::format("the schedule ends after {} events but the execution goes on",
                         schedule_.threads.size());
    return kNoThread;
  }
  const ThreadId t = schedule_.threads[point.depth];
  if ((point.enabled & (1ull << t)) == 0) {
    error_ = fmt::format("the schedule runs thread {} at event {} but it cannot run there", t,
                         point.depth);
    return kNoThread;
  }
  return t;
}

std::uint32_t ReplayStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  if (value_pos_ >= schedule_.values.size() || schedule_.values[value_pos_] >= count) {
    error_ = fmt::format("the schedule has no valid choice for event {}", depth);
    return 0;
  }
  return schedule_.values[value_pos_++];
}

void ReplayStrategy::end_execution(const Trace& trace, bool abandoned) {
  if (error_.empty() && trace.events.size() != schedule_.threads.size()) {
    error_ = fmt::format("the execution ended after {} events; the schedule has {}",
                         trace.events.size(), schedule_.threads.size());
  }
}

}  // namespace kmc
