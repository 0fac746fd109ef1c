// The wakeup tree of one DPOR node (Abdulla et al., optimal DPOR): ordered branches of events
// still to be explored from that node. A branch node is a thread and the accesses of its event
// (and, for a data choice, the value the sequence saw).
// Stored flat (first-child / next-sibling indices) so that trees reuse their memory.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/event.hpp"

namespace kmc {

class WakeupTree {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::uint32_t kRoot = 0;
  struct Node {
    ThreadId thread = kNoThread;
    AccessSet access;
    std::int32_t value = -1;  // a data choice (Choose): the value to take first; else -1
    std::uint32_t first_kid = kNone;
    std::uint32_t last_kid = kNone;
    std::uint32_t next = kNone;  // next sibling
  };

  WakeupTree() { clear(); }

  [[nodiscard]] bool empty() const { return nodes_[kRoot].first_kid == kNone; }
  [[nodiscard]] const Node& node(std::uint32_t i) const { return nodes_[i]; }
  [[nodiscard]] ThreadId first_thread() const { return nodes_[nodes_[kRoot].first_kid].thread; }
  [[nodiscard]] std::int32_t first_value() const { return nodes_[nodes_[kRoot].first_kid].value; }
  // Removes every branch; keeps the memory.
  void clear() {
    nodes_.clear();
    nodes_.emplace_back();
  }
  // Replaces `into`'s content with what lies below this tree's first branch's first node, then
  // drops that branch from this tree.
  void take_first(WakeupTree& into);
  // Drops the first branch entirely.
  void drop_first();
  // Appends a child (last in order) under `parent`; returns its index.
  std::uint32_t add_child(std::uint32_t parent, ThreadId thread, const AccessSet& access,
                          std::int32_t value = -1);
  // Sets the value a branch node's data choice takes first (see Node::value).
  void set_value(std::uint32_t i, std::int32_t value) { nodes_[i].value = value; }

 private:
  void copy_below(const WakeupTree& from, std::uint32_t from_node, std::uint32_t to_node);

  std::vector<Node> nodes_;
};

}  // namespace kmc
