// The checks an execution runs on its state: invariant hooks after each step, and at the end the
// blocked-thread classification (deadlock, lost wakeup), end checks, leaks and refcount holders;
// and how survivable violations are kept under keep-going.
#include <fmt/format.h>

#include <utility>

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

void Execution::classify_blocked() {
  std::string blocked;
  bool waits_for_lock = false;
  ThreadId first = kNoThread;
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    const Thread& th = *threads_[t];
    ThreadInfo& info = trace_.threads[t];
    info.finished = th.finished;
    if (th.finished || !th.pending) continue;
    const PendingOp& op = *th.pending;
    const std::string object = trace_.object_name(op.object);
    info.blocked_on = fmt::format("{} {}{}", to_string(op.op), object,
                                  *op.wait_label ? fmt::format(" ({})", op.wait_label) : "");
    if (th.daemon || (allowed_blocked_ & (1ull << t))) continue;
    if (first == kNoThread) first = static_cast<ThreadId>(t);
    if (op.wait == WaitKind::Lock) waits_for_lock = true;
    blocked += fmt::format("{}{} blocked in {} at {}", blocked.empty() ? "" : "; ", th.name,
                           info.blocked_on, site_text(op.seed, op.loc));
  }
  if (first == kNoThread) return;
  Violation v;
  v.kind = waits_for_lock ? ViolationKind::Deadlock : ViolationKind::LostWakeup;
  v.message = blocked;
  v.thread = first;
  v.event = current_event();
  v.seed = threads_[first]->pending->seed;
  v.loc = threads_[first]->pending->loc;
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
