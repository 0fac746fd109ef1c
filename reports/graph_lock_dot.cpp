// The lock-order graph as DOT (declared in graph_dot.hpp).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "reports/graph_dot.hpp"
#include "reports/graph_style.hpp"

namespace kmc::reports {

namespace {

// The class names of a lock-order message "lock-order cycle A -> B -> A", or empty.
std::vector<std::string> cycle_classes(const Violation& v) {
  std::vector<std::string> out;
  const std::string marker = "cycle ";
  const auto start = v.message.find(marker);
  if (start == std::string::npos) return out;
  std::string_view rest = std::string_view(v.message).substr(start + marker.size());
  const std::string_view arrow = " -> ";
  while (true) {
    const auto at = rest.find(arrow);
    out.emplace_back(rest.substr(0, at));
    if (at == std::string_view::npos) break;
    rest = rest.substr(at + arrow.size());
  }
  return out;
}

std::vector<std::string> classes_of(const LockGraph& g, const std::vector<int>& cycle) {
  std::vector<std::string> out;
  for (int e : cycle) out.push_back(g.class_name(g.edges()[static_cast<std::size_t>(e)].from));
  if (!cycle.empty())
    out.push_back(g.class_name(g.edges()[static_cast<std::size_t>(cycle.back())].to));
  return out;
}

// The index in g.cycles() of the cycle the violation reports, or -1.
int violation_cycle(const LockGraph& g, const Violation* v) {
  if (v == nullptr || v->kind != ViolationKind::LockOrder) return -1;
  const std::vector<std::string> wanted = cycle_classes(*v);
  const auto& cycles = g.cycles();
  for (std::size_t c = 0; c < cycles.size(); ++c)
    if (classes_of(g, cycles[c]) == wanted) return static_cast<int>(c);
  const std::set<std::string> wanted_set(wanted.begin(), wanted.end());
  for (std::size_t c = 0; c < cycles.size(); ++c) {
    const auto names = classes_of(g, cycles[c]);
    if (std::set<std::string>(names.begin(), names.end()) == wanted_set) return static_cast<int>(c);
  }
  return -1;
}

}  // namespace

std::string lock_graph_dot(const LockGraph& g, const Violation* violation) {
  const int chosen = violation_cycle(g, violation);
  std::set<int> on_cycle;
  std::set<int> on_other;
  std::set<int> hot_classes;
  const auto& cycles = g.cycles();
  for (std::size_t c = 0; c < cycles.size(); ++c) {
    for (int e : cycles[c]) {
      if (static_cast<int>(c) == chosen) {
        on_cycle.insert(e);
        hot_classes.insert(g.edges()[static_cast<std::size_t>(e)].from);
      } else {
        on_other.insert(e);
      }
    }
  }
  std::string title = fmt::format("lock order: {} classes, {} edges (held &#8594; acquired)",
                                  g.class_count(), g.edges().size());
  if (violation != nullptr)
    title +=
        fmt::format("<BR ALIGN=\"LEFT\"/><B>{}</B>: {}", dot_html(to_string(violation->kind)),
                    wrap(dot_html(short_paths(violation->message)), 110, "<BR ALIGN=\"LEFT\"/>"));
  title += fmt::format(
      "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"9\"><FONT COLOR=\"{}\"><B>bold red: the cycle "
      "reported</B></FONT>&#160;&#160; <FONT COLOR=\"{}\">dashed red: another cycle</FONT>"
      "&#160;&#160; edge labels: where the held lock was taken, where the next was taken while "
      "holding it, by which thread, in which execution</FONT><BR ALIGN=\"LEFT\"/>",
      kHighlightColor, kHighlightColor);

  std::string out = "digraph kmc_lockgraph {\n";
  out += fmt::format(
      "  graph [rankdir=LR, nodesep=0.5, ranksep=1.2, fontname={}, fontsize=12, labelloc=t, "
      "labeljust=l, label=<{}>];\n  node [shape=box, style=\"rounded,filled\", fontname={}, "
      "fontsize=11, fillcolor=\"#d0e2ff\"];\n  edge [fontname={}, fontsize=8];\n",
      dot_quote(kFont), title, dot_quote(kFont), dot_quote(kFont));
  for (std::size_t c = 0; c < g.class_count(); ++c) {
    const bool hot = hot_classes.count(static_cast<int>(c)) != 0;
    out += fmt::format("  c{} [label={}, kmc_class={}{}];\n", c,
                       dot_quote(g.class_name(static_cast<int>(c))),
                       dot_quote(g.class_name(static_cast<int>(c))),
                       hot ? fmt::format(", color=\"{}\", penwidth=3, fillcolor=\"{}\"",
                                         kHighlightColor, kViolationFill)
                           : std::string());
  }
  for (std::size_t i = 0; i < g.edges().size(); ++i) {
    const LockGraph::Edge& e = g.edges()[i];
    const bool hot = on_cycle.count(static_cast<int>(i)) != 0;
    const bool other = !hot && on_other.count(static_cast<int>(i)) != 0;
    const std::string label = fmt::format("held at {}\nthen acquired at {}\nby {}, execution {}",
                                          e.held_at, e.acquired_at, e.thread, e.execution);
    const char* color = hot || other ? kHighlightColor : "#495057";
    out += fmt::format(
        "  c{} -> c{} [label={}, color=\"{}\", fontcolor=\"{}\", penwidth={}, style={}{}{}];\n",
        e.from, e.to, dot_quote(label), color, color, hot ? 3.0 : 1.2, other ? "dashed" : "solid",
        hot ? ", kmc_cycle=\"1\"" : "", other ? ", kmc_other_cycle=\"1\"" : "");
  }
  return out + "}\n";
}

}  // namespace kmc::reports
