// One visible event of an execution, as plain data: who did what to which object, from where.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "checker/types.hpp"

namespace kmc {

// What a visible operation is, for printing and for the graphs.
enum class OpKind : std::uint8_t {
  Spawn,
  MutexLock,
  MutexUnlock,
  SpinLock,
  SpinUnlock,
  RwRead,
  RwWrite,
  RwUnlock,
  TokenGet,
  TokenRelease,
  Block,   // a thread that holds tokens gives them up because its operation cannot proceed
  Resume,  // that thread runs again, with all its tokens
  Sleep,
  Wakeup,
  WakeupOne,
  Woken,     // a sleeper resumes after a wakeup
  TimedOut,  // a sleeper resumes because its timeout fired (forced: no other thread could run)
  RcuReadLock,
  RcuReadUnlock,
  CallRcu,
  RcuCallback,
  Load,
  Store,
  Exchange,
  CompareExchange,
  FetchAdd,
  IncNotZero,
  Alloc,
  Free,
  Choose,
  LatchSet,
  LatchWait,
  MaySleep,    // an explicit blocking point with no other effect (copyin/copyout, cond_resched)
  ListFirst,   // an intrusive list's head read (primitives/intrusive_list.hpp)
  ListNext,    // one walk step: an element's link read
  ListInsert,  // an insert: the new element's link, its neighbours' links and/or the head
  ListRemove,  // an unlink: the element's link, its neighbours' links and/or the head
  Yield,
  Fence,  // a seq_cst fence under --memory-model rc11 (other fences and sc mode make no step)
};

[[nodiscard]] std::string_view to_string(OpKind op);

// 8, not fewer: a thread that holds several LWKT tokens and blocks releases each of them in one
// event, and an overflow to kEverything loses those releases (DPOR then plans branches for
// threads still waiting for a token: scenarios/kq/proc_track_livelock_fork_first.scn).
inline constexpr int kMaxAccesses = 8;

// A fixed small set of accesses; past kMaxAccesses it degrades to one access to kEverything.
struct AccessSet {
  std::array<Access, kMaxAccesses> items{};
  std::uint8_t size = 0;

  void add(Access a) {
    if (size == kMaxAccesses) {
      items[0] = {kEverything, AccessKind::Write};
      size = 1;
      return;
    }
    if (size == 1 && items[0].object == kEverything) return;
    items[size++] = a;
  }
  [[nodiscard]] bool conflicts_with(const AccessSet& other) const {
    for (int i = 0; i < size; ++i)
      for (int j = 0; j < other.size; ++j)
        if (conflicts(items[i], other.items[j])) return true;
    return false;
  }
};

// Event::value of an RwUnlock by a reader (a writer's is 0): DPOR must know that a reader's
// release never lets another reader in, since readers do not wait for each other.
inline constexpr Value kReaderRelease = 1;

// Event::value of a Woken event that no wakeup ended (0 when one did): a signal, or an early
// timeout (ExecutionOptions::early_timeouts).
inline constexpr Value kSleepInterrupted = 1;
inline constexpr Value kSleepEarlyTimeout = 2;

// A visible event. `index` counts the thread's own events; `enabler` is the index in the trace of
// the event that made this one possible (a wakeup for Woken), so DPOR never tries to reverse them.
struct Event {
  ThreadId thread = kNoThread;
  OpKind op = OpKind::Yield;
  std::uint32_t index = 0;
  AccessSet accesses;
  ObjectId object = kNoObject;  // the object shown for this event
  std::int32_t enabler = -1;
  // The value taken by a data choice this event made (Choose, or under --memory-model rc11 the
  // store a load reads or the place of a store in its location's order); -1 when it made none.
  // Replay tokens and DPOR's wakeup sequences carry it. (It fills padding: Event stays 128 bytes.)
  std::int32_t pick = -1;
  Value value = 0;  // value read, result, or the value chosen
  // A read-modify-write's value before it (fetch_add, inc_not_zero), so a trace can show the
  // change ("-1: 1 -> 0") rather than only the result; unset when a check stopped the step before
  // it changed anything (the violating event of a use-after-free).
  std::optional<Value> before;
  const char* seed = "";
  std::source_location loc{};
};

}  // namespace kmc
