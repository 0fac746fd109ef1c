// Vector clocks for the happens-before data-race detector (program order + synchronisation).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "checker/types.hpp"

namespace kmc {

class VectorClock {
 public:
  [[nodiscard]] std::uint32_t get(ThreadId t) const { return t < c_.size() ? c_[t] : 0; }
  void set(ThreadId t, std::uint32_t v) {
    if (t >= c_.size()) c_.resize(t + 1u, 0);
    c_[t] = v;
  }
  void tick(ThreadId t) { set(t, get(t) + 1); }
  void join(const VectorClock& o) {
    if (o.c_.size() > c_.size()) c_.resize(o.c_.size(), 0);
    for (std::size_t i = 0; i < o.c_.size(); ++i) c_[i] = std::max(c_[i], o.c_[i]);
  }
  void clear() { c_.clear(); }

 private:
  std::vector<std::uint32_t> c_;
};

// One access remembered by a tracked location: thread t at its clock value `clock`.
struct Epoch {
  ThreadId thread = kNoThread;
  std::uint32_t clock = 0;
  const char* seed = "";
  std::source_location loc{};
  [[nodiscard]] bool ordered_before(const VectorClock& now) const {
    return thread == kNoThread || clock <= now.get(thread);
  }
};

}  // namespace kmc
