// Graphviz through libgvc/libcgraph: lays out DOT text and renders it as SVG, in process, offline.
#pragma once

#include <filesystem>
#include <string>

namespace kmc::reports {

// The SVG of `dot` laid out by Graphviz's `dot` engine. Throws std::runtime_error (with
// Graphviz's message) when the text does not parse or cannot be laid out. Safe to call from
// several threads: Graphviz keeps process-wide state, so calls are serialised inside.
[[nodiscard]] std::string render_svg(const std::string& dot);

}  // namespace kmc::reports
