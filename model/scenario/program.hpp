// A scenario as an engine program: every execution builds a fresh model instance, the declared
// processes, a setup thread and the scenario's threads, and runs their operations.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/program.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::scenario {

// Where one scenario operation sits in an execution's trace (for annotating a printed trace).
struct OpRecord {
  ThreadId thread = kNoThread;
  std::int32_t first_event = 0;  // index in Trace::events of the first event after the call began
  std::int32_t end_event = -1;   // index just past the call's last event; -1 if it never returned
  std::string text;              // the operation as written in the scenario
  std::string where;             // "FILE:LINE"
  Value result = 0;              // what the operation returned (when it returned)
  std::string result_text;       // the result as people read it ("-EBADF", "EINTR", "3")
};

class ScenarioProgram final : public Program {
 public:
  // Requires a validated scenario (from parse_scenario) whose model has a `create` function.
  explicit ScenarioProgram(Scenario scenario);

  // Creates the model instance and processes, spawns the threads, registers allowed blocked ends.
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override;
  [[nodiscard]] std::string name() const override { return scenario_.name; }
  // scenario::fingerprint (fingerprint.hpp) of the scenario: what its replay tokens depend on.
  [[nodiscard]] std::string fingerprint() const override;
  [[nodiscard]] const Scenario& scenario() const { return scenario_; }

  // `base` with what the scenario's options ask of the engine (address reuse, biglock, early
  // timeouts).
  [[nodiscard]] ExecutionOptions execution_options(ExecutionOptions base) const;

  // While set, each execution clears `sink` and records its operations' places in it; meant for
  // a single replayed execution (the records of a search would be overwritten each time).
  void record_operations(std::vector<OpRecord>* sink) { records_ = sink; }

 private:
  struct Instance;
  void run_thread(Execution& ex, Instance& in, int thread) const;
  void run_setup(Execution& ex, Instance& in) const;
  void spawn_thread(Execution& ex, Instance& in, int thread) const;
  // Tells the model of every scenario thread beyond the first of its process (before any runs).
  void add_sibling_threads(Instance& in) const;
  void run_op(Execution& ex, Instance& in, const Operation& op, Value pid) const;

  Scenario scenario_;
  std::vector<bool> latched_;  // per result: threads wait for it to be bound by another thread
  std::vector<int> leaders_;   // per thread: the earlier identical thread (symmetry.hpp) or -1
  std::vector<OpRecord>* records_ = nullptr;
};

}  // namespace kmc::scenario
