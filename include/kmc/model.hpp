// The public modelling API: the kernel primitives a model is written with (re-exported from the
// engine, each constructible without an Execution& inside kmc::check) and the free functions
// that spawn threads, allocate and free heap objects, choose values and state invariants. Every
// function here requires a running kmc::check and throws kmc::UsageError naming itself outside
// one; operations (lock, load, make, ...) further require a model thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "checker/context.hpp"
#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/intrusive_list.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/rcu.hpp"
#include "checker/primitives/refcount.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/primitives/weak_memory.hpp"

namespace kmc {

// Starts a model thread named `name` running `body`. From kmc::check's function the thread
// exists before the exploration starts; from a model thread the spawn is one step.
inline ThreadId spawn(std::string name, std::function<void()> body) {
  return current_execution("kmc::spawn").spawn(std::move(name), std::move(body));
}

// Allocates a T (built from `args`) on the model heap in one step of the calling model thread,
// as kmalloc(M_WAITOK)/GFP_KERNEL: the allocation may sleep, so under a spinlock or in an RCU
// read section it is `sleep-in-atomic`. `type` names the object in traces ("obj#3").
template <typename T, typename... Args>
[[nodiscard]] Ptr<T> make(const char* type, Site site, Args&&... args) {
  return make<T>(current_execution("kmc::make"), type, site, true, std::forward<Args>(args)...);
}

// make() that never sleeps (M_NOWAIT, GFP_ATOMIC): allowed under a spinlock.
template <typename T, typename... Args>
[[nodiscard]] Ptr<T> make_nosleep(const char* type, Site site, Args&&... args) {
  return make<T>(current_execution("kmc::make_nosleep"), type, site, false,
                 std::forward<Args>(args)...);
}

// Allocates a T in kmc::check's function, before the threads run (no step): state that exists
// when the scenario starts. It lives, is checked and can be freed like any heap object.
template <typename T, typename... Args>
[[nodiscard]] Ptr<T> make_initial(const char* type, Site site, Args&&... args) {
  return make_initial<T>(current_execution("kmc::make_initial"), type, site,
                         std::forward<Args>(args)...);
}

// Frees the object `p` points to (one step): a second free is `double-free`, a later access
// through any pointer to it `use-after-free`, a free unordered with another thread's access a
// `data-race`, a free while a RefCount inside it has holders a `refcount` violation.
template <typename T>
void free(const Ptr<T>& p, Site site) {
  heap_of(current_execution("kmc::free")).free(p.cell(), site);
}

// A nondeterministic value in [0, count): every value is explored, like a thread choice.
[[nodiscard]] inline std::uint32_t choose(std::uint32_t count, Site site) {
  return current_execution("kmc::choose").choose(count, site);
}

// A fence of `order` (atomic_thread_fence): only MemoryModel::Rc11 gives it an effect; there a
// seq_cst fence is a step ordered with every seq_cst operation (docs/weak-memory.md).
inline void fence(MemoryOrder order, Site site) {
  fence(current_execution("kmc::fence"), order, site);
}
// The kernel's barriers as C11 fences (docs/primitives.md): smp_mb a seq_cst fence, smp_rmb an
// acquire fence and smp_wmb a release fence. The last two order more than the kernel's (which
// order only loads / only stores): kmc invents no behaviour they forbid, but can miss one they
// allow (a store moved before smp_rmb).
inline void smp_mb(Site site) {
  fence(MemoryOrder::SeqCst, site);
}
inline void smp_rmb(Site site) {
  fence(MemoryOrder::Acquire, site);
}
inline void smp_wmb(Site site) {
  fence(MemoryOrder::Release, site);
}
// BUG_ON/KASSERT: when `condition` is false the execution ends with an `assertion` violation
// carrying `message`.
inline void check_that(bool condition, std::string message, Site site) {
  if (!condition)
    current_execution("kmc::check_that").fail(ViolationKind::Assertion, std::move(message), site);
}

// An invariant checked after every step where `applicable()` holds (e.g. its lock is free) and
// at the end; `check` returns a message when it is broken (an `invariant` violation). Both run
// outside the threads: they read state with peek(), never with steps.
inline void invariant(
    std::string name, std::function<std::optional<std::string>()> check,
    std::function<bool()> applicable = [] { return true; }) {
  current_execution("kmc::invariant")
      .add_invariant(std::move(name), std::move(applicable), std::move(check));
}

// A check run once at the end of every execution that ends normally; `check` returns a message
// when the final state is wrong (an `invariant` violation named `name`, reported at `site`).
inline void at_end(std::string name, std::function<std::optional<std::string>()> check,
                   Site site = Site("at_end")) {
  current_execution("kmc::at_end")
      .add_end_check(
          [name = std::move(name), check = std::move(check), site]() -> std::optional<Violation> {
            std::optional<std::string> broken = check();
            if (!broken) return std::nullopt;
            Violation v;
            v.kind = ViolationKind::Invariant;
            v.message = name + ": " + *broken;
            v.seed = site.seed;
            v.loc = site.loc;
            return v;
          });
}

// Turns on the leak check: at the end `mark_roots` calls kmc::mark on every heap object still
// reachable; every other live heap object is a `leak`.
inline void leak_roots(std::function<void()> mark_roots) {
  current_execution("kmc::leak_roots").set_leak_roots(std::move(mark_roots));
}

// Marks the object `p` points to as reachable (only inside a leak_roots function).
template <typename T>
void mark(const Ptr<T>& p) {
  if (p) heap_of(current_execution("kmc::mark")).mark(p.cell());
}

}  // namespace kmc
