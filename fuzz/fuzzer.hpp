// The fuzz loop: RapidCheck generates scenarios for a model, each is model-checked with the
// property "no violation"; a failure is shrunk by RapidCheck (same violation kind), then to a
// local minimum (minimise.hpp), its schedule minimised, and the result written as a scenario file
// that replays it. The time budget holds throughout: when it ends (or a stop comes) while
// shrinking, the smallest failing scenario so far is written with the counterexample already
// found, so a run ends at most one execution past its budget plus the time to write and replay
// one counterexample.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/check.hpp"
#include "fuzz/config.hpp"
#include "fuzz/gen.hpp"
#include "model/model_api.hpp"

namespace kmc::fuzz {

struct FuzzOptions {
  const model::ModelDescriptor* model = nullptr;  // required
  Shape shape;
  std::uint64_t runs = 0;  // scenarios to check (0: until `seconds`)
  double seconds = 0;      // time budget (0: until `runs`); one of the two must be set
  std::uint64_t seed = 1;
  // limits.known: counterexamples to look past (--ignore, --known); limits.stop: when set, the
  // loop ends early (a find being shrunk is still finished and written).
  CheckLimits limits;
  std::vector<std::string> variants;  // switched on in every scenario
  std::filesystem::path out = "fuzz-out";
  std::string reproduce;              // a RapidCheck reproduce string printed by an earlier run
  std::optional<ViolationKind> only;  // count only violations of this kind as failures
  std::function<void(const std::string&)> log;  // progress lines (may be empty)
  std::string name;  // the written file's name before KIND.scn (default: "MODEL-")
  // Tests: the budget ends after this many scenario checks (generating, shrinking and minimising
  // alike), exactly as `seconds` would end it, but deterministically; 0: no such limit.
  std::uint64_t max_checks = 0;
};

struct FuzzReport {
  bool found = false;
  bool interrupted = false;    // limits.stop was set: the budget was not spent
  std::string error;           // bad input or an engine error (nothing else is valid then)
  std::uint64_t runs = 0;      // scenarios checked (up to and including the first failing one)
  std::uint64_t harness = 0;   // of those, how many broke a harness rule (not findings)
  std::uint64_t contract = 0;  // of those, how many failed a guarded call (not findings)
  std::uint64_t known = 0;     // of those, how many showed only known findings
  ConfigStats config;          // thread counts and non-default settings of the scenarios checked
  double seconds_to_find = 0;  // from the start to the first failing scenario
  double seconds = 0;          // the whole fuzz run, shrinking and writing included
  ViolationKind kind = ViolationKind::Assertion;
  std::string message;               // the violation's message
  std::vector<ViolationKind> kinds;  // every kind the shrunk scenario shows (its expect line)
  int shrink_steps = 0;  // smaller failing scenarios kept (by RapidCheck, then by minimise.hpp)
  // The shrunk scenario is 1-minimal: no single thread or operation can be removed from it and
  // still fail the same way (minimise.hpp). False when the budget ended first: it is then the
  // smallest failing scenario found so far, written all the same.
  bool minimal = false;
  int threads = 0, ops = 0;  // size of the shrunk scenario (ops: setup + threads)
  std::uint32_t preemptions = 0;
  std::size_t trace_events = 0;
  RawScenario first;           // the first failing raw scenario, before shrinking
  RawScenario raw;             // the shrunk raw scenario (its config choices, 0 the default)
  std::string token;           // the minimised schedule
  bool keep_going = false;     // the token replays only with --keep-going (check.hpp)
  std::string reproduce;       // RapidCheck's reproduce string (FuzzOptions::reproduce)
  std::filesystem::path file;  // the scenario written
  std::string text;            // its contents
};

// Runs the fuzz loop. Never throws for bad input: `error` says what is wrong.
[[nodiscard]] FuzzReport run_fuzz(const FuzzOptions& options);

// A campaign: fuzz loops of `options.seconds` in all, one after the other with seeds seed,
// seed+1, ...; after each find its generalised pattern (generalise()) joins the known ones, so
// the next loop looks past it. Files are written as MODEL-ROUND-KIND.scn. `on_find` is called after
// each loop that found something. Returns every loop's report (the last one may have found
// nothing); stops early on an error.
struct CampaignReport {
  std::vector<FuzzReport> finds;
  std::vector<std::string> patterns;  // the patterns added, one per find
  std::uint64_t runs = 0, harness = 0, contract = 0, known = 0;
  ConfigStats config;  // over every round
  double seconds = 0;
  std::string error;
  bool interrupted = false;  // limits.stop was set before the budget was spent
};
[[nodiscard]] CampaignReport run_campaign(const FuzzOptions& options,
                                          const std::function<void(const FuzzReport&)>& on_find);

}  // namespace kmc::fuzz
