// The HTML index of a report folder, drawn from a Mustache template: one self-contained page
// (inline CSS, pictures embedded as data URIs, no external resources) with one row per scenario,
// opened straight from disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kmc::reports {

// One scenario of a run, as the index shows it. `dir` is the scenario's folder relative to the
// index (it holds trace.txt, result.json and, for a violation, trace.svg / lockgraph.svg).
struct IndexRow {
  std::string scenario, model, verdict, expectation, kind, dir;
  std::uint64_t executions = 0;
  double seconds = 0;
  bool matched = true;
  bool violation = false;  // the run found a violation (whatever it expected)
};

// What the summary line of the page says, counted from the rows.
struct IndexCounts {
  std::size_t total = 0, with_violation = 0, incomplete = 0, matched = 0;
};
[[nodiscard]] IndexCounts count_rows(const std::vector<IndexRow>& rows);

// Writes DIR/index.html: one row per scenario linking to DIR/<row.dir>/trace.txt, result.json and
// the SVGs; the SVGs found on disk are also embedded so the page alone shows them.
// Throws WriteError (checker/output_file.hpp) when the file cannot be written.
void write_index(const std::filesystem::path& dir, const std::vector<IndexRow>& rows);

// The page write_index writes (reads the SVGs under `dir` to embed them).
[[nodiscard]] std::string index_html(const std::filesystem::path& dir,
                                     const std::vector<IndexRow>& rows);

namespace detail {
// The Mustache template of the page (html_index_template.cpp).
[[nodiscard]] const char* index_template();
}  // namespace detail

// Text escaped for HTML element content and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);
// A relative path as a URL path: unreserved characters and '/' kept, the rest percent-encoded.
[[nodiscard]] std::string url_path(std::string_view path);
// Standard base64 (RFC 4648, with padding).
[[nodiscard]] std::string base64(std::string_view bytes);

}  // namespace kmc::reports
