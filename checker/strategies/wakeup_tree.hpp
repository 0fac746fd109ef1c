// The wakeup tree of one DPOR node (Abdulla et al., optimal DPOR): ordered branches of events
// still to be explored from that node. A branch node is a thread and the accesses of its event.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/event.hpp"

namespace kmc {

class WakeupTree {
 public:
  struct Node {
    ThreadId thread = kNoThread;
    AccessSet access;
    std::vector<std::uint32_t> kids;
  };
  static constexpr std::uint32_t kRoot = 0;

  WakeupTree() : nodes_(1) {}

  [[nodiscard]] bool empty() const { return nodes_[kRoot].kids.empty(); }
  [[nodiscard]] const Node& node(std::uint32_t i) const { return nodes_[i]; }
  [[nodiscard]] ThreadId first_thread() const { return nodes_[nodes_[kRoot].kids.front()].thread; }
  // Detaches the first branch and returns what lies below its first node, as a tree of its own.
  [[nodiscard]] WakeupTree take_first();
  // Drops the first branch entirely.
  void drop_first();
  // Appends a child (last in order) under `parent`; returns its index.
  std::uint32_t add_child(std::uint32_t parent, ThreadId thread, const AccessSet& access);

 private:
  void copy_below(const WakeupTree& from, std::uint32_t from_node, std::uint32_t to_node);

  std::vector<Node> nodes_;
};

}  // namespace kmc
