// Kernel locks with owners: adaptive mutex (kmutex / Linux mutex), spinlock, reader-writer lock.
// Each acquire and release is a scheduling point; acquisitions feed lock order (lockdep).
#pragma once

#include <string>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"

namespace kmc {

// Adaptive, non-recursive mutex with an owner. Acquiring may sleep; releasing by a thread that
// does not own it is `unlock-not-owner`.
class Mutex {
 public:
  Mutex(Execution& ex, std::string name, std::string_view lock_class);
  // In the current execution (kmc::check); lock order is kept per class (default: the name).
  explicit Mutex(std::string name, std::string_view lock_class = {});
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock(Site site);
  void unlock(Site site);
  // mutex_tryenter: one step; true when the mutex was free and is now owned by the caller.
  [[nodiscard]] bool try_lock(Site site);
  [[nodiscard]] bool owned_by_current() const { return owner_ == ex_.current(); }
  [[nodiscard]] bool is_free() const { return owner_ == kNoThread; }
  [[nodiscard]] ThreadId owner() const { return owner_; }
  [[nodiscard]] ObjectId id() const { return id_; }
  // For sleeps that release this mutex in the same step as they go to sleep (mtsleep).
  void release_in_sleep();

 private:
  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  int class_;
  ThreadId owner_ = kNoThread;
  VectorClock clock_;
};

// Non-recursive spinlock: while one is held, an operation that may sleep is `sleep-in-atomic`.
class SpinLock {
 public:
  SpinLock(Execution& ex, std::string name, std::string_view lock_class);
  // In the current execution (kmc::check); lock order is kept per class (default: the name).
  explicit SpinLock(std::string name, std::string_view lock_class = {});
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void lock(Site site);
  void unlock(Site site);
  [[nodiscard]] bool is_free() const { return owner_ == kNoThread; }
  [[nodiscard]] bool held_by_current() const { return owner_ == ex_.current(); }
  [[nodiscard]] ThreadId owner() const { return owner_; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  int class_;
  ThreadId owner_ = kNoThread;
  VectorClock clock_;
};

// Reader-writer lock (NetBSD krwlock): no recursion; holders recorded; may sleep.
class RwLock {
 public:
  RwLock(Execution& ex, std::string name, std::string_view lock_class);
  // In the current execution (kmc::check); lock order is kept per class (default: the name).
  explicit RwLock(std::string name, std::string_view lock_class = {});
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  void lock_shared(Site site);
  void lock(Site site);
  void unlock(Site site);
  [[nodiscard]] bool is_free() const { return writer_ == kNoThread && readers_ == 0; }
  [[nodiscard]] ThreadId writer() const { return writer_; }
  [[nodiscard]] bool held_by_current() const;
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  int class_;
  ThreadId writer_ = kNoThread;
  int readers_ = 0;
  std::uint64_t reader_mask_ = 0;
  VectorClock clock_;
};

}  // namespace kmc
