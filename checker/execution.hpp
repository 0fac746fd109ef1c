// One execution of a program: model threads on fibers, driven step by step by a strategy.
// The primitives (checker/primitives) are written against this class; it knows nothing of kernels.
#pragma once

#include <boost/context/fiber.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/context.hpp"
#include "checker/event.hpp"
#include "checker/fiber_switch.hpp"
#include "checker/program.hpp"
#include "checker/strategy.hpp"
#include "checker/trace.hpp"
#include "checker/vector_clock.hpp"

namespace kmc {

class LockGraph;
class StackPool;
class Token;
class Heap;
class RefRegistry;
class WeakMemory;

// What a blocked thread waits for; decides between `deadlock` and `lost-wakeup`.
enum class WaitKind : std::uint8_t { None, Lock, Event };

// The next visible operation of a thread, as the scheduler sees it before running it.
struct PendingOp {
  OpKind op = OpKind::Yield;
  AccessSet accesses;
  ObjectId object = kNoObject;
  const char* seed = "";
  std::source_location loc{};
  // Null when the operation can always run; otherwise whether thread `t` may run it now.
  bool (*can_run)(const void* state, ThreadId t) = nullptr;
  const void* state = nullptr;
  WaitKind wait = WaitKind::None;
  const char* wait_label = "";  // what a thread blocked here waits for (a wmesg)
  bool timeout = false;         // may fire a timeout when no other thread can run (forced)
  bool may_sleep = false;       // a sleeping operation: forbidden while a spinlock is held
  const std::int32_t* enabler = nullptr;  // the trace index of the event that enabled this one
  // Further events that must all precede this one (an RCU callback waits for call_rcu and for
  // the end of every read section open at that time); entries < 0 are ignored.
  const std::vector<std::int32_t>* enablers = nullptr;
  bool raw = false;  // the primitive handles LWKT tokens itself (sleeps): no try-then-block wrapper

  PendingOp(OpKind kind, ObjectId obj, AccessKind access, Site site)
      : op(kind), object(obj), seed(site.seed), loc(site.loc) {
    if (obj != kNoObject) accesses.add({obj, access});
  }
};

// Thrown inside a model thread to end the execution after a violation; caught at the thread's root.
struct ExecutionStopped {};

// Engine options that shape one execution.
struct ExecutionOptions {
  std::uint32_t max_steps = 100000;  // livelock bound
  bool address_reuse = false;        // LIFO reuse of freed heap cells of the same type
  bool check_leaks = true;
  // Big-lock mode (spec §0.1, NetBSD KERNEL_LOCK): threads switch only where one sleeps (a
  // sleeping allocation, copyin/copyout, a sleep, a contended mutex or rwlock); every step
  // conflicts with every other, since they all hold the big lock.
  bool biglock = false;
  // Survivable violations (see survivable()) are recorded and the execution goes on, as the
  // kernel would; only the others end it. Set by the Runner from RunOptions::keep_going.
  bool keep_going = false;
  // Early timeouts: how many of its timed sleeps each thread may make early. At each timed sleep,
  // while it has some left, the thread chooses (a data choice) whether this one is: an early sleep
  // may end by its timeout at any step, a step of the sleeper that depends only on its channel
  // and its tokens. Other sleeps time out only when no thread can run (a forced timeout).
  std::uint32_t early_timeouts = 0;
  // Symmetry reduction: honour Execution::start_after (a thread whose program is identical to an
  // earlier one's takes its first step only after that one's). Replays switch it off: every
  // schedule of the reduced program is a schedule of the full one.
  bool symmetry = true;
  // Sc: every atomic access is sequentially consistent (one value per interleaving). Rc11: a
  // load may read any store coherence allows and a store may take any place in its location's
  // modification order coherence allows, each a data choice (docs/weak-memory.md).
  MemoryModel memory_model = MemoryModel::Sc;
};

// How an execution ended.
enum class ExecutionEnd : std::uint8_t { Finished, Violation, Abandoned };

class Execution {
 public:
  // Per-thread engine state that the primitives read and update.
  struct Thread {
    std::string name;
    boost::context::fiber fiber;   // the thread, while it is parked
    boost::context::fiber caller;  // whoever resumed it, while it runs
    StackBounds stack;             // its own stack
    StackBounds caller_stack;      // the stack of whoever resumed it
    std::function<void()> body;
    std::optional<PendingOp> pending;
    bool finished = false;
    bool daemon = false;
    std::uint32_t events = 0;
    VectorClock clock;
    int spin_depth = 0;
    int rcu_depth = 0;
    const char* rcu_seed = "";  // where the outermost open RCU read section began
    std::source_location rcu_loc{};
    struct Held {
      ObjectId lock;
      int lock_class;
      const char* seed;
      std::source_location loc;
    };
    std::vector<Held> held;              // locks that take part in lock order, oldest first
    std::vector<Token*> tokens;          // LWKT tokens held (possessed while running)
    bool woken = false;                  // set by wakeup for the channel the thread sleeps on
    bool timed_out = false;              // set when its sleep ended by a forced timeout
    ObjectId sleeping_on = kNoObject;    // channel of a sleeping thread
    std::int32_t woken_by = -1;          // trace index of the wakeup
    bool pcatch = false;                 // its current sleep ends when it is told to exit
    std::int32_t exit_told_at = -1;      // trace index of the step that told it to exit
    std::uint32_t early_timeouts = 0;    // timed sleeps it made early (ExecutionOptions)
    std::optional<PendingOp> resume_op;  // a blocked token holder's operation, until it resumes
    bool biglock_released = false;       // big-lock mode: the thread left the big lock
    int outside_blocks = 0;  // blocks by holders outside the program that let others in (token.hpp)
    ThreadId starts_after = kNoThread;  // symmetry: runs its first step after this thread's
    std::int32_t first_event = -1;      // trace index of its first event
  };

  Execution(const Program& program, Strategy& strategy, LockGraph& lockdep, StackPool& stacks,
            const ExecutionOptions& options);
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;
  ~Execution();

  // Runs the whole execution under the strategy; the result is in trace(). The execution is the
  // current one of this OS thread meanwhile (context.hpp). An exception other than
  // ExecutionStopped that a model thread throws ends the execution and is rethrown as a
  // UsageError naming the thread, after teardown.
  [[nodiscard]] ExecutionEnd run();
  [[nodiscard]] const Trace& trace() const { return trace_; }
  [[nodiscard]] Trace take_trace() { return std::move(trace_); }
  // Reuses the memory of an earlier execution's event list (call before run()): long executions
  // then do not fault in fresh pages for every execution.
  void adopt_event_buffer(std::vector<Event>&& buffer) {
    buffer.clear();
    if (buffer.capacity() > trace_.events.capacity()) trace_.events = std::move(buffer);
  }
  // Hands the event list's memory back for the next execution; the trace has no events after it.
  [[nodiscard]] std::vector<Event> release_event_buffer() { return std::move(trace_.events); }

  // --- for programs and primitives ---

  // Creates a thread. Before run() it just exists; from a running thread it is a visible event.
  ThreadId spawn(std::string name, std::function<void()> body, bool daemon = false);
  // Registers an engine object; the id is stable across executions (creator thread + counter).
  [[nodiscard]] ObjectId register_object(ObjectKind kind, std::string name,
                                         std::string lock_class = {});
  // Registers an object under a fixed id chosen by the caller (a hash of a name, say); idempotent.
  void register_fixed_object(ObjectId id, ObjectKind kind, std::string name);
  // The calling thread stops before `op`; returns when the strategy has chosen to run it.
  void visible(PendingOp op);
  // A nondeterministic choice among `count` values, explored by the strategy like a thread choice.
  [[nodiscard]] std::uint32_t choose(std::uint32_t count, Site site);
  // A data choice among `count` values made by the current thread's current event itself, with
  // no step of its own (an rc11 load choosing the store it reads); recorded in Event::pick. An
  // operation run inline in big-lock mode has no event to carry it and takes value 0.
  [[nodiscard]] std::uint32_t choose_in_step(std::uint32_t count);
  // Records a violation and ends the execution (never returns when called from a model thread).
  [[noreturn]] void fail(ViolationKind kind, std::string message, Site site,
                         std::vector<std::string> related = {});
  // A violation the kernel survives (like WARN_ON): ends the execution as fail() does, unless
  // keep-going and survivable(kind): then it is recorded and returns, and the caller goes on
  // doing what the seed does. A kind that is not survivable always fails.
  void warn(ViolationKind kind, std::string message, Site site,
            std::vector<std::string> related = {});
  // Records a violation from outside a model thread (scheduler-side checks).
  void record_violation(Violation v);

  [[nodiscard]] ThreadId current() const { return current_; }
  [[nodiscard]] Thread& thread(ThreadId t) { return *threads_[t]; }
  [[nodiscard]] const Thread& thread(ThreadId t) const { return *threads_[t]; }
  [[nodiscard]] std::size_t thread_count() const { return threads_.size(); }
  [[nodiscard]] bool in_thread() const { return current_ != kNoThread; }
  // Index in the trace of the event being run by the current thread.
  [[nodiscard]] std::int32_t current_event() const {
    return static_cast<std::int32_t>(trace_.events.size()) - 1;
  }
  // The event being run (a scratch event for an operation run inline in big-lock mode).
  [[nodiscard]] Event& last_event() { return inline_step_ ? scratch_ : trace_.events.back(); }
  [[nodiscard]] const ExecutionOptions& options() const { return options_; }
  [[nodiscard]] LockGraph& lockdep() { return lockdep_; }
  // Lock-order cycles first closed during this execution (they do not end it).
  [[nodiscard]] const std::vector<Violation>& lock_order_violations() const { return lock_order_; }
  // Happens-before for the race detector: the current thread acquires / releases `sync`.
  void sync_acquire(const VectorClock& sync) { threads_[current_]->clock.join(sync); }
  void sync_release(VectorClock& sync) {
    Thread& th = *threads_[current_];
    sync.join(th.clock);
    th.clock.tick(current_);
  }

  // A lock that takes part in lock order was acquired / released by the current thread.
  void lock_acquired(ObjectId lock, int lock_class, Site site);
  // `holder` is the thread whose lock it was (the current thread unless a non-owner released it).
  void lock_released(ObjectId lock, ThreadId holder = kNoThread);
  // The current thread returned from a system call. In big-lock mode that released the big
  // lock (NetBSD's syscall return does), so its next visible operation is a scheduling point.
  void syscall_returned() {
    if (options_.biglock && in_thread()) threads_[current_]->biglock_released = true;
  }
  // Reports `sleep-in-atomic` if the current thread holds a spinlock or is in an RCU read section.
  void check_may_sleep(Site site, std::string_view what);

  // Invariant checked after every step where `applicable` holds (its structure's lock is free),
  // and at the end. `check` returns a message when the invariant is broken.
  void add_invariant(std::string name, std::function<bool()> applicable,
                     std::function<std::optional<std::string>()> check);
  // Check run once when every thread has finished (or is legally blocked).
  void add_end_check(std::function<std::optional<Violation>()> check);
  // Marks live heap cells reachable at the end; everything unmarked and live is a leak.
  void set_leak_roots(std::function<void()> mark_roots);
  // Symmetry reduction (ExecutionOptions::symmetry): `t` runs the same program as `leader`, an
  // earlier thread, from a state that swapping the two leaves unchanged, so every execution in
  // which `t` starts first mirrors one in which `leader` does. `t`'s first step then waits for
  // `leader`'s first step (or its end) and records it as an enabler, which DPOR's
  // happens-before keeps. Call before `t` has taken a step (a leader that has is already past
  // its first step); chains (a, b, c) order the first steps of k identical threads, cutting up
  // to k! mirror images.
  void start_after(ThreadId t, ThreadId leader);
  [[nodiscard]] std::uint32_t symmetric_threads() const { return symmetric_threads_; }
  // Lets thread `t` end blocked without that being a deadlock or a lost wakeup.
  void allow_blocked_at_end(ThreadId t) { allowed_blocked_ |= (1ull << t); }
  // Runs at teardown, before the program instance is destroyed (for heap bookkeeping).
  void on_teardown(std::function<void()> fn) { teardown_.push_back(std::move(fn)); }
  // The heap of this execution (see primitives/heap.hpp); created on first use.
  template <typename H>
  H& service(std::unique_ptr<H>& slot) {
    if (!slot) slot = std::make_unique<H>(*this);
    return *slot;
  }

 private:
  struct Invariant {
    std::string name;
    std::function<bool()> applicable;
    std::function<std::optional<std::string>()> check;
    bool reported = false;  // under keep-going a broken invariant is reported once
  };

  void start_thread(ThreadId t);
  void switch_to_scheduler();
  void resume(ThreadId t);
  [[nodiscard]] std::uint64_t enabled_threads(bool allow_timeouts) const;
  // The event thread `t`'s pending operation would record if it ran now.
  [[nodiscard]] Event pending_event(ThreadId t) const;
  // After a violation stopped the execution in `stopped`'s step: copies into Trace::pending the
  // next operation of every other thread that could run where that step was chosen (`enabled`),
  // even one the violating step then blocked (it was an alternative to that step). At a normal
  // end (`stopped` = kNoThread): that of every thread in `enabled` left blocked.
  void record_pending_events(std::uint64_t enabled, ThreadId stopped);
  [[nodiscard]] bool runnable(ThreadId t) const;
  // Whether thread `t` still waits for its symmetry leader's first step (start_after()).
  [[nodiscard]] bool gated(const Thread& th) const {
    if (th.events != 0 || th.starts_after == kNoThread) return false;
    const Thread& leader = *threads_[th.starts_after];
    return leader.events == 0 && !leader.finished;
  }
  void record_event(ThreadId t);
  // Records, for thread `th`'s first event at trace index `index`, its symmetry leader's first
  // event as an enabler (start_after).
  void record_leader_enabler(const Thread& th, std::int32_t index);
  // Appends `enablers` (of the operation recorded as event `index`) to Trace::enablers.
  void record_enablers(const std::vector<std::int32_t>& enablers, std::int32_t index);
  void check_invariants(bool at_end);
  // Keeps `v` and lets the execution go on when keep-going allows it; otherwise it ends it.
  // Returns whether the execution goes on.
  bool record_survivable(Violation v);
  // A violation at the current thread's current event.
  [[nodiscard]] Violation violation_here(ViolationKind kind, std::string message, Site site,
                                         std::vector<std::string> related) const;
  void finish_checks();
  void classify_blocked();
  void teardown();
  [[nodiscard]] bool biglock_switch_point(const PendingOp& op) const;

  const Program& program_;
  Strategy& strategy_;
  LockGraph& lockdep_;
  StackPool& stacks_;
  ExecutionOptions options_;
  std::vector<std::unique_ptr<Thread>> threads_;
  std::unique_ptr<ProgramInstance> instance_;
  Trace trace_;
  ThreadId current_ = kNoThread;
  std::uint32_t root_objects_ = 0;
  std::vector<std::uint32_t> objects_by_thread_;
  std::uint64_t allowed_blocked_ = 0;
  std::uint32_t symmetric_threads_ = 0;  // threads given a leader by start_after()
  std::vector<Invariant> invariants_;
  std::vector<Violation> lock_order_;
  std::vector<std::function<std::optional<Violation>()>> end_checks_;
  std::function<void()> leak_roots_;
  std::vector<std::function<void()>> teardown_;
  std::array<AccessSet, kMaxThreads> next_access_{};
  bool started_ = false;
  bool torn_down_ = false;
  bool inline_step_ = false;
  Event scratch_;
  std::exception_ptr thread_error_;  // what a model thread threw (see run())
  ThreadId thread_error_at_ = kNoThread;

 public:
  // Engine services created on demand by the primitives (one heap, one refcount registry).
  std::unique_ptr<Heap> heap_service;
  std::unique_ptr<RefRegistry> refcount_service;
  std::unique_ptr<WeakMemory> weak_service;  // --memory-model rc11's fence and seq_cst clocks
};

}  // namespace kmc
