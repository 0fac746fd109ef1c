#include "checker/strategies/wakeup_tree.hpp"

namespace kmc {

std::uint32_t WakeupTree::add_child(std::uint32_t parent, ThreadId thread, const AccessSet& access) {
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(Node{thread, access, {}});
  nodes_[parent].kids.push_back(index);
  return index;
}

void WakeupTree::copy_below(const WakeupTree& from, std::uint32_t from_node, std::uint32_t to_node) {
  for (std::uint32_t kid : from.nodes_[from_node].kids) {
    const Node& n = from.nodes_[kid];
    const std::uint32_t copy = add_child(to_node, n.thread, n.access);
    copy_below(from, kid, copy);
  }
}

WakeupTree WakeupTree::take_first() {
  WakeupTree below;
  const std::uint32_t first = nodes_[kRoot].kids.front();
  below.copy_below(*this, first, kRoot);
  drop_first();
  return below;
}

void WakeupTree::drop_first() {
  auto& kids = nodes_[kRoot].kids;
  kids.erase(kids.begin());
  if (kids.empty()) nodes_.resize(1);
}

}  // namespace kmc
