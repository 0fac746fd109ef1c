#include "kmc/check.hpp"

#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "checker/execution.hpp"
#include "checker/program.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "checker/strategies/replay.hpp"
#include "reports/graphs.hpp"
#include "reports/json_report.hpp"
#include "reports/text_report.hpp"

namespace kmc {

namespace {

// The user's function as a Program: it runs in instantiate(), where the execution is current.
class FunctionProgram final : public Program {
 public:
  FunctionProgram(std::function<void()> model, std::string name)
      : model_(std::move(model)), name_(std::move(name)) {}
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution&) const override {
    model_();
    return std::make_unique<ProgramInstance>();
  }
  [[nodiscard]] std::string name() const override { return name_; }

 private:
  std::function<void()> model_;
  std::string name_;
};

[[nodiscard]] StrategyOptions strategy_options(const Options& options) {
  StrategyOptions s;
  s.preemptions = options.preemptions;
  s.seed = options.seed;
  s.pct_depth = options.pct_depth;
  s.executions = options.samples;
  s.replay = options.replay;
  // The factory's names, in the order of enum Search.
  static constexpr const char* kNames[] = {"dpor", "dfs", "bounded", "pct", "random"};
  s.name = kNames[static_cast<std::size_t>(options.search)];
  if (!options.replay.empty()) s.name = "replay";
  return s;
}

}  // namespace

Result check(const Options& options, std::function<void()> model) {
  if (!model) throw UsageError("kmc::check: the model function is empty");
  std::string error;
  const std::unique_ptr<Strategy> strategy = make_strategy(strategy_options(options), error);
  if (!strategy) {
    throw UsageError(
        fmt::format("kmc::check: {}{}", options.replay.empty() ? "" : "replay: ", error));
  }
  const FunctionProgram program(std::move(model), options.name);
  RunOptions run;
  run.max_executions = options.max_executions;
  run.time_limit_s = options.time_limit_s;
  run.keep_going = options.keep_going;
  run.execution.max_steps = options.max_steps;
  run.execution.address_reuse = options.address_reuse;
  run.execution.early_timeouts = options.early_timeouts;
  run.execution.memory_model = options.memory_model;
  RunResult result = Runner(program, *strategy, run).run();
  const auto* replay = dynamic_cast<const ReplayStrategy*>(strategy.get());
  if (replay != nullptr && !replay->error().empty()) {
    throw UsageError("kmc::check: the replay token does not fit this model: " + replay->error());
  }
  return Result(std::move(result));
}

std::string Result::verdict() const {
  return std::string(reports::verdict_of(run_));
}

const Counterexample* Result::find(ViolationKind kind) const {
  for (const Counterexample& c : run_.counterexamples)
    if (c.violation.kind == kind) return &c;
  return nullptr;
}

std::string Result::text() const {
  std::string out;
  for (const Counterexample& c : run_.counterexamples) {
    out += reports::format_counterexample(c, "KMC_REPLAY=" + c.replay);
    out += "\n";
  }
  out += reports::format_summary(run_);
  return out;
}

std::string Result::json() const {
  reports::ResultInfo info;
  info.scenario = run_.program;
  return reports::result_json(run_, info).dump(2);
}

std::vector<std::filesystem::path> Result::write_graphs(const std::filesystem::path& dir) const {
  std::vector<std::filesystem::path> written;
  for (std::size_t i = 0; i < run_.counterexamples.size(); ++i) {
    const Counterexample& c = run_.counterexamples[i];
    const std::filesystem::path folder =
        dir / fmt::format("cex-{}-{}", i + 1, to_string(c.violation.kind));
    reports::write_trace_graph(folder, c);
    if (c.violation.kind == ViolationKind::LockOrder)
      reports::write_lock_graph(folder, run_.lock_graph, c);
    written.push_back(folder);
  }
  return written;
}

std::ostream& operator<<(std::ostream& out, const Result& result) {
  return out << result.text();
}

}  // namespace kmc
