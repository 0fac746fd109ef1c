// Test helpers for the kq model: exhaustive runs of scenario text through the scenario layer, and
// a program of lambda threads over one composed World (fd + kq [+ sem]) for small unit tests.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checker/primitives/sleep.hpp"
#include "checker/program.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/cross/descriptors.hpp"
#include "model/cross/world.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/explore.hpp"

namespace kmc::kq::testing {

using kmc::testing::explore;
using kmc::testing::Outcome;

// Parses scenario text; fails the test (and returns nullptr) on a parse error.
inline std::unique_ptr<scenario::ScenarioProgram> parse(const std::string& text) {
  scenario::ParseResult r = scenario::parse_scenario(text, "test.scn");
  for (const auto& d : r.errors) ADD_FAILURE() << d.format();
  if (!r.scenario) return nullptr;
  return std::make_unique<scenario::ScenarioProgram>(std::move(*r.scenario));
}

// Runs scenario text exhaustively (DPOR unless told) and returns the kinds found.
inline Outcome run_text(const std::string& text, const std::string& strategy = "dpor") {
  auto p = parse(text);
  if (!p) return {};
  return explore(*p, strategy, p->execution_options({}));
}

// One operation of the composed world, called from a model thread in process `pid`.
inline Value op(cross::World& w, cross::WorldOp which, std::vector<Value> args, Value pid = 1) {
  const auto& ops = cross::cross_descriptor().ops;
  const auto index = static_cast<std::size_t>(which);
  for (std::size_t i = args.size(); i < ops[index].args.size(); ++i)
    args.push_back(ops[index].args[i].fallback);
  model::OpCall call;
  call.op = static_cast<int>(which);
  call.args = std::move(args);
  call.pid = pid;
  return w.invoke(call);
}

// A program of lambda threads over one World with the cross model's defaults (changed by
// `tweak`); `setup` runs first on its own thread, then the threads start together.
using WorldFn = std::function<void(cross::World&)>;

class WorldProgram final : public Program {
 public:
  WorldProgram(std::function<void(cross::WorldConfig&)> tweak, WorldFn setup,
               std::vector<WorldFn> threads)
      : tweak_(std::move(tweak)), setup_(std::move(setup)), threads_(std::move(threads)) {}

  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto in = std::make_unique<Instance>();
    cross::WorldConfig config;
    config.kq.kq_nevents = 4;
    config.with_sem = true;
    if (tweak_) tweak_(config);
    in->world = std::make_unique<cross::World>(ex, config);
    in->started = std::make_unique<Latch>(ex, "setup-done");
    cross::World* w = in->world.get();
    Latch* started = in->started.get();
    ex.spawn("setup", [this, w, started] {
      if (setup_) setup_(*w);
      started->set("setup done");
    });
    for (std::size_t i = 0; i < threads_.size(); ++i) {
      ex.spawn("T" + std::to_string(i + 1), [this, w, started, i] {
        started->wait("wait for setup");
        threads_[i](*w);
      });
    }
    return in;
  }
  [[nodiscard]] std::string name() const override { return "kq-lambda"; }

 private:
  struct Instance final : ProgramInstance {
    std::unique_ptr<cross::World> world;
    std::unique_ptr<Latch> started;
  };
  std::function<void(cross::WorldConfig&)> tweak_;
  WorldFn setup_;
  std::vector<WorldFn> threads_;
};

}  // namespace kmc::kq::testing
