// Parses DOT text back with cgraph (agmemread) and exposes nodes, edges and their attributes, so
// tests check the picture's structure (the kmc_* attributes) rather than its pixels.
#pragma once

#include <graphviz/cgraph.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace kmc::testing {

// A DOT graph read back: node name -> attributes, and edges with their attributes.
class DotReader {
 public:
  struct Edge {
    std::string from, to;
    std::map<std::string, std::string> attrs;
    [[nodiscard]] std::string get(const std::string& key) const {
      const auto it = attrs.find(key);
      return it == attrs.end() ? std::string() : it->second;
    }
  };

  // Parses `dot`; ok() says whether cgraph accepted it.
  explicit DotReader(const std::string& dot) {
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(dot.c_str()), agclose);
    if (!g) return;
    ok_ = true;
    directed_ = agisdirected(g.get()) != 0;
    const std::vector<std::string> node_keys = keys(g.get(), AGNODE);
    const std::vector<std::string> edge_keys = keys(g.get(), AGEDGE);
    for (Agnode_t* n = agfstnode(g.get()); n != nullptr; n = agnxtnode(g.get(), n)) {
      auto& attrs = nodes_[agnameof(n)];
      for (const std::string& k : node_keys) attrs[k] = agget(n, const_cast<char*>(k.c_str()));
      for (Agedge_t* e = agfstout(g.get(), n); e != nullptr; e = agnxtout(g.get(), e)) {
        Edge edge{agnameof(agtail(e)), agnameof(aghead(e)), {}};
        for (const std::string& k : edge_keys)
          edge.attrs[k] = agget(e, const_cast<char*>(k.c_str()));
        edges_.push_back(std::move(edge));
      }
    }
  }

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] bool directed() const { return directed_; }
  [[nodiscard]] const std::map<std::string, std::map<std::string, std::string>>& nodes() const {
    return nodes_;
  }
  [[nodiscard]] const std::vector<Edge>& edges() const { return edges_; }
  // How many nodes stand for events or blocked operations (lane headers left out).
  [[nodiscard]] std::size_t drawn_nodes() const {
    std::size_t n = 0;
    for (const auto& [name, attrs] : nodes_) {
      const auto h = attrs.find("kmc_header");
      n += h != attrs.end() && h->second == "1" ? 0 : 1;
    }
    return n;
  }
  [[nodiscard]] std::string node_attr(const std::string& node, const std::string& key) const {
    const auto n = nodes_.find(node);
    if (n == nodes_.end()) return {};
    const auto a = n->second.find(key);
    return a == n->second.end() ? std::string() : a->second;
  }
  // Names of the nodes whose attribute `key` equals `value`.
  [[nodiscard]] std::vector<std::string> nodes_with(const std::string& key,
                                                    const std::string& value) const {
    std::vector<std::string> out;
    for (const auto& [name, attrs] : nodes_) {
      const auto a = attrs.find(key);
      if (a != attrs.end() && a->second == value) out.push_back(name);
    }
    return out;
  }

 private:
  static std::vector<std::string> keys(Agraph_t* g, int kind) {
    std::vector<std::string> out;
    for (Agsym_t* s = agnxtattr(g, kind, nullptr); s != nullptr; s = agnxtattr(g, kind, s))
      out.emplace_back(s->name);
    return out;
  }

  bool ok_ = false;
  bool directed_ = false;
  std::map<std::string, std::map<std::string, std::string>> nodes_;
  std::vector<Edge> edges_;
};

// The trace indices listed in a node's kmc_events attribute ("3,4,5").
inline std::vector<int> event_list(const std::string& text) {
  std::vector<int> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(std::stoi(text.substr(pos, end - pos)));
    pos = end + 1;
  }
  return out;
}

}  // namespace kmc::testing
