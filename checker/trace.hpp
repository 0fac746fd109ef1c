// An execution as plain data: its threads, objects and events, and the violations it recorded.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/event.hpp"

namespace kmc {

// What kind of engine object an id names; printers use it to pick shapes and edges.
enum class ObjectKind : std::uint8_t {
  Mutex,
  SpinLock,
  RwLock,
  Token,
  Channel,
  Rcu,
  Atomic,
  Shared,
  Tracked,
  HeapCell,
  RefCount,
  Latch,
  Internal,
};

struct ObjectInfo {
  ObjectId id = kNoObject;
  ObjectKind kind = ObjectKind::Internal;
  std::string name;        // e.g. "file_lock#1" or "ksem#2"
  std::string lock_class;  // lockdep class for locks, empty otherwise
};

struct ThreadInfo {
  std::string name;
  bool finished = false;
  std::string blocked_on;  // at the end: what a blocked thread waits for ("" when not blocked)
};

// A violation with the place it was seen; `event` indexes Trace::events (-1: at the end).
struct Violation {
  ViolationKind kind = ViolationKind::Assertion;
  std::string message;
  ThreadId thread = kNoThread;
  std::int32_t event = -1;
  const char* seed = "";
  std::source_location loc{};
  // Other places that take part (the conflicting access, the other lock acquisition, ...).
  std::vector<std::string> related;
};

struct Trace {
  std::vector<ThreadInfo> threads;
  std::vector<ObjectInfo> objects;
  std::vector<Event> events;
  // The violation that stopped the execution, if one did.
  std::optional<Violation> violation;
  // Under keep-going: the survivable violations recorded while the execution went on, in order
  // (the first of each kind only; see Execution::warn).
  std::vector<Violation> survived;
  // After a violation stopped the execution: the next event of each other thread that could have
  // run instead of the violating step. Not executed; DPOR races them against the trace (and
  // against that step) so that other orders are still explored. Without a violation: the next
  // event of each thread left blocked that could run at some point and was then disabled by
  // another thread's step (a cancelled callout), which DPOR races against the trace likewise.
  std::vector<Event> pending;
  // (event, enabler) pairs beyond Event::enabler, in event order: each enabler must precede its
  // event in every execution (indices past `events` refer to `pending`).
  std::vector<std::pair<std::int32_t, std::int32_t>> enablers;

  [[nodiscard]] const ObjectInfo* object(ObjectId id) const;
  [[nodiscard]] std::string object_name(ObjectId id) const;
  // Whether the execution recorded a violation of `kind`, whether or not it stopped there.
  [[nodiscard]] bool records(ViolationKind kind) const;
};

}  // namespace kmc
