// Builds small Traces by hand for the picture tests: threads, objects and events in trace order.
#pragma once

#include <string>

#include "checker/trace.hpp"

namespace kmc::testing {

// Appends threads, objects and events to a Trace; each add returns the new id / trace index.
class TraceBuilder {
 public:
  ThreadId thread(std::string name, bool finished = true, std::string blocked_on = {}) {
    trace_.threads.push_back(ThreadInfo{std::move(name), finished, std::move(blocked_on)});
    return static_cast<ThreadId>(trace_.threads.size() - 1);
  }
  ObjectId object(ObjectKind kind, std::string name, std::string lock_class = {}) {
    const auto id = static_cast<ObjectId>(trace_.objects.size() + 100);
    trace_.objects.push_back(ObjectInfo{id, kind, std::move(name), std::move(lock_class)});
    return id;
  }
  // An event of `t` on `object` with one access of `access` to it (none when kNoObject).
  std::int32_t event(ThreadId t, OpKind op, ObjectId object, AccessKind access,
                     const char* seed = "S1", Value value = 0, std::int32_t enabler = -1) {
    Event e;
    e.thread = t;
    e.op = op;
    e.object = object;
    e.value = value;
    e.enabler = enabler;
    e.seed = seed;
    std::uint32_t index = 0;
    for (const Event& o : trace_.events) index += o.thread == t ? 1 : 0;
    e.index = index;
    if (object != kNoObject) e.accesses.add({object, access});
    trace_.events.push_back(e);
    return static_cast<std::int32_t>(trace_.events.size() - 1);
  }
  std::int32_t lock(ThreadId t, ObjectId m) {
    return event(t, OpKind::MutexLock, m, AccessKind::Acquire, "L");
  }
  std::int32_t unlock(ThreadId t, ObjectId m) {
    return event(t, OpKind::MutexUnlock, m, AccessKind::Release, "U");
  }
  void violate(ViolationKind kind, std::string message, ThreadId t, std::int32_t event) {
    Violation v;
    v.kind = kind;
    v.message = std::move(message);
    v.thread = t;
    v.event = event;
    trace_.violation = v;
  }
  Trace& trace() { return trace_; }

 private:
  Trace trace_;
};

}  // namespace kmc::testing
