// The orders between threads that a trace shows, recovered from its events as plain edges, and the
// points where the scheduler preempted a thread. Input for the race-trace picture (graph_model).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/trace.hpp"

namespace kmc::reports {

// Why an event of one thread is ordered before an event of another.
enum class OrderKind : std::uint8_t {
  LockHandoff,  // a lock (mutex, spinlock, rwlock, token) released, then acquired by another
  Wakeup,       // wakeup/wakeup_one -> the woken thread's `woken`
  Enables,      // any other enabler: latch set -> latch wait, grace period -> RCU callback
  ReadsFrom,    // an atomic write -> the read (or read-modify-write) that saw it
  FreeUse,      // a free -> a later access to the freed object
  Spawn,        // spawn -> the child's first event
  WaitsFor,     // (graph_model only) the holder's acquire -> a thread blocked on that lock
  Races,        // (graph_model only) a data race's other access -> the violation: NOT ordered
};

// The short name used in DOT attributes and the legend ("lock", "wakeup", "rf", ...).
[[nodiscard]] std::string_view to_string(OrderKind kind);

// An edge between two events of different threads; `from` < `to`, both index Trace::events.
struct OrderEdge {
  std::int32_t from = -1;
  std::int32_t to = -1;
  OrderKind kind = OrderKind::LockHandoff;
  std::string object;  // the object that carries the order, for the edge label
};

// Every cross-thread ordering edge of `trace`, sorted by (to, from). Edges whose two events belong
// to the same thread are left out: program order already says it.
[[nodiscard]] std::vector<OrderEdge> ordering_edges(const Trace& trace);

// For each event, whether the scheduler switched to another thread right after it while the
// event's thread could still run (a preemption). Approximation: the thread has a later event, that
// event was not enabled by something that happened after the switch, the event was not a sleep or
// block, and the later event does not acquire a lock that another thread held at the switch.
[[nodiscard]] std::vector<char> preemption_points(const Trace& trace);

// The lock a thread blocked at the end waits for: the trace index of the acquire by the thread that
// still holds it, or -1 (the thread sleeps, or the holder is unknown).
[[nodiscard]] std::int32_t holder_acquire_of(const Trace& trace, ThreadId blocked);

// For a thread asleep at the end: the last wakeup on its channel by another thread that came before
// its last sleep (the wakeup it missed), or -1.
[[nodiscard]] std::int32_t missed_wakeup_of(const Trace& trace, ThreadId blocked);

// For a data race: the event of the other thread at the place the violation names as the other
// access (Violation::related, "<thread> wrote it at <seed> <file>:<line>"), or -1 when that
// access was not itself a visible event.
[[nodiscard]] std::int32_t racing_event_of(const Trace& trace);

}  // namespace kmc::reports
