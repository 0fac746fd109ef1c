// When long work must stop: a point on the steady clock, a stop flag set asynchronously (Ctrl-C),
// or, for deterministic tests, a number of checks. Once passed it stays passed, so whoever checks
// after the work that noticed it sees the same answer.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace kmc {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // Never passes (until set_at(), set_stop() or set_check_budget() says otherwise).
  Deadline() = default;

  // Passes at `at` (the earlier of `at` and a time already set).
  void set_at(Clock::time_point at) { at_ = at_ ? std::min(*at_, at) : at; }
  // Passes `seconds` from now; `seconds` <= 0 sets nothing.
  void set_after(double seconds) {
    if (seconds > 0) {
      set_at(Clock::now() +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
    }
  }
  // Passes once `*stop` is true.
  void set_stop(const std::atomic<bool>* stop) { stop_ = stop; }
  // Passes at the `checks`-th call of passed() or passed_now() (0: no such budget): the
  // deterministic stand-in for a clock in tests.
  void set_check_budget(std::uint64_t checks) { budget_ = checks; }

  // Cheap enough for inner loops: reads the clock only every kClockEvery calls.
  [[nodiscard]] bool passed() {
    if (passed_) return true;
    ++checks_;
    if (budget_ != 0 && checks_ >= budget_) return passed_ = true;
    if (stop_ != nullptr && stop_->load(std::memory_order_relaxed)) return passed_ = true;
    if (at_ && checks_ % kClockEvery == 0 && Clock::now() >= *at_) return passed_ = true;
    return false;
  }
  // Reads the clock now (between executions, where a clock read costs nothing that matters).
  [[nodiscard]] bool passed_now() {
    if (passed()) return true;
    if (at_ && Clock::now() >= *at_) passed_ = true;
    return passed_;
  }
  // Whether a check has found it passed, without checking again.
  [[nodiscard]] bool was_passed() const { return passed_; }

 private:
  // A clock read costs about 20 ns; the inner loops that check do at least that much work per
  // check, so reading every 64th check keeps the overhead small and the overrun under a
  // millisecond.
  static constexpr std::uint64_t kClockEvery = 64;

  std::optional<Clock::time_point> at_;
  const std::atomic<bool>* stop_ = nullptr;
  std::uint64_t budget_ = 0;
  std::uint64_t checks_ = 0;
  bool passed_ = false;
};

}  // namespace kmc
