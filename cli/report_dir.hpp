// `--report DIR`: one folder per scenario with trace.txt, result.json and the pictures of each
// counterexample, and DIR/index.html over all of them.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "reports/html_index.hpp"

namespace kmc::cli {

class ReportDir {
 public:
  explicit ReportDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Writes DIR/<id>/ (id made unique within this report) with `text` as trace.txt, `json` as
  // result.json, and for each counterexample trace.dot/.svg (the first in the folder itself, the
  // others in a sub-folder named after their kind) and lockgraph.dot/.svg for lock-order ones.
  // Adds `row` (with its dir filled in) to the index. A picture Graphviz cannot draw is a warning
  // on stderr; a file that cannot be written is an error, printed and kept for finish().
  void add(const std::string& id, const std::string& text, const nlohmann::json& json,
           const RunResult* result, reports::IndexRow row);
  // Writes DIR/index.html; false (with a message on stderr) when it cannot or when add() could
  // not write a file (the caller exits kExitInternal).
  [[nodiscard]] bool finish();
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  // Writes one file of the report; records and prints a failure.
  void write(const std::filesystem::path& file, const std::string& text);
  // Draws one counterexample's pictures into `dir`.
  void draw(const std::filesystem::path& dir, const RunResult& result, const Counterexample& cex);

  std::filesystem::path dir_;
  bool failed_ = false;
  std::set<std::string> used_;
  std::vector<reports::IndexRow> rows_;
};

}  // namespace kmc::cli
