#include "checker/lock_graph.hpp"

namespace kmc {

int LockGraph::intern(std::string_view class_name) {
  auto it = ids_.find(std::string(class_name));
  if (it != ids_.end()) return it->second;
  const int id = static_cast<int>(classes_.size());
  classes_.emplace_back(class_name);
  ids_.emplace(std::string(class_name), id);
  out_.emplace_back();
  return id;
}

bool LockGraph::find_path(int from, int to, std::vector<int>& path, std::vector<char>& seen) const {
  if (from == to) return true;
  seen[from] = 1;
  for (int e : out_[from]) {
    const int next = edges_[e].to;
    if (seen[next]) continue;
    path.push_back(e);
    if (find_path(next, to, path, seen)) return true;
    path.pop_back();
  }
  return false;
}

std::optional<std::vector<int>> LockGraph::add_edge(Edge edge) {
  for (int e : out_[edge.from])
    if (edges_[e].to == edge.to) return std::nullopt;
  edge.execution = execution_;
  const int index = static_cast<int>(edges_.size());
  const int from = edge.from;
  const int to = edge.to;
  edges_.push_back(std::move(edge));
  out_[from].push_back(index);
  std::vector<int> path;
  std::vector<char> seen(classes_.size(), 0);
  if (!find_path(to, from, path, seen)) return std::nullopt;
  path.push_back(index);
  cycles_.push_back(path);
  return path;
}

}  // namespace kmc
