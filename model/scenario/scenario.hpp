// A parsed and validated scenario: the model and its configuration, the processes, the setup,
// the threads with their operations, and what the run is expected to find. Plain data: it is
// built by the parser (parser.hpp) and run by ScenarioProgram (program.hpp).
#pragma once

#include <string>
#include <vector>

#include "checker/types.hpp"
#include "model/model_api.hpp"
#include "model/scenario/diagnostics.hpp"

namespace kmc::scenario {

// One argument of an operation: a constant, or a value only known at run time (the value an
// earlier operation returned, or the pid of a declared process).
struct Arg {
  enum class Source : std::uint8_t { Constant, Result, Process };
  Source source = Source::Constant;
  Value value = 0;  // the constant, or the index into Scenario::results / Scenario::processes
};

struct Operation {
  int op = -1;            // index into ModelDescriptor::ops
  std::vector<Arg> args;  // one per OpSpec argument (omitted optional ones hold their fallback)
  int result = -1;        // index into Scenario::results bound by `-> NAME`, or -1
  std::string text;       // the operation as written ("dup2 a 1 -> b"), for traces
  std::string where;      // "FILE:LINE", the Site seed of the events the scenario itself makes
  Pos pos;
};

// Where a thread runs: process 1, a declared process, or the process an operation returned.
struct Placement {
  enum class Kind : std::uint8_t { Main, Process, Result };
  Kind kind = Kind::Main;
  int index = -1;  // into Scenario::processes or Scenario::results
};

struct ThreadSpec {
  std::string name;
  Placement in;
  std::vector<Operation> ops;
  bool allow_blocked = false;  // may end blocked (a legal blocked end state)
  Pos pos;
};

// A name bound by `-> NAME`: who binds it (thread index, or -1 for setup).
struct ResultSpec {
  std::string name;
  int thread = -1;
  Pos pos;
};

struct Expectation {
  bool violation = false;
  std::vector<ViolationKind> kinds;  // for a violation: every kind expected, sorted, unique
  Pos pos;
};

struct Scenario {
  std::string file;         // as given to the parser
  std::string name;         // file name without directory and extension
  std::string description;  // the comment lines at the top of the file
  const model::ModelDescriptor* model = nullptr;
  model::ModelConfig config;         // every parameter set (defaults filled in), variants, options
  bool biglock = false;              // option biglock: switch threads only where they sleep
  std::vector<std::string> options;  // every `option` word set, in the order first written
  std::uint32_t early_timeouts = 0;  // option early-timeouts[=N]: early sleeps per thread
  std::vector<std::string>
      processes;  // `process NAME`, created in this order (pids from create_process)
  std::vector<Operation> setup;
  std::vector<ThreadSpec> threads;
  std::vector<ResultSpec> results;
  std::vector<std::string> strings;  // interned Name arguments (the model receives the index)
  Expectation expect;
};

// "pass" or "violation K1 K2".
[[nodiscard]] std::string to_string(const Expectation& e);

// Switches on a variant of the scenario's model (kmc run --variant); false with `error` set
// when the model has no such variant.
[[nodiscard]] bool add_variant(Scenario& s, const std::string& variant, std::string& error);

}  // namespace kmc::scenario
