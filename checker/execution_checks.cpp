// The checks an execution runs on its state: invariant hooks after each step, and at the end the
// blocked-thread classification (deadlock, lost wakeup), end checks, leaks and refcount holders;
// and how survivable violations are kept under keep-going.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/refcount.hpp"

namespace kmc {

void Execution::warn(ViolationKind kind, std::string message, Site site,
                     std::vector<std::string> related) {
  if (!record_survivable(violation_here(kind, std::move(message), site, std::move(related))))
    throw ExecutionStopped{};
}

bool Execution::record_survivable(Violation v) {
  if (!options_.keep_going || !survivable(v.kind)) {
    record_violation(std::move(v));
    return false;
  }
  // The runner keeps one counterexample per kind: later ones of a kind would only cost memory
  // (a race inside a loop repeats at every iteration).
  for (const Violation& seen : trace_.survived)
    if (seen.kind == v.kind) return true;
  trace_.survived.push_back(std::move(v));
  return true;
}

void Execution::add_invariant(std::string name, std::function<bool()> applicable,
                              std::function<std::optional<std::string>()> check) {
  invariants_.push_back(Invariant{std::move(name), std::move(applicable), std::move(check)});
}

void Execution::add_end_check(std::function<std::optional<Violation>()> check) {
  end_checks_.push_back(std::move(check));
}

void Execution::set_leak_roots(std::function<void()> mark_roots) {
  leak_roots_ = std::move(mark_roots);
}

void Execution::check_invariants(bool at_end) {
  for (Invariant& inv : invariants_) {
    if (inv.reported || !inv.applicable()) continue;
    auto broken = inv.check();
    if (!broken) continue;
    Violation v;
    v.kind = ViolationKind::Invariant;
    v.message = fmt::format("{}: {}{}", inv.name, *broken, at_end ? " (at the end)" : "");
    if (!trace_.events.empty()) {
      v.thread = trace_.events.back().thread;
      v.event = current_event();
      v.seed = trace_.events.back().seed;
      v.loc = trace_.events.back().loc;
    }
    // Under keep-going the structure stays broken: report it once and go on checking the others.
    inv.reported = true;
    if (!record_survivable(std::move(v))) return;
  }
}

namespace {

// A thread left blocked at the end, as a deadlock and as a lost wakeup would name it.
struct Stuck {
  ThreadId thread = kNoThread;
  std::string as_lock;   // "T1 blocked in mutex_enter B at R12"
  std::string as_sleep;  // "T1 waits on chan (wmesg) at U673"
};

// The message: the named thread `who` first, then every other one left blocked.
std::string blocked_message(const std::vector<Stuck>& stuck, ThreadId who, bool deadlock) {
  std::string out;
  std::string others;
  for (const Stuck& s : stuck) {
    const std::string& text = deadlock ? s.as_lock : s.as_sleep;
    if (s.thread == who)
      out = deadlock ? text : text + " and no thread is left to wake it";
    else
      others += "; " + text + (deadlock ? "" : " too");
  }
  return out + others;
}

// The index of thread `t`'s last event in `trace`, or -1 when it has none.
std::int32_t last_event_of(const Trace& trace, ThreadId t) {
  for (std::size_t i = trace.events.size(); i-- > 0;)
    if (trace.events[i].thread == t) return static_cast<std::int32_t>(i);
  return -1;
}

}  // namespace

void Execution::classify_blocked() {
  std::vector<Stuck> stuck;
  ThreadId lock_waiter = kNoThread;
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    const Thread& th = *threads_[t];
    ThreadInfo& info = trace_.threads[t];
    info.finished = th.finished;
    if (th.finished || !th.pending) continue;
    const PendingOp& op = *th.pending;
    const std::string object = trace_.object_name(op.object);
    const std::string label = *op.wait_label ? fmt::format(" ({})", op.wait_label) : "";
    info.blocked_on = fmt::format("{} {}{}", to_string(op.op), object, label);
    if (th.daemon || (allowed_blocked_ & (1ull << t))) continue;
    const auto id = static_cast<ThreadId>(t);
    const std::string where = site_text(op.seed, op.loc);
    stuck.push_back({id, fmt::format("{} blocked in {} at {}", th.name, info.blocked_on, where),
                     fmt::format("{} waits on {}{} at {}", th.name, object, label, where)});
    if (op.wait == WaitKind::Lock && lock_waiter == kNoThread) lock_waiter = id;
  }
  if (stuck.empty()) return;
  // A deadlock is told from the first thread that waits for a lock, a lost wakeup from the first
  // sleeper; its own last event (a sleeper's sleep) is the one cited, not whatever another thread
  // ran last, so that message, thread and event tell one story.
  const bool deadlock = lock_waiter != kNoThread;
  const ThreadId who = deadlock ? lock_waiter : stuck.front().thread;
  Violation v;
  v.kind = deadlock ? ViolationKind::Deadlock : ViolationKind::LostWakeup;
  v.message = blocked_message(stuck, who, deadlock);
  v.thread = who;
  v.event = last_event_of(trace_, who);
  v.seed = threads_[who]->pending->seed;
  v.loc = threads_[who]->pending->loc;
  record_violation(std::move(v));
}

void Execution::finish_checks() {
  classify_blocked();
  if (trace_.violation) return;
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    const Thread& th = *threads_[t];
    if (!th.finished || th.held.empty()) continue;
    Violation v;
    v.kind = ViolationKind::Assertion;
    v.message =
        fmt::format("{} finished holding {}", th.name, trace_.object_name(th.held.back().lock));
    v.thread = static_cast<ThreadId>(t);
    v.seed = th.held.back().seed;
    v.loc = th.held.back().loc;
    record_violation(std::move(v));
    return;
  }
  check_invariants(true);
  if (trace_.violation) return;
  // Under keep-going every end check runs: a broken invariant does not hide a leak.
  for (auto& check : end_checks_) {
    if (auto v = check(); v && !record_survivable(std::move(*v))) return;
  }
  if (options_.check_leaks && leak_roots_ && heap_service) {
    heap_service->begin_marking();
    leak_roots_();
    if (auto v = heap_service->unmarked_leak()) (void)record_survivable(std::move(*v));
  }
}

}  // namespace kmc
