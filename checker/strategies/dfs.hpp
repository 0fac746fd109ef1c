// Plain depth-first search over all interleavings (the reference DPOR is tested against), with an
// optional preemption bound (CHESS): at most `bound` switches away from a thread that could go on.
#pragma once

#include <optional>
#include <vector>

#include "checker/strategy.hpp"

namespace kmc {

class DfsStrategy final : public Strategy {
 public:
  explicit DfsStrategy(std::optional<std::uint32_t> preemption_bound = std::nullopt)
      : bound_(preemption_bound) {}
  [[nodiscard]] bool begin_execution() override;
  [[nodiscard]] ThreadId pick(const SchedulingPoint& point) override;
  [[nodiscard]] std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) override;
  void end_execution(const Trace& trace, bool abandoned) override {}
  [[nodiscard]] bool exhaustive() const override { return true; }
  [[nodiscard]] std::optional<double> estimated_total() const override;
  [[nodiscard]] std::string_view name() const override { return bound_ ? "bounded" : "dfs"; }

 private:
  struct Node {
    std::uint64_t enabled = 0;
    std::uint64_t allowed = 0;  // threads this node may choose (enabled, filtered by the bound)
    ThreadId chosen = kNoThread;
    ThreadId previous = kNoThread;
    std::uint32_t preemptions = 0;  // preemptions on the path before this node
    std::uint32_t value = 0;
    std::uint32_t values = 0;  // > 0 when the event at this node is a data choice
  };
  [[nodiscard]] bool advance(Node& node) const;

  std::optional<std::uint32_t> bound_;
  std::vector<Node> stack_;
  bool started_ = false;
  double estimate_sum_ = 0;
  std::uint64_t estimate_count_ = 0;
};

}  // namespace kmc
