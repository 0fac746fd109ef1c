#include "checker/execution.hpp"

#include <fmt/format.h>

#include <utility>

#include "checker/lock_graph.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/refcount.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/weak_memory.hpp"
#include "checker/stack_pool.hpp"

namespace kmc {

namespace {
constexpr std::uint32_t kThreadShift = 20;
}  // namespace

Execution::Execution(const Program& program, Strategy& strategy, LockGraph& lockdep,
                     StackPool& stacks, const ExecutionOptions& options)
    : program_(program),
      strategy_(strategy),
      lockdep_(lockdep),
      stacks_(stacks),
      options_(options) {
  trace_.events.reserve(256);
}

Execution::~Execution() {
  teardown();
}

ObjectId Execution::register_object(ObjectKind kind, std::string name, std::string lock_class) {
  // An engine object built inside a heap cell that is being handed out again (address reuse)
  // takes the id of the object its previous occupant built at the same place.
  CellHeader* const cell =
      heap_service && kind != ObjectKind::HeapCell ? heap_service->constructing() : nullptr;
  if (cell != nullptr && cell->objects_built < cell->objects.size())
    return cell->objects[cell->objects_built++];
  std::uint32_t creator = 0;
  std::uint32_t counter = 0;
  if (current_ == kNoThread) {
    counter = root_objects_++;
  } else {
    creator = current_ + 1u;
    if (objects_by_thread_.size() <= current_) objects_by_thread_.resize(current_ + 1u, 0);
    counter = objects_by_thread_[current_]++;
  }
  const ObjectId id = (creator << kThreadShift) | counter;
  trace_.objects.push_back(ObjectInfo{id, kind, std::move(name), std::move(lock_class)});
  if (cell != nullptr) {
    cell->objects.push_back(id);
    ++cell->objects_built;
  }
  return id;
}

void Execution::register_fixed_object(ObjectId id, ObjectKind kind, std::string name) {
  if (trace_.object(id) != nullptr) return;
  trace_.objects.push_back(ObjectInfo{id, kind, std::move(name), {}});
}

ThreadId Execution::spawn(std::string name, std::function<void()> body, bool daemon) {
  if (threads_.size() >= kMaxThreads) {
    fail(ViolationKind::Assertion, fmt::format("more than {} threads", kMaxThreads), "spawn");
  }
  const bool from_thread = started_ && in_thread();
  if (from_thread) {
    PendingOp op(OpKind::Spawn, kNoObject, AccessKind::Write, "spawn");
    visible(op);
  }
  const auto t = static_cast<ThreadId>(threads_.size());
  auto th = std::make_unique<Thread>();
  th->name = std::move(name);
  th->body = std::move(body);
  th->daemon = daemon;
  // A thread spawned by another inherits its clock even before the run has started (a setup
  // that makes no scheduling point before spawning): what the spawner did happens before it.
  const bool spawned_by_thread = in_thread();
  if (spawned_by_thread) th->clock = threads_[current_]->clock;
  th->clock.set(t, 1);
  threads_.push_back(std::move(th));
  trace_.threads.push_back(ThreadInfo{threads_.back()->name, false, ""});
  if (from_thread) last_event().value = t;
  if (spawned_by_thread) threads_[current_]->clock.tick(current_);
  start_thread(t);
  return t;
}

void Execution::start_thread(ThreadId t) {
  Thread& th = *threads_[t];
  th.fiber = boost::context::fiber(
      std::allocator_arg, PooledStack(stacks_), [this, t](boost::context::fiber&& caller) {
        Thread& self = *threads_[t];
        after_switch(nullptr, &self.caller_stack);
        self.caller = std::move(caller);
        try {
          self.body();
        } catch (const ExecutionStopped&) {
        } catch (...) {
          // Unwinding out of a fiber would end the process; the run loop rethrows it instead.
          if (!thread_error_) {
            thread_error_ = std::current_exception();
            thread_error_at_ = t;
          }
        }
        self.finished = true;
        self.pending.reset();
        before_switch(nullptr, self.caller_stack);  // this stack is done for good
        return std::move(self.caller);
      });
  const auto& sc = stacks_.last();
  th.stack = StackBounds{static_cast<const char*>(sc.sp) - sc.size, sc.size};
  const ThreadId saved = current_;
  current_ = t;
  void* fake = nullptr;
  before_switch(&fake, th.stack);
  th.fiber = std::move(th.fiber).resume();
  after_switch(fake, nullptr);
  current_ = saved;
}

void Execution::switch_to_scheduler() {
  Thread& th = *threads_[current_];
  void* fake = nullptr;
  before_switch(&fake, th.caller_stack);
  th.caller = std::move(th.caller).resume();
  after_switch(fake, &th.caller_stack);
  // Teardown resumes parked threads only to unwind their stacks.
  if (torn_down_) throw ExecutionStopped{};
}

void Execution::resume(ThreadId t) {
  Thread& th = *threads_[t];
  th.pending.reset();
  current_ = t;
  inline_step_ = false;
  void* fake = nullptr;
  before_switch(&fake, th.stack);
  th.fiber = std::move(th.fiber).resume();
  after_switch(fake, nullptr);
  current_ = kNoThread;
}

bool Execution::biglock_switch_point(const PendingOp& op) const {
  const Thread& th = *threads_[current_];
  if (th.events == 0 || th.biglock_released) return true;
  if (op.can_run != nullptr && !op.can_run(op.state, current_)) return true;
  switch (op.op) {
    case OpKind::Sleep:
    case OpKind::Woken:
    case OpKind::MaySleep:
    case OpKind::Choose:
    case OpKind::LatchWait:
    case OpKind::RcuCallback:
    case OpKind::Block:
    case OpKind::Resume:
      return true;
    case OpKind::MutexLock:
    case OpKind::RwRead:
    case OpKind::RwWrite:
      return false;  // only a contended acquire sleeps (handled above)
    default:
      return op.may_sleep;
  }
}

void Execution::visible(PendingOp op) {
  if (torn_down_) return;
  if (!in_thread()) throw_outside_thread(to_string(op.op), Site(op.seed, op.loc));
  inline_step_ = false;
  Thread& th = *threads_[current_];
  if (op.may_sleep) check_may_sleep(Site(op.seed, op.loc), to_string(op.op));
  if (options_.biglock) {
    if (!biglock_switch_point(op)) {
      // Still inside the big-lock section: the operation runs now, without a scheduling point.
      inline_step_ = true;
      scratch_ = Event{};
      return;
    }
    th.biglock_released = false;
    op.accesses = AccessSet{};
    op.accesses.add({kEverything, AccessKind::Write});
  }
  // `raw` primitives (sleeps, token-holder blocking points) give up and win back their tokens
  // themselves; wrapping them again would add a spurious step while the thread is asleep.
  if (th.tokens.empty() || op.can_run == nullptr || op.raw) {
    next_access_[current_] = op.accesses;
    th.pending.emplace(op);
    switch_to_scheduler();
    return;
  }
  // A thread that holds LWKT tokens first tries the operation; if it cannot proceed it blocks,
  // which gives up all its tokens, and it gets them all back before it runs again.
  PendingOp attempt = op;
  attempt.can_run = nullptr;
  for (int i = 0; i < attempt.accesses.size; ++i) {
    Access& a = attempt.accesses.items[i];
    if (a.kind == AccessKind::Acquire || a.kind == AccessKind::SharedAcquire) {
      a.kind = AccessKind::Write;
    }
  }
  add_token_accesses(attempt, th, AccessKind::Release);
  next_access_[current_] = attempt.accesses;
  th.pending.emplace(attempt);
  switch_to_scheduler();
  if (op.can_run(op.state, current_)) return;
  last_event().op = OpKind::Block;
  tokens_drop(*this, current_);
  PendingOp again = op;
  add_token_accesses(again, th, AccessKind::Acquire);
  th.resume_op = op;
  again.can_run = [](const void* state, ThreadId t) {
    const auto* self = static_cast<const Thread*>(state);
    return self->resume_op->can_run(self->resume_op->state, t) && tokens_free(*self, t);
  };
  again.state = &th;
  next_access_[current_] = again.accesses;
  th.pending.emplace(again);
  switch_to_scheduler();
  th.resume_op.reset();
  tokens_take(*this, current_);
}

std::uint32_t Execution::choose(std::uint32_t count, Site site) {
  if (count <= 1) return 0;
  PendingOp op(OpKind::Choose, kNoObject, AccessKind::Read, site);
  visible(op);
  const std::uint32_t value = strategy_.pick_value(current_event(), count);
  last_event().value = value;
  last_event().pick = static_cast<std::int32_t>(value);
  return value;
}

std::uint32_t Execution::choose_in_step(std::uint32_t count) {
  if (count <= 1 || inline_step_) return 0;
  const std::uint32_t value = strategy_.pick_value(current_event(), count);
  last_event().pick = static_cast<std::int32_t>(value);
  return value;
}

void Execution::record_violation(Violation v) {
  if (trace_.violation) return;
  trace_.violation = std::move(v);
}

void Execution::fail(ViolationKind kind, std::string message, Site site,
                     std::vector<std::string> related) {
  record_violation(violation_here(kind, std::move(message), site, std::move(related)));
  throw ExecutionStopped{};
}

Violation Execution::violation_here(ViolationKind kind, std::string message, Site site,
                                    std::vector<std::string> related) const {
  Violation v;
  v.kind = kind;
  v.message = std::move(message);
  v.thread = current_;
  v.event = current_event();
  v.seed = site.seed;
  v.loc = site.loc;
  v.related = std::move(related);
  return v;
}

void Execution::lock_acquired(ObjectId lock, int lock_class, Site site) {
  Thread& th = *threads_[current_];
  for (const Thread::Held& h : th.held) {
    if (h.lock_class == lock_class) continue;
    LockGraph::Edge edge;
    edge.from = h.lock_class;
    edge.to = lock_class;
    edge.held_at = site_text(h.seed, h.loc);
    edge.acquired_at = site_text(site.seed, site.loc);
    edge.thread = th.name;
    auto cycle = lockdep_.add_edge(std::move(edge));
    if (!cycle) continue;
    Violation v;
    v.kind = ViolationKind::LockOrder;
    v.thread = current_;
    v.event = current_event();
    v.seed = site.seed;
    v.loc = site.loc;
    std::string chain;
    for (int e : *cycle) {
      const LockGraph::Edge& ed = lockdep_.edges()[e];
      chain += fmt::format("{} -> ", lockdep_.class_name(ed.from));
      v.related.push_back(fmt::format("{} held at {}, then {} acquired at {} by {} (execution {})",
                                      lockdep_.class_name(ed.from), ed.held_at,
                                      lockdep_.class_name(ed.to), ed.acquired_at, ed.thread,
                                      ed.execution));
    }
    chain += lockdep_.class_name(lock_class);
    v.message = "lock-order cycle " + chain;
    lock_order_.push_back(std::move(v));
  }
  th.held.push_back(Thread::Held{lock, lock_class, site.seed, site.loc});
}

void Execution::lock_released(ObjectId lock, ThreadId holder) {
  auto& held = threads_[holder == kNoThread ? current_ : holder]->held;
  for (auto it = held.rbegin(); it != held.rend(); ++it) {
    if (it->lock == lock) {
      held.erase(std::next(it).base());
      return;
    }
  }
}

void Execution::check_may_sleep(Site site, std::string_view what) {
  const Thread& th = *threads_[current_];
  if (th.spin_depth == 0 && th.rcu_depth == 0) return;
  if (th.spin_depth > 0) {
    std::string held;
    for (const Thread::Held& h : th.held) held += " " + lockdep_.class_name(h.lock_class);
    fail(ViolationKind::SleepInAtomic,
         fmt::format("{} may sleep while {} holds a spinlock (held:{})", what, th.name, held),
         site);
  }
  // Spec FD-I7: a read section must not block (a grace period would wait on a sleeper).
  fail(ViolationKind::SleepInAtomic,
       fmt::format("{} in {} may sleep inside an RCU read section (rcu_read_lock at {})", what,
                   th.name, site_text(th.rcu_seed, th.rcu_loc)),
       site);
}

bool Execution::runnable(ThreadId t) const {
  const Thread& th = *threads_[t];
  if (th.finished || !th.pending) return false;
  if (gated(th)) return false;
  const PendingOp& op = *th.pending;
  return op.can_run == nullptr || op.can_run(op.state, t);
}

std::uint64_t Execution::enabled_threads(bool allow_timeouts) const {
  std::uint64_t mask = 0;
  bool live = false;
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    const Thread& th = *threads_[t];
    if (!th.daemon && !th.finished) live = true;
    if (allow_timeouts) {
      if (!th.finished && th.pending && th.pending->timeout && !gated(th)) mask |= 1ull << t;
    } else if (runnable(static_cast<ThreadId>(t))) {
      mask |= 1ull << t;
    }
  }
  return allow_timeouts && !live ? 0 : mask;
}

Event Execution::pending_event(ThreadId t) const {
  const Thread& th = *threads_[t];
  const PendingOp& op = *th.pending;
  Event e;
  e.thread = t;
  e.op = op.op;
  e.index = th.events;
  e.accesses = op.accesses;
  e.object = op.object;
  e.seed = op.seed;
  e.loc = op.loc;
  if (op.enabler != nullptr) e.enabler = *op.enabler;
  return e;
}

void Execution::record_enablers(const std::vector<std::int32_t>& enablers, std::int32_t index) {
  for (const std::int32_t e : enablers)
    if (e >= 0) trace_.enablers.push_back({index, e});
}

void Execution::record_event(ThreadId t) {
  // Only RCU callbacks carry extra enablers: the common step pays one test, not a call.
  const std::vector<std::int32_t>* enablers = threads_[t]->pending->enablers;
  if (enablers != nullptr)
    record_enablers(*enablers, static_cast<std::int32_t>(trace_.events.size()));
  Thread& th = *threads_[t];
  if (th.events == 0) {
    th.first_event = static_cast<std::int32_t>(trace_.events.size());
    record_leader_enabler(th, th.first_event);
  }
  trace_.events.push_back(pending_event(t));
  ++th.events;
}

void Execution::record_pending_events(std::uint64_t enabled, ThreadId stopped) {
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    if ((enabled & (1ull << t)) == 0 || t == stopped) continue;
    const Thread& th = *threads_[t];
    if (th.finished || !th.pending) continue;
    const auto index = static_cast<std::int32_t>(trace_.events.size() + trace_.pending.size());
    if (th.pending->enablers != nullptr) record_enablers(*th.pending->enablers, index);
    if (th.events == 0) record_leader_enabler(th, index);
    trace_.pending.push_back(pending_event(static_cast<ThreadId>(t)));
  }
}

ExecutionEnd Execution::run() {
  const ExecutionScope scope(*this);
  try {
    instance_ = program_.instantiate(*this);
  } catch (const ExecutionStopped&) {
  }
  started_ = true;
  bool abandoned = false;
  std::uint32_t steps = 0;
  ThreadId previous = kNoThread;
  std::uint64_t last_enabled = 0;  // the threads that could run where the last step was chosen
  // Threads whose pending operation could run at some point since it was posted.
  std::uint64_t was_enabled = 0;
  while (!trace_.violation && !thread_error_) {
    std::uint64_t mask = enabled_threads(false);
    was_enabled |= mask;
    bool timeouts = false;
    if (mask == 0) {
      mask = enabled_threads(true);
      timeouts = mask != 0;
    }
    if (mask == 0) break;
    if (steps >= options_.max_steps) {
      Violation v;
      v.kind = ViolationKind::Livelock;
      v.message = fmt::format("execution exceeded {} steps", options_.max_steps);
      v.event = current_event();
      record_violation(std::move(v));
      break;
    }
    SchedulingPoint point;
    point.depth = steps;
    point.enabled = mask;
    point.previous = previous;
    point.trace = &trace_;
    point.next_access = next_access_.data();
    point.timeouts = timeouts;
    point.every_thread = options_.biglock;
    const ThreadId t = strategy_.pick(point);
    last_enabled = mask;
    if (t == kNoThread) {
      abandoned = true;
      break;
    }
    was_enabled &= ~(1ull << t);
    Thread& th = *threads_[t];
    if (timeouts) {
      // A timeout fires only when no other thread can run: it depends on the state of every
      // thread, so it conflicts with everything (DPOR orders all earlier events before it).
      th.timed_out = true;
      th.pending->op = OpKind::TimedOut;
      th.pending->enabler = nullptr;
      th.pending->enablers = nullptr;
      th.pending->accesses = AccessSet{};
      th.pending->accesses.add({kEverything, AccessKind::Write});
    }
    record_event(t);
    ++steps;
    previous = t;
    resume(t);
    if (!trace_.violation && !invariants_.empty()) check_invariants(false);
  }
  if (thread_error_) {
    teardown();
    rethrow_thread_error(thread_error_, trace_.threads[thread_error_at_].name);
  }
  if (!abandoned && !trace_.violation) finish_checks();
  if (!abandoned && trace_.violation && previous != kNoThread)
    record_pending_events(last_enabled, previous);
  // A thread left blocked whose operation could once run was disabled by another thread's step
  // (a cancelled callout): that step raced with it, which DPOR only sees with the event in hand.
  if (!abandoned && !trace_.violation) record_pending_events(was_enabled, kNoThread);
  for (std::size_t t = 0; t < threads_.size(); ++t)
    trace_.threads[t].finished = threads_[t]->finished;
  teardown();
  if (abandoned) return ExecutionEnd::Abandoned;
  const bool violated = trace_.violation || !trace_.survived.empty();
  return violated ? ExecutionEnd::Violation : ExecutionEnd::Finished;
}

void Execution::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  for (auto& fn : teardown_) fn();
  // Unwind every parked thread on its own stack (its switch back throws ExecutionStopped).
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    if (threads_[t]->finished || !threads_[t]->fiber) continue;
    resume(static_cast<ThreadId>(t));
  }
  for (auto& th : threads_) th->fiber = {};
  current_ = kNoThread;
  instance_.reset();
  // Heap objects hold RefCounts that unregister themselves: the heap goes before the registry.
  heap_service.reset();
  refcount_service.reset();
  weak_service.reset();
}

}  // namespace kmc
