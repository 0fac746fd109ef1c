#include "checker/runner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "checker/replay_token.hpp"
#include "checker/stack_pool.hpp"
#include "checker/strategies/replay.hpp"

namespace kmc {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::uint32_t count_preemptions(const Trace& trace) {
  // A switch away from a thread that runs again later (it was not finished or blocked for good).
  std::uint32_t n = 0;
  for (std::size_t i = 1; i < trace.events.size(); ++i) {
    const ThreadId prev = trace.events[i - 1].thread;
    if (trace.events[i].thread == prev) continue;
    for (std::size_t k = i + 1; k < trace.events.size(); ++k) {
      if (trace.events[k].thread == prev) {
        ++n;
        break;
      }
    }
  }
  return n;
}

namespace {

bool same_events(const Trace& a, const Trace& b) {
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    if (x.thread != y.thread || x.op != y.op || x.object != y.object || x.value != y.value) {
      return false;
    }
  }
  return true;
}
}  // namespace

Runner::Runner(const Program& program, Strategy& strategy, RunOptions options)
    : program_(program), strategy_(strategy), options_(std::move(options)) {
  // The execution must know: under keep-going a survivable violation does not end it.
  options_.execution.keep_going = options_.keep_going;
  if (strategy_.follows_given_schedule()) options_.execution.symmetry = false;
}

void Runner::add_counterexample(RunResult& result, const Trace& trace, const Violation& v,
                                std::uint64_t execution) {
  for (const Counterexample& c : result.counterexamples) {
    if (c.violation.kind == v.kind &&
        (v.kind != ViolationKind::LockOrder || c.violation.message == v.message)) {
      return;
    }
  }
  Counterexample cex;
  cex.violation = v;
  cex.trace = trace;
  cex.trace.violation = v;
  cex.replay = encode_token(schedule_of(trace), program_.fingerprint());
  cex.execution = execution;
  cex.preemptions = count_preemptions(trace);
  if (options_.verify_replay) verify(cex);
  result.counterexamples.push_back(std::move(cex));
}

void Runner::verify(const Counterexample& cex) {
  const Trace again = replay_once(program_, cex.replay, options_.execution);
  if (!same_events(again, cex.trace)) {
    throw ReplayMismatch{fmt::format(
        "engine error: replaying the counterexample ({}) gave a different execution ({} events "
        "instead of {}); the program is not deterministic",
        to_string(cex.violation.kind), again.events.size(), cex.trace.events.size())};
  }
  if (cex.violation.kind == ViolationKind::LockOrder) return;
  // A survivable violation need not be the one that stopped the execution (nothing may have).
  if (!again.records(cex.violation.kind)) {
    throw ReplayMismatch{fmt::format(
        "engine error: replaying the {} counterexample gave {}", to_string(cex.violation.kind),
        again.violation ? std::string(to_string(again.violation->kind)) : "no violation")};
  }
}

RunResult Runner::run() {
  RunResult result;
  result.program = program_.name();
  result.strategy = std::string(strategy_.name());
  StackPool stacks;
  std::vector<Event> event_buffer;
  const auto start = Clock::now();
  auto last_progress = start;
  std::uint64_t attempts = 0;
  Deadline deadline;
  deadline.set_after(options_.time_limit_s);
  if (options_.not_after) deadline.set_at(*options_.not_after);
  deadline.set_stop(options_.stop);
  deadline.set_check_budget(options_.deadline_checks);
  strategy_.set_deadline(&deadline);
  // The strategy outlives this call: it must not keep the address of `deadline`, even when an
  // exception (ReplayMismatch) leaves.
  struct Forget {
    Strategy& s;
    ~Forget() { s.set_deadline(nullptr); }
  } forget{strategy_};
  for (;;) {
    if (deadline.passed_now()) {
      result.interrupted = true;
      break;
    }
    if (options_.max_executions != 0 && result.stats.executions >= options_.max_executions) {
      result.interrupted = true;
      break;
    }
    if (!strategy_.begin_execution()) {
      // A strategy that stopped for the deadline has explored only part of the space.
      result.complete = strategy_.exhaustive() && !deadline.was_passed();
      result.interrupted = deadline.was_passed();
      break;
    }
    ++attempts;
    result.lock_graph.set_execution(result.stats.executions + 1);
    Execution ex(program_, strategy_, result.lock_graph, stacks, options_.execution);
    ex.adopt_event_buffer(std::move(event_buffer));
    const ExecutionEnd end = ex.run();
    result.stats.symmetric_threads =
        std::max(result.stats.symmetric_threads, ex.symmetric_threads());
    const Trace& trace = ex.trace();
    strategy_.end_execution(trace, end == ExecutionEnd::Abandoned);
    if (end == ExecutionEnd::Abandoned) {
      ++result.stats.blocked;
    } else {
      ++result.stats.executions;
      result.stats.events += trace.events.size();
      for (const Violation& v : ex.lock_order_violations()) {
        add_counterexample(result, trace, v, result.stats.executions);
      }
      for (const Violation& v : trace.survived)
        add_counterexample(result, trace, v, result.stats.executions);
      if (trace.violation)
        add_counterexample(result, trace, *trace.violation, result.stats.executions);
      if (options_.on_execution) options_.on_execution(trace);
    }
    event_buffer = ex.release_event_buffer();
    if (!options_.keep_going && result.violated()) break;
    if (options_.progress && (attempts & 63) == 0) {
      const auto now = Clock::now();
      if (std::chrono::duration<double>(now - last_progress).count() >=
          options_.progress_interval_s) {
        last_progress = now;
        result.stats.elapsed_s = seconds_since(start);
        options_.progress(result, strategy_.estimated_total());
      }
    }
  }
  result.stats.disabled_branches = strategy_.anomalies();
  result.stats.elapsed_s = seconds_since(start);
  return result;
}

Trace replay_once(const Program& program, const std::string& token,
                  const ExecutionOptions& options) {
  std::string error;
  auto schedule = decode_token(token, error);
  if (!schedule) throw std::invalid_argument(error);
  ReplayStrategy strategy(std::move(*schedule));
  LockGraph graph;
  StackPool stacks;
  if (!strategy.begin_execution()) throw std::logic_error("replay strategy refused to start");
  ExecutionOptions unreduced = options;
  unreduced.symmetry = false;  // a replay follows its schedule (Strategy::follows_given_schedule)
  Execution ex(program, strategy, graph, stacks, unreduced);
  const ExecutionEnd end = ex.run();
  Trace trace = ex.take_trace();
  strategy.end_execution(trace, end == ExecutionEnd::Abandoned);
  if (!strategy.error().empty()) {
    throw std::invalid_argument("the replay token does not fit this scenario: " + strategy.error());
  }
  for (const Violation& v : ex.lock_order_violations()) {
    if (!trace.violation) trace.violation = v;
  }
  return trace;
}

}  // namespace kmc
