// Reads scenario files (scenarios/FORMAT.md) and validates them against the models' descriptors.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_api.hpp"
#include "model/scenario/diagnostics.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::scenario {

struct ParseResult {
  std::optional<Scenario> scenario;  // set only when there are no errors
  std::vector<Diagnostic> errors;    // every error found, in file order
};

// Parses `text` as the contents of `file`, validating model, parameters, variants, operations
// and argument kinds against `models`. Never throws (except std::bad_alloc) and never crashes on
// any input; every problem is a Diagnostic with its line and column.
[[nodiscard]] ParseResult parse_scenario(
    std::string_view text, const std::string& file,
    const std::vector<const model::ModelDescriptor*>& models = model::all_models());

// Every word an `option` line accepts (address-reuse, fault-injection, biglock, ...).
[[nodiscard]] const std::vector<std::string>& scenario_options();

// Reads and parses a file; a file that cannot be read is a whole-file Diagnostic.
[[nodiscard]] ParseResult load_scenario(
    const std::filesystem::path& path,
    const std::vector<const model::ModelDescriptor*>& models = model::all_models());

// Every `*.scn` file under `dir` (recursively), sorted by path; `error` is set when `dir` is not
// a readable directory.
[[nodiscard]] std::vector<std::filesystem::path> find_scenarios(const std::filesystem::path& dir,
                                                                std::string& error);

// Files larger than this are refused (a scenario is a few dozen lines).
inline constexpr std::size_t kMaxScenarioBytes = 1 << 20;
// Threads a scenario may declare (the engine's limit, less the setup thread).
inline constexpr std::size_t kMaxScenarioThreads = 60;

}  // namespace kmc::scenario
