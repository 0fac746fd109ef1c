// The coverage matrix of a verify run as an HTML heat map: per setup and configuration point, a
// grid of action A (rows, lower-numbered thread) by action B (columns) coloured by the cell's
// state, with its counts in the cell's tooltip and data attributes, and links to the found/*.scn
// of new findings. One self-contained file (inline CSS, no script, nothing fetched), rendered
// from a Mustache template (kainjow/mustache) over the kmc-verify/1 JSON, so that the page and
// the JSON cannot disagree.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace kmc::verify {

// The page's name inside a --report folder.
inline constexpr const char* kHeatmapFile = "matrix.html";

// The page for `report` (the output of report_json). Cell states: proved, violation, unfinished,
// contract, error, and none (the pair is in no scenario of the bound); on a symmetric setup the
// cell below the diagonal mirrors the one above it and carries class `mirror`.
[[nodiscard]] std::string heatmap_html(const nlohmann::json& report);

// Writes heatmap_html(report) to DIR/matrix.html; false with `error`.
[[nodiscard]] bool write_heatmap(const nlohmann::json& report, const std::filesystem::path& dir,
                                 std::string& error);

namespace detail {
// The Mustache template of the page (heatmap_template.cpp).
[[nodiscard]] const char* heatmap_template();
}  // namespace detail

}  // namespace kmc::verify
