// Replays one schedule exactly (a replay token); any divergence is recorded as an error.
#pragma once

#include <string>

#include "checker/replay_token.hpp"
#include "checker/strategy.hpp"

namespace kmc {

class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(Schedule schedule) : schedule_(std::move(schedule)) {}
  [[nodiscard]] bool begin_execution() override;
  [[nodiscard]] ThreadId pick(const SchedulingPoint& point) override;
  [[nodiscard]] std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) override;
  void end_execution(const Trace& trace, bool abandoned) override;
  [[nodiscard]] bool exhaustive() const override { return false; }
  [[nodiscard]] std::string_view name() const override { return "replay"; }
  [[nodiscard]] bool follows_given_schedule() const override { return true; }
  // Empty when the execution followed the schedule to its end.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  Schedule schedule_;
  bool started_ = false;
  std::size_t value_pos_ = 0;
  std::string error_;
};

}  // namespace kmc
