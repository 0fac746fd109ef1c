#include "reports/graph_dot.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "reports/graph_style.hpp"
#include "reports/html_index.hpp"
#include "reports/text_report.hpp"

namespace kmc::reports {

std::string dot_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string dot_html(std::string_view text) {
  // Graphviz's HTML-like labels take the same entities as the report page.
  return html_escape(text);
}

namespace {

std::string node_id(const TraceGraph& g, std::size_t id) {
  const GraphNode& n = g.nodes[id];
  switch (n.type) {
    case GraphNode::Type::Event:
      return fmt::format("e{}", n.events.front());
    case GraphNode::Type::Fold:
      return fmt::format("f{}_{}", n.events.front(), n.events.back());
    case GraphNode::Type::Blocked:
      return fmt::format("b{}", n.thread);
  }
  return "?";
}

std::string thread_name(const Trace& t, ThreadId id) {
  if (id >= t.threads.size() || t.threads[id].name.empty()) return fmt::format("thread {}", id);
  return t.threads[id].name;
}

// "#12 load nr#1 = 3" or "#13 fetch_add f_count#1 -1: 1 -> 0" / "U670 file.cpp:88".
// `with_value` is false for the violating event: a violation raised inside an operation leaves
// its value unset.
std::string event_label(const Trace& trace, std::int32_t i, bool with_value) {
  const Event& e = trace.events[static_cast<std::size_t>(i)];
  std::string line = fmt::format("#{} {}", i, to_string(e.op));
  const std::string object = trace.object_name(e.object);
  if (!object.empty()) line += fmt::format(" {}", shorten(object, 32));
  if (e.op == OpKind::Spawn)
    line += fmt::format(" {}", thread_name(trace, static_cast<ThreadId>(e.value)));
  // A read-modify-write in the text trace's notation (docs/traces.md): " -1: 1 -> 0". One that
  // a check stopped before it changed anything (value_before unset) shows no value at all.
  const bool rmw = e.op == OpKind::FetchAdd || e.op == OpKind::IncNotZero;
  if (rmw && value_before(trace, e)) line += describe_change(trace, e);
  if (!rmw && with_value && shows_value(e.op)) line += fmt::format(" = {}", e.value);
  return fmt::format("{}\n{}", line, where_short(e.seed, e.loc));
}

std::string fold_label(const Trace& trace, const GraphNode& n) {
  std::map<std::string_view, int> counts;
  for (std::int32_t i : n.events) ++counts[to_string(trace.events[static_cast<std::size_t>(i)].op)];
  std::vector<std::pair<int, std::string_view>> by_count;
  for (const auto& [op, c] : counts) by_count.emplace_back(-c, op);
  std::sort(by_count.begin(), by_count.end());
  std::string ops;
  for (std::size_t k = 0; k < by_count.size() && k < 3; ++k)
    ops += fmt::format("{}{}x {}", k ? ", " : "", -by_count[k].first, by_count[k].second);
  if (by_count.size() > 3) ops += ", ...";
  const Event& a = trace.events[static_cast<std::size_t>(n.events.front())];
  const Event& b = trace.events[static_cast<std::size_t>(n.events.back())];
  const std::string inside = n.preemptions_inside == 0
                                 ? std::string()
                                 : fmt::format("; {} harmless preemption{}", n.preemptions_inside,
                                               n.preemptions_inside == 1 ? "" : "s");
  return fmt::format(
      "{} events folded, #{}..#{}\n(no other thread depends on them{})\n{}\n{} .. {}",
      n.events.size(), n.events.front(), n.events.back(), inside, ops, where_short(a.seed, a.loc),
      where_short(b.seed, b.loc));
}

std::string node_tooltip(const Trace& trace, const GraphNode& n) {
  std::string tip = thread_name(trace, n.thread);
  if (n.type == GraphNode::Type::Blocked)
    return tip + " is blocked at the end in " + trace.threads[n.thread].blocked_on;
  for (std::int32_t i : n.events) {
    const Event& e = trace.events[static_cast<std::size_t>(i)];
    tip += fmt::format("\n#{} {} {} at {}", i, to_string(e.op), trace.object_name(e.object),
                       where_short(e.seed, e.loc));
  }
  return tip;
}

void write_node(std::string& out, const Trace& trace, const TraceGraph& g, std::size_t id) {
  const GraphNode& n = g.nodes[id];
  const bool has_violation = g.violating_node >= 0;
  std::string label;
  NodeStyle style;
  switch (n.type) {
    case GraphNode::Type::Event:
      label = event_label(trace, n.events.front(), !n.violating);
      style.fill = op_fill(trace.events[static_cast<std::size_t>(n.events.front())].op);
      break;
    case GraphNode::Type::Fold:
      label = fold_label(trace, n);
      style.fill = kFoldFill;
      style.shape = "note";
      style.style = "filled";
      break;
    case GraphNode::Type::Blocked:
      label = "blocked at the end in\n" + trace.threads[n.thread].blocked_on;
      style.fill = kBlockedFill;
      style.style = "rounded,filled,dashed";
      break;
  }
  if (has_violation && !n.in_cone) style.fade();
  if (n.preempted) {
    label += "\npreempted here, " + thread_name(trace, n.preempted_for) + " runs";
    style.border = kPreemptColor;
    style.penwidth = 2.5;
  }
  if (n.violating) {
    // The checked access that failed may come after the event (a dereference is not a visible
    // operation): name the place the violation was seen when it differs from the event's.
    const Violation& v = *trace.violation;
    const std::string seen = where_short(v.seed, v.loc);
    const bool differs = !seen.empty() && label.find(seen) == std::string::npos;
    label = fmt::format("VIOLATION {}{}\n{}", to_string(v.kind),
                        differs ? fmt::format(" at {}", seen) : std::string(), label);
    style.fill = kViolationFill;
    style.border = kHighlightColor;
    style.penwidth = 3.5;
  }
  std::string events;
  for (std::int32_t i : n.events) events += fmt::format("{}{}", events.empty() ? "" : ",", i);
  out += fmt::format(
      "    {} [label={}, shape={}, style={}, fillcolor={}, color={}, fontcolor={}, penwidth={}, "
      "tooltip={}, kmc_events={}, kmc_thread=\"{}\"{}{}{}{}];\n",
      node_id(g, id), dot_quote(label), style.shape, dot_quote(style.style), dot_quote(style.fill),
      dot_quote(style.border), dot_quote(style.font), style.penwidth,
      dot_quote(node_tooltip(trace, n)), dot_quote(events), n.thread,
      n.in_cone ? ", kmc_cone=\"1\"" : "", n.violating ? ", kmc_violation=\"1\"" : "",
      n.preempted ? ", kmc_preempted=\"1\"" : "",
      n.type == GraphNode::Type::Blocked ? ", kmc_blocked=\"1\"" : "");
}

void write_edge(std::string& out, const TraceGraph& g, const GraphEdge& e) {
  const bool has_violation = g.violating_node >= 0;
  const EdgeStyle s = edge_style(e, has_violation);
  out += fmt::format(
      "  {} -> {} [color={}, penwidth={}, style={}, weight={}, constraint={}, arrowsize={}{}, "
      "kmc_kind=\"{}\"{}];\n",
      node_id(g, e.from), node_id(g, e.to), dot_quote(s.color), s.penwidth, s.style, s.weight,
      s.constraint ? "true" : "false", s.arrowsize,
      e.program_order || e.object.empty()
          ? std::string()
          : ", xlabel=" + dot_quote(shorten(e.object, 28)) + ", fontcolor=" + dot_quote(s.color),
      e.program_order ? "po" : to_string(e.kind), e.highlighted ? ", kmc_highlight=\"1\"" : "");
}

std::string title_html(const Trace& trace, const TraceGraph& g, std::string_view replay) {
  std::string rows;
  if (trace.violation) {
    rows += fmt::format(
        "<TR><TD ALIGN=\"LEFT\"><B>{}</B>: {}</TD></TR>",
        dot_html(to_string(trace.violation->kind)),
        wrap(dot_html(short_paths(trace.violation->message)), 110, "<BR ALIGN=\"LEFT\"/>"));
    for (const std::string& r : trace.violation->related)
      rows += fmt::format("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>",
                          dot_html(shorten(short_paths(r), 140)));
  }
  if (!replay.empty())
    rows += fmt::format("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">replay: {}</FONT></TD></TR>",
                        dot_html(shorten(replay, 120)));
  std::string notes =
      fmt::format("{} events, {} threads", trace.events.size(), trace.threads.size());
  if (g.folded_events > 0) notes += fmt::format("; {} events folded", g.folded_events);
  if (g.first_event > 0) notes += fmt::format("; the first {} events are not drawn", g.first_event);
  rows += fmt::format("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>",
                      dot_html(notes));
  rows += "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">" + legend_html() + "</FONT></TD></TR>";
  return "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\">" + rows + "</TABLE>>";
}

}  // namespace

std::string trace_dot(const Trace& trace, const TraceGraph& g, std::string_view replay) {
  std::string out = "digraph kmc_trace {\n";
  out += fmt::format(
      "  graph [rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.28, fontname={}, fontsize=12, "
      "labelloc=t, labeljust=l, label={}, tooltip={}];\n",
      dot_quote(kFont), title_html(trace, g, replay),
      dot_quote(trace.violation ? short_paths(trace.violation->message) : "no violation"));
  out += fmt::format(
      "  node [fontname={}, fontsize=9, margin=\"0.08,0.03\", height=0.3];\n"
      "  edge [fontname={}, fontsize=8];\n",
      dot_quote(kFont), dot_quote(kFont));
  // Each lane starts with a header node, and the headers share a rank so every lane starts at the
  // top. Lanes are left to right as dot's crossing minimisation places them (it ignores ordering
  // hints between clusters); the headers say which thread each one is.
  std::string headers;
  for (std::size_t t = 0; t < g.lanes.size(); ++t) {
    if (g.lanes[t].empty()) continue;
    const ThreadInfo& info = trace.threads[t];
    const std::string state = info.finished              ? "finished"
                              : !info.blocked_on.empty() ? "blocked at the end"
                                                         : "stopped";
    out += fmt::format(
        "  subgraph cluster_t{} {{\n    label=\"\"; style=\"rounded,filled\"; "
        "fillcolor=\"#fafafa\"; "
        "color=\"#adb5bd\";\n    h{} [shape=plaintext, fontsize=11, label=<<B>{}</B><BR/>"
        "<FONT POINT-SIZE=\"9\">thread {}, {}</FONT>>, kmc_header=\"1\"];\n",
        t, t, dot_html(thread_name(trace, static_cast<ThreadId>(t))), t, state);
    for (std::size_t id : g.lanes[t]) write_node(out, trace, g, id);
    out += fmt::format("    h{} -> {} [style=invis, weight=20, kmc_kind=\"lane\"];\n  }}\n", t,
                       node_id(g, g.lanes[t].front()));
    headers += fmt::format(" h{};", t);
  }
  out += fmt::format("  {{ rank=same;{} }}\n", headers);
  for (const GraphEdge& e : g.edges) write_edge(out, g, e);
  return out + "}\n";
}

}  // namespace kmc::reports
