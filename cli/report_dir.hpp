// `--report DIR`: one folder per scenario with trace.txt, result.json and the pictures of each
// counterexample, and DIR/index.html (with DIR/index.json, its rows) over all of them. A folder
// that already holds a kmc report is merged into: its rows stay in the index, and a scenario
// reported again replaces its folder and its row.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "reports/html_index.hpp"

namespace kmc::cli {

// What --help says about reporting into a folder that holds a report.
inline constexpr const char* kReportMergeHelp =
    "A DIR that holds an earlier kmc report is merged into: its scenarios stay in index.html,\n"
    "and a scenario reported again replaces its folder and row. A DIR with an index.html that\n"
    "kmc did not write (no index.json beside it) is refused.";

class ReportDir {
 public:
  explicit ReportDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Reads the rows of an earlier report in DIR (DIR/index.json) so that finish() keeps them.
  // "" or why DIR cannot be reported into (for usage_error, before any work is done).
  [[nodiscard]] std::string open();
  // Writes DIR/<id>/ (id made unique within this run; an earlier report's folder of that id is
  // replaced) with `text` as trace.txt, `json` as result.json, and for each counterexample
  // trace.dot/.svg (the first in the folder itself, the others in a sub-folder named after their
  // kind) and lockgraph.dot/.svg for lock-order ones. Adds `row` (with its dir filled in) to the
  // index. A picture Graphviz cannot draw is a warning on stderr; a file that cannot be written
  // is an error, printed and kept for finish(). `result` may be null (bad input, not run).
  void add(const std::string& id, const std::string& text, const nlohmann::json& json,
           const RunResult* result, reports::IndexRow row);
  // Writes DIR/index.json and DIR/index.html over the earlier report's rows and this run's; false
  // (with a message on stderr) when it cannot or when add() could not write a file (the caller
  // exits kExitInternal).
  [[nodiscard]] bool finish();
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  // The rows the earlier report held that this run did not replace (known after finish()).
  [[nodiscard]] std::size_t kept_rows() const { return kept_; }

 private:
  // Writes one file of the report; records and prints a failure.
  void write(const std::filesystem::path& file, const std::string& text);
  // Draws one counterexample's pictures into `dir`.
  void draw(const std::filesystem::path& dir, const RunResult& result, const Counterexample& cex);

  std::filesystem::path dir_;
  bool failed_ = false;
  std::set<std::string> used_;
  std::vector<reports::IndexRow> earlier_;
  std::vector<reports::IndexRow> rows_;
  std::size_t kept_ = 0;
};

}  // namespace kmc::cli
