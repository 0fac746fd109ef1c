#include "model/scenario/program.hpp"

#include <algorithm>
#include <map>

#include "checker/primitives/sleep.hpp"
#include "model/scenario/fingerprint.hpp"
#include "model/scenario/symmetry.hpp"

namespace kmc::scenario {
// The state of one execution: the model, the values bound by `-> NAME`, and process pids.
struct ScenarioProgram::Instance final : ProgramInstance {
  std::unique_ptr<model::ModelInstance> model;
  std::vector<Value> results;
  std::vector<Value> pids;
  std::vector<std::unique_ptr<Latch>> bound;  // per latched result: set once it is bound
  std::vector<ThreadId> ids;                  // per scenario thread, once spawned
  std::vector<OpRecord>* records = nullptr;
};

ScenarioProgram::ScenarioProgram(Scenario scenario)
    : scenario_(std::move(scenario)),
      latched_(scenario_.results.size(), false),
      leaders_(symmetry_leaders(scenario_)) {
  for (const ThreadSpec& t : scenario_.threads)
    if (t.in.kind == Placement::Kind::Result && scenario_.results[t.in.index].thread >= 0)
      latched_[t.in.index] = true;
}

std::string ScenarioProgram::fingerprint() const {
  return scenario::fingerprint(scenario_);
}

ExecutionOptions ScenarioProgram::execution_options(ExecutionOptions base) const {
  base.address_reuse = base.address_reuse || scenario_.config.address_reuse;
  base.biglock = base.biglock || scenario_.biglock;
  base.early_timeouts = std::max(base.early_timeouts, scenario_.early_timeouts);
  return base;
}

std::unique_ptr<ProgramInstance> ScenarioProgram::instantiate(Execution& ex) const {
  auto in = std::make_unique<Instance>();
  in->model = scenario_.model->create(ex, scenario_.config);
  for (std::size_t p = 0; p < scenario_.processes.size(); ++p)
    in->pids.push_back(in->model->create_process());
  in->results.assign(scenario_.results.size(), 0);
  in->bound.resize(scenario_.results.size());
  in->ids.assign(scenario_.threads.size(), kNoThread);
  for (std::size_t r = 0; r < scenario_.results.size(); ++r)
    if (latched_[r])
      in->bound[r] = std::make_unique<Latch>(ex, "bound:" + scenario_.results[r].name);
  in->records = records_;
  if (in->records != nullptr) in->records->clear();
  Instance* const raw = in.get();
  if (scenario_.setup.empty()) {
    add_sibling_threads(*raw);
    for (std::size_t t = 0; t < scenario_.threads.size(); ++t)
      spawn_thread(ex, *raw, static_cast<int>(t));
  } else {
    ex.spawn("setup", [this, &ex, raw] { run_setup(ex, *raw); });
  }
  return in;
}

void ScenarioProgram::run_setup(Execution& ex, Instance& in) const {
  for (const Operation& op : scenario_.setup) run_op(ex, in, op, 1);
  // The threads start only now, so they see everything setup built (spawn is an event).
  add_sibling_threads(in);
  for (std::size_t t = 0; t < scenario_.threads.size(); ++t)
    spawn_thread(ex, in, static_cast<int>(t));
}

// The first thread placed in a process is its task (setup runs as its prologue); each further
// one is a thread cloned into it (CLONE_FILES). All of them exist before any of them runs, so
// the model learns of them before the first spawn. A thread placed in a result's process
// learns its pid only when it starts: such threads are not counted.
void ScenarioProgram::add_sibling_threads(Instance& in) const {
  std::map<Value, int> placed;
  for (const ThreadSpec& spec : scenario_.threads) {
    if (spec.in.kind == Placement::Kind::Result) continue;
    const Value pid = spec.in.kind == Placement::Kind::Process ? in.pids[spec.in.index] : 1;
    if (placed[pid]++ > 0) in.model->add_thread(pid);
  }
}

void ScenarioProgram::spawn_thread(Execution& ex, Instance& in, int thread) const {
  const ThreadSpec& spec = scenario_.threads[thread];
  Instance* const raw = &in;
  const ThreadId id =
      ex.spawn(spec.name, [this, &ex, raw, thread] { run_thread(ex, *raw, thread); });
  in.ids[thread] = id;
  if (spec.allow_blocked) ex.allow_blocked_at_end(id);
  if (leaders_[thread] >= 0) ex.start_after(id, in.ids[leaders_[thread]]);
}

void ScenarioProgram::run_thread(Execution& ex, Instance& in, int thread) const {
  const ThreadSpec& spec = scenario_.threads[thread];
  Value pid = 1;
  switch (spec.in.kind) {
    case Placement::Kind::Main:
      break;
    case Placement::Kind::Process:
      pid = in.pids[spec.in.index];
      break;
    case Placement::Kind::Result:
      if (in.bound[spec.in.index]) {
        const Operation& first = spec.ops.front();
        in.bound[spec.in.index]->wait(Site(first.where.c_str()));
      }
      pid = in.results[spec.in.index];
      // The operation that should have made the process failed: there is nothing to run in.
      if (pid <= 0) return;
      break;
  }
  for (const Operation& op : spec.ops) run_op(ex, in, op, pid);
}

void ScenarioProgram::run_op(Execution& ex, Instance& in, const Operation& op, Value pid) const {
  model::OpCall call;
  call.op = op.op;
  call.pid = pid;
  call.strings = &scenario_.strings;
  call.site = Site(op.where.c_str());
  call.args.reserve(op.args.size());
  for (const Arg& a : op.args) {
    switch (a.source) {
      case Arg::Source::Constant:
        call.args.push_back(a.value);
        break;
      case Arg::Source::Result:
        call.args.push_back(in.results[a.value]);
        break;
      case Arg::Source::Process:
        call.args.push_back(in.pids[a.value]);
        break;
    }
  }
  std::size_t record = 0;
  if (in.records != nullptr) {
    record = in.records->size();
    in.records->push_back({ex.current(), ex.current_event() + 1, -1, op.text, op.where, 0, ""});
  }
  const Value result = in.model->invoke(call);
  ex.syscall_returned();
  if (in.records != nullptr) {
    (*in.records)[record].end_event = ex.current_event() + 1;
    (*in.records)[record].result = result;
    (*in.records)[record].result_text = scenario_.model->result_text(op.op, result);
  }
  if (op.result >= 0) {
    in.results[op.result] = result;
    if (in.bound[op.result]) in.bound[op.result]->set(Site(op.where.c_str()));
  }
}

}  // namespace kmc::scenario
