#include "checker/strategies/dfs.hpp"

#include <bit>

namespace kmc {

namespace {
ThreadId lowest(std::uint64_t mask) { return static_cast<ThreadId>(std::countr_zero(mask)); }
}  // namespace

bool DfsStrategy::advance(Node& node) const {
  if (node.values > 0 && node.value + 1 < node.values) {
    ++node.value;
    return true;
  }
  const std::uint64_t later = node.allowed & ~((2ull << node.chosen) - 1);
  if (later == 0) return false;
  node.chosen = lowest(later);
  node.value = 0;
  node.values = 0;
  return true;
}

bool DfsStrategy::begin_execution() {
  if (!started_) {
    started_ = true;
    return true;
  }
  double branching = 1;
  for (const Node& n : stack_) {
    branching *= static_cast<double>(std::popcount(n.allowed)) * (n.values > 0 ? n.values : 1);
  }
  estimate_sum_ += branching;
  ++estimate_count_;
  while (!stack_.empty()) {
    if (advance(stack_.back())) return true;
    stack_.pop_back();
  }
  return false;
}

ThreadId DfsStrategy::pick(const SchedulingPoint& point) {
  if (point.depth < stack_.size()) return stack_[point.depth].chosen;
  Node node;
  node.previous = point.previous;
  node.enabled = point.enabled;
  if (!stack_.empty()) {
    const Node& parent = stack_.back();
    const bool preempted = parent.previous != kNoThread && parent.chosen != parent.previous &&
                           (parent.enabled & (1ull << parent.previous)) != 0;
    node.preemptions = parent.preemptions + (preempted ? 1 : 0);
  }
  node.allowed = point.enabled;
  const bool previous_enabled =
      point.previous != kNoThread && (point.enabled & (1ull << point.previous)) != 0;
  if (bound_ && previous_enabled && node.preemptions >= *bound_) {
    node.allowed = 1ull << point.previous;
  }
  node.chosen = lowest(node.allowed);
  stack_.push_back(node);
  return node.chosen;
}

std::uint32_t DfsStrategy::pick_value(std::uint32_t depth, std::uint32_t count) {
  Node& node = stack_[depth];
  if (node.values == 0) {
    node.values = count;
    node.value = 0;
  }
  return node.value;
}

std::optional<double> DfsStrategy::estimated_total() const {
  if (estimate_count_ == 0) return std::nullopt;
  return estimate_sum_ / static_cast<double>(estimate_count_);
}

}  // namespace kmc
