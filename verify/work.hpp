// verify's unit of work: one scenario to explore with DPOR (a case of the bound, or a scenario of a
// known finding), self-contained so that it can be run by a thread here or by another MPI rank, and
// the serialisation of items and results for sending them between processes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"
#include "verify/signature.hpp"
#include "verify/verifier.hpp"

namespace kmc::verify {

// One scenario to explore; whoever runs it needs nothing else (no catalogue, no files).
struct WorkItem {
  std::uint32_t id = 0;              // index in the run's item list; the result comes back under it
  std::string name;                  // for parse messages: "verify-case-12", a scenario path
  std::string text;                  // the scenario file text
  double seconds = 60;               // exploration limit: past it the result is unfinished
  std::uint64_t max_executions = 0;  // 0 = no cap
  // A schedule prefix: the thread chosen at each of the first scheduling points, so that one big
  // scenario's exploration can later be split into subtrees, each an item of its own. Empty (every
  // item today) explores the whole scenario; run_item refuses a non-empty prefix (status error)
  // until the engine can start DPOR below one.
  std::vector<std::uint32_t> prefix;
};

// An item's outcome as it travels back to the process that owns the run.
struct ItemResult {
  std::uint32_t id = 0;
  CaseResult result;
  double seconds = 0;  // how long it ran here (for batch sizes; never sent, never reported)
};

// Explores `item` with DPOR and keep-going (run_case), `stop` or `not_after` (the end of the
// whole run's --time-limit) ending it early.
[[nodiscard]] CaseResult run_item(
    const WorkItem& item, const std::atomic<bool>* stop,
    std::optional<std::chrono::steady_clock::time_point> not_after = std::nullopt);

// JSON forms (sent as MessagePack between MPI ranks).
[[nodiscard]] nlohmann::json to_json(const WorkItem& item);
[[nodiscard]] WorkItem item_from_json(const nlohmann::json& j);
[[nodiscard]] nlohmann::json to_json(const ItemResult& r);
[[nodiscard]] ItemResult result_from_json(const nlohmann::json& j);

// A known finding's scenario among the items of a run.
struct KnownItem {
  std::string finding;  // "fd-1"
  std::string path;
};

// The items of a verify run: cases[i] is item i (rendered, with `options`' per-scenario limits),
// then each readable scenario file the known findings name (30 s each, no execution cap) whose
// model can run `c`'s model code (its own, cross, or kq for fd: the others cannot show its
// signatures), in file order, described in `known`; files that cannot be read are named in
// `unreadable`.
[[nodiscard]] std::vector<WorkItem> make_items(const Catalogue& c, const std::vector<Case>& cases,
                                               const std::vector<KnownFinding>& findings,
                                               const VerifyOptions& options,
                                               std::vector<KnownItem>& known,
                                               std::vector<std::string>& unreadable);

// The order to hand items out in: known-finding scenarios first, then cases with more actions
// first (the expensive ones; cheap ones fill the gaps at the end), ties by id; with
// `fewest_first`, the cheap ones first (a run that stops at its first difference finds it sooner).
// Only the schedule depends on it, never a result.
[[nodiscard]] std::vector<std::uint32_t> dispatch_order(const std::vector<Case>& cases,
                                                        std::size_t items,
                                                        bool fewest_first = false);

// The known signatures (signature -> finding id, the first finding in file order winning) from the
// results of the known items, which follow the cases' results (`first` is the first known item's
// id). Scenarios that did not run or did not parse are named in `skipped`.
[[nodiscard]] std::map<std::string, std::string> known_from_results(
    const std::vector<KnownItem>& known, const std::vector<CaseResult>& results, std::size_t first,
    std::vector<std::string>& skipped);

}  // namespace kmc::verify
