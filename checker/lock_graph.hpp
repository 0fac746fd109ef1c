// Lock order as lockdep keeps it: classes, held->acquired edges with where they were first seen,
// accumulated over every execution of a run, and the cycles they close.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kmc {

class LockGraph {
 public:
  struct Edge {
    int from = 0;
    int to = 0;
    std::string held_at;      // where `from` was acquired ("R143 model/fd/table.cpp:88")
    std::string acquired_at;  // where `to` was acquired while `from` was held
    std::string thread;
    std::uint64_t execution = 0;  // the execution (1-based) in which the edge was first seen
  };

  // The id of a lock class, created on first use.
  [[nodiscard]] int intern(std::string_view class_name);
  [[nodiscard]] const std::string& class_name(int id) const { return classes_[id]; }
  [[nodiscard]] std::size_t class_count() const { return classes_.size(); }
  [[nodiscard]] const std::vector<Edge>& edges() const { return edges_; }

  // Adds from->to if new. Returns the edges of a cycle this new edge closes (ending with it).
  [[nodiscard]] std::optional<std::vector<int>> add_edge(Edge edge);
  // Indices into edges() of every cycle reported so far.
  [[nodiscard]] const std::vector<std::vector<int>>& cycles() const { return cycles_; }
  void set_execution(std::uint64_t n) { execution_ = n; }

 private:
  [[nodiscard]] bool find_path(int from, int to, std::vector<int>& path,
                               std::vector<char>& seen) const;

  std::vector<std::string> classes_;
  std::unordered_map<std::string, int> ids_;
  std::vector<Edge> edges_;
  std::vector<std::vector<int>> out_;  // class -> indices of edges leaving it
  std::vector<std::vector<int>> cycles_;
  std::uint64_t execution_ = 0;
};

}  // namespace kmc
