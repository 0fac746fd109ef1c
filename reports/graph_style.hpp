// Colours, shapes and text helpers shared by the DOT writers, so both pictures and the legend
// agree.
#pragma once

#include <source_location>
#include <string>
#include <string_view>

#include "checker/event.hpp"
#include "reports/graph_model.hpp"

namespace kmc::reports {

// Metric-compatible families first (Helvetica, Arial, Liberation Sans): Graphviz measures text with
// what fontconfig finds for this list and a browser draws the SVG with the first it has, so labels
// fit their boxes in both. A bare "Helvetica" made Graphviz measure DejaVu Sans instead.
inline constexpr const char* kFont = "Helvetica,Arial,Liberation Sans,sans-serif";
inline constexpr const char* kHighlightColor = "#c92a2a";  // the path into the violation
inline constexpr const char* kViolationFill = "#ffa8a8";
inline constexpr const char* kPreemptColor = "#f08c00";
inline constexpr const char* kFoldFill = "#e9ecef";
inline constexpr const char* kBlockedFill = "#fff3bf";

// How a node is drawn; fade() greys out nodes outside the violation's cone.
struct NodeStyle {
  std::string shape = "box";
  std::string style = "rounded,filled";
  std::string fill = "#ffffff";
  std::string border = "#343a40";
  std::string font = "#000000";
  double penwidth = 1.0;
  void fade();
};

// How an edge is drawn. Program order is heavy (keeps lanes straight), cross edges do not pull.
struct EdgeStyle {
  std::string color;
  std::string style = "solid";
  double penwidth = 1.0;
  int weight = 1;
  bool constraint = true;
  double arrowsize = 0.7;
};

// The fill colour of an event by family: locks, sleep/wakeup, atomics, heap, other.
[[nodiscard]] const char* op_fill(OpKind op);
// The colour of a cross-thread edge kind (also used in the legend).
[[nodiscard]] const char* kind_color(OrderKind kind);
// The style of `e`; `has_violation` fades what is not highlighted.
[[nodiscard]] EdgeStyle edge_style(const GraphEdge& e, bool has_violation);
// The legend row of the trace picture, as a Graphviz HTML-like fragment.
[[nodiscard]] std::string legend_html();
// Whether the event label shows its value (loads, read-modify-writes, choices).
[[nodiscard]] bool shows_value(OpKind op);
// "U670 file.cpp:88": the seed line, then the model file (last two path parts) and line.
[[nodiscard]] std::string where_short(const char* seed, const std::source_location& loc);
// `text` with every path in it ("/work/src/model/fd/fget.cpp:31") cut to its last two parts
// ("fd/fget.cpp:31"), so pictures do not depend on where the model was built.
[[nodiscard]] std::string short_paths(std::string_view text);
// `text` cut to `max` characters with "..." when longer.
[[nodiscard]] std::string shorten(std::string_view text, std::size_t max);
// `text` with `breaker` inserted at spaces so no line exceeds about `width` characters.
[[nodiscard]] std::string wrap(std::string_view text, std::size_t width, std::string_view breaker);

}  // namespace kmc::reports
