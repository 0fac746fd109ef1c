// The earlier events DPOR's race analysis must look at for one event of a finished execution, in
// descending order, without visiting every earlier event (which made the analysis of a long
// execution quadratic). Per object, per kind of access and per thread it keeps the events that
// touched the object; for an event j it merges, newest first, only the lists whose accesses can
// conflict with j's or be a release j's acquire waited for (checker/strategies/dpor.cpp). Once the
// analysis has met a conflicting event of a thread, that thread's earlier events cannot matter
// (each is ordered before it, so their clocks are already joined), and done() drops the thread.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "checker/event.hpp"

namespace kmc {

class DporCandidates {
 public:
  static constexpr std::size_t kEnd = static_cast<std::size_t>(-1);

  // Forgets every event; the memory of the lists is kept for the next execution.
  void reset(std::size_t threads);
  // Event `e` at trace position j has been analysed: a later event may race with it. `executed`:
  // a pending event (never executed) is an alternative to the others and orders nothing later,
  // so only an executed one joins the object lists; every event with an access counts for an
  // event that touches everything.
  void add(const Event& e, std::size_t j, bool executed);
  // Starts the scan for event `ej` (the events added so far all precede it).
  void begin(const Event& ej);
  // The next earlier event to look at, newest first (each at most once); kEnd when none is left.
  [[nodiscard]] std::size_t next();
  // Thread `t`'s earlier events need not be looked at any more.
  void done(ThreadId t) { done_ |= 1ull << t; }

 private:
  // The kinds of lists; reader releases apart, since a reader waits for none of them.
  enum List : std::uint8_t { kRead, kWrite, kAcquire, kShared, kRelease, kReaderRelease, kLists };
  struct ObjectLists {
    std::uint64_t threads = 0;                                    // threads with an entry
    std::vector<std::vector<std::uint32_t>> lists[List::kLists];  // [list][thread]
  };
  struct Cursor {
    const std::uint32_t* items = nullptr;
    std::size_t left = 0;  // items[left - 1] is the next one
    ThreadId thread = kNoThread;
  };
  static List list_of(const Event& e, AccessKind kind);
  void push(const std::uint32_t* items, std::size_t size, ThreadId thread);

  std::size_t threads_ = 0;
  std::unordered_map<ObjectId, ObjectLists> objects_;
  std::vector<std::int64_t> last_everything_;  // per thread: its last executed kEverything event
  std::vector<std::int64_t> last_touch_;       // per thread: its last event with any access
  std::vector<std::uint32_t> singles_;         // the one-event lists of the current scan
  std::vector<Cursor> heap_;                   // max-heap on the next item
  std::uint64_t done_ = 0;
  std::size_t last_ = kEnd;  // the event next() returned last (lists can share an event)
};

}  // namespace kmc
