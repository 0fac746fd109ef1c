// Test helpers for the sem model: a program whose threads are lambdas over one SemModel, and a
// function that explores it exhaustively and reports the violation kinds found.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checker/program.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/sem/sem_api.hpp"
#include "tests/explore.hpp"

namespace kmc::model::sem::testing {

// What a test thread does; it runs on a model thread with the execution's SemModel.
using ThreadFn = std::function<void(SemModel&)>;

struct TestThread {
  Value pid = 1;  // informational: the lambda passes pids itself
  ThreadFn body;
  bool allow_blocked = false;
};

// Processes 1..processes exist from the start; each thread is spawned before the run begins.
struct SemCase {
  SemConfig config;
  int processes = 1;
  std::vector<TestThread> threads;
  std::vector<Value> lwps;       // processes with several threads (SemModel::add_thread)
  std::function<void()> at_end;  // runs at the end of every execution that finishes (optional)
};

class SemCaseProgram final : public Program {
 public:
  explicit SemCaseProgram(SemCase c) : case_(std::move(c)) {}

  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto in = std::make_unique<Instance>();
    in->model = std::make_unique<SemModel>(ex, case_.config);
    for (int p = 1; p <= case_.processes; ++p) in->model->add_process(p);
    for (const Value p : case_.lwps) in->model->add_thread(p);
    SemModel* m = in->model.get();
    for (std::size_t t = 0; t < case_.threads.size(); ++t) {
      const TestThread& spec = case_.threads[t];
      const ThreadId id = ex.spawn("T" + std::to_string(t + 1), [m, &spec] { spec.body(*m); });
      if (spec.allow_blocked) ex.allow_blocked_at_end(id);
    }
    if (case_.at_end) {
      ex.add_end_check([this]() -> std::optional<Violation> {
        case_.at_end();
        return std::nullopt;
      });
    }
    return in;
  }
  [[nodiscard]] std::string name() const override { return "sem-test"; }

 private:
  struct Instance : ProgramInstance {
    std::unique_ptr<SemModel> model;
  };
  SemCase case_;
};

using kmc::testing::explore;
using kmc::testing::Outcome;

inline Outcome explore(SemCase c, const std::string& strategy = "dpor",
                       ExecutionOptions options = {}) {
  SemCaseProgram program(std::move(c));
  return explore(program, strategy, options);
}

}  // namespace kmc::model::sem::testing
