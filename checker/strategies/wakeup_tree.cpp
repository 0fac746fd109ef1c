#include "checker/strategies/wakeup_tree.hpp"

namespace kmc {

std::uint32_t WakeupTree::add_child(std::uint32_t parent, ThreadId thread, const AccessSet& access,
                                    std::int32_t value) {
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  Node n;
  n.thread = thread;
  n.access = access;
  n.value = value;
  nodes_.push_back(n);
  Node& p = nodes_[parent];
  if (p.last_kid == kNone) {
    p.first_kid = index;
  } else {
    nodes_[p.last_kid].next = index;
  }
  p.last_kid = index;
  return index;
}

void WakeupTree::copy_below(const WakeupTree& from, std::uint32_t from_node,
                            std::uint32_t to_node) {
  for (std::uint32_t kid = from.nodes_[from_node].first_kid; kid != kNone;
       kid = from.nodes_[kid].next) {
    const Node& n = from.nodes_[kid];
    const std::uint32_t copy = add_child(to_node, n.thread, n.access, n.value);
    copy_below(from, kid, copy);
  }
}

void WakeupTree::take_first(WakeupTree& into) {
  into.clear();
  into.copy_below(*this, nodes_[kRoot].first_kid, kRoot);
  drop_first();
}

void WakeupTree::drop_first() {
  Node& root = nodes_[kRoot];
  const std::uint32_t first = root.first_kid;
  root.first_kid = nodes_[first].next;
  if (root.first_kid == kNone) {
    root.last_kid = kNone;
    clear();  // nothing left: reclaim the slots
  }
}

}  // namespace kmc
