// Fields of the fd model that are written under file_lock but also read without it: RCU pointers
// (files->fdt, fdt->fd[i]) and the bitmaps (open_fds, close_on_exec). Built on the engine's
// PendingOp/RaceCheck so that lockless accesses are scheduling points and locked ones are not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/race_check.hpp"

namespace kmc::fd {

// An RCU-published pointer, stored as a model handle (0 = NULL). Every write happens under the
// structure's lock or on memory no other thread can see yet; reads are either lockless (RCU, a
// scheduling point that synchronises like rcu_dereference) or under that same lock (no step: the
// lock already orders them with every write, so DPOR loses nothing).
class RcuVar {
 public:
  RcuVar(Execution& ex, std::string name, Value initial);
  RcuVar(const RcuVar&) = delete;
  RcuVar& operator=(const RcuVar&) = delete;

  // rcu_dereference / READ_ONCE: one visible load.
  [[nodiscard]] Value rcu_load(Site site);
  // A read under the lock that orders every write: no step, race-checked, use-after-free-checked.
  [[nodiscard]] Value locked_get(Site site);
  // rcu_assign_pointer: one visible store (conflicts with lockless loads).
  void publish(Value v, Site site);
  // A write to memory no other thread can reach yet (a table being built): no step.
  void init(Value v, Site site);
  // xchg(): one visible read-modify-write; returns the old value.
  [[nodiscard]] Value exchange(Value v, Site site);
  // The value without any check, for invariants and end checks (not for model threads).
  [[nodiscard]] Value peek() const { return value_; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  void step(OpKind kind, AccessKind access, Site site);

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  Value value_;
  VectorClock clock_;
  RaceCheck race_;
};

// A bitmap of `nwords` words of `bits_per_word` bits (BITS_PER_LONG = W, scaled down). Word-wise
// access as the seed does it. Locked accesses are not steps; a visible write or a lockless test is
// one step (close_on_exec is tested under RCU only by get_close_on_exec). An index past the end
// is an out-of-bounds access to the table's memory: an `invariant` violation (FD-I3).
class Bitmap {
 public:
  Bitmap(Execution& ex, std::string name, int nwords, int bits_per_word);
  Bitmap(const Bitmap&) = delete;
  Bitmap& operator=(const Bitmap&) = delete;

  [[nodiscard]] int words() const { return static_cast<int>(words_.size()); }
  [[nodiscard]] int bits() const { return words() * w_; }

  // Under the lock (no step).
  [[nodiscard]] bool test(Value bit, Site site);
  void set(Value bit, Site site) { put(bit, true, site, false); }
  void reset(Value bit, Site site) { put(bit, false, site, false); }
  [[nodiscard]] std::uint64_t word(int i, Site site);
  void set_word(int i, std::uint64_t v, Site site);  // no step (private or locked memory)

  // Visible writes (one step each), for bitmaps that lockless readers test.
  void set_visible(Value bit, Site site) { put(bit, true, site, true); }
  void reset_visible(Value bit, Site site) { put(bit, false, site, true); }
  void set_word_visible(int i, std::uint64_t v, Site site);
  // test_bit without the lock (one visible load).
  [[nodiscard]] bool test_lockless(Value bit, Site site);

  // For invariants (no checks).
  [[nodiscard]] bool peek(Value bit) const;
  [[nodiscard]] std::uint64_t peek_word(int i) const { return words_[i]; }
  [[nodiscard]] ObjectId id() const { return id_; }

 private:
  void bounds(Value bit, Site site);
  void word_bounds(int i, Site site);
  void put(Value bit, bool on, Site site, bool visible);
  void step(OpKind kind, AccessKind access, Site site);

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  int w_;
  std::vector<std::uint64_t> words_;
  RaceCheck race_;
};

}  // namespace kmc::fd
