// A run result as JSON (DESIGN §4): scenario, strategy, verdict, executions, complete, blocked,
// elapsed_s and violations[] with kind, message, replay token and trace. The fields are
// documented in scenarios/README.md ("JSON results").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "reports/text_report.hpp"

namespace kmc::reports {

// What the result does not know about itself: where it came from and what was expected.
struct ResultInfo {
  std::string scenario;     // name ("dup2_race")
  std::string file;         // the scenario file, as given
  std::string model;        // "fd", ... (empty for a benchmark)
  std::string stop_reason;  // why an interrupted run stopped ("time limit", "interrupted", ...)
  std::optional<double> estimated_total;   // the strategy's estimate of all executions, if any
  std::optional<std::string> expectation;  // `kmc test`: the scenario's expectation
  std::optional<bool> matched;             // `kmc test`: whether the verdict matched it
  // Per counterexample (same order), the scenario operations of its trace; may be empty.
  std::vector<std::vector<OpMark>> marks;
};

// One event: index, thread (name), thread_id, op, object, seed, file, line, value.
[[nodiscard]] nlohmann::json event_json(const Event& e, std::size_t index, const Trace& trace);

// One violation with its trace (and scenario operations when `marks` is not empty).
[[nodiscard]] nlohmann::json counterexample_json(const Counterexample& cex,
                                                 const std::vector<OpMark>& marks);

// The version of the shape of kmc's JSON documents (docs/result.schema.json describes the
// results of run and test). 2: `run --json` always an object with `results`; every document
// stamped. 3: a read-modify-write event carries `before` (a schema-2 reader that ignores unknown
// fields reads schema 3 unchanged).
inline constexpr int kSchemaVersion = 3;

// {"name": "kmc", "version": "0.1", "commit": "1a2b3c4d5e6f"} (checker/version.hpp).
[[nodiscard]] nlohmann::json tool_json();

// `document` with "schema_version" and "tool" added when it is an object (every document kmc
// writes: --json of each verb, result.json and index.json of a report).
[[nodiscard]] nlohmann::json stamped(nlohmann::json document);

// The whole result object.
[[nodiscard]] nlohmann::json result_json(const RunResult& r, const ResultInfo& info);

}  // namespace kmc::reports
