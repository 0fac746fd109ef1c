// What a verify run shows: the coverage matrix (per setup and configuration point, every pair of
// actions in different threads: proved, violation with its findings, unfinished), the findings by
// signature (known ones named, new ones first with their smallest scenario), as JSON and text.
// Nothing in the matrix depends on timing or on the number of jobs.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"
#include "verify/verifier.hpp"

namespace kmc::verify {

// One signature seen in the run.
struct FindingRow {
  std::string signature;
  std::string known;         // the finding id it matches ("fd-1"), or "" when new
  std::size_t smallest = 0;  // index of the smallest case that shows it (fewest actions, first)
  std::size_t cases = 0;     // how many cases show it
  Found example;             // the violation in the smallest case
  std::string file;          // DIR/found/<signature>.scn once written
};

struct VerifyReport {
  const Catalogue* catalogue = nullptr;
  std::string bound;
  std::string config_space;
  std::vector<int> configs;
  std::vector<Case> cases;
  std::vector<CaseResult> results;
  std::vector<FindingRow> findings;  // new first, then known; each by signature
};

// Fills `findings` from the results and the known signatures (signature -> finding id).
void collect_findings(VerifyReport& r, const std::map<std::string, std::string>& known);

// The matrix and everything else as JSON (schema "kmc-verify/1").
[[nodiscard]] nlohmann::json report_json(const VerifyReport& r);

// Writes DIR/found/<signature>.scn for each new finding (its smallest case, expecting what it
// shows, with the replay command in a comment) and sets FindingRow::file. False with `error`.
[[nodiscard]] bool write_found(VerifyReport& r, const std::filesystem::path& dir,
                               std::string& error);

// Counts by status, the findings (new first) and each unfinished or erroneous case, for a terminal.
[[nodiscard]] std::string report_text(const VerifyReport& r);

}  // namespace kmc::verify
