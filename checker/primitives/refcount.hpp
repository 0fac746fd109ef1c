// Reference counts with ghost holders (spec §0.3): every increment and decrement names who holds
// the reference. Checked after every step: count == number of holders, no underflow, no increment
// from zero (where zero means dying), and at the end no temporary holder left.
#pragma once

#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/race_check.hpp"

namespace kmc {

// Who holds a reference: a kind ("fd-slot", "temp", "knote") and up to two numbers.
// A transient holder (a thread's temporary reference) must be gone at the end of the execution.
struct Holder {
  const char* kind = "";
  Value a = 0;
  Value b = 0;
  bool transient = false;
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] bool same(const Holder& o) const;
};

class RefCount {
 public:
  struct Options {
    bool atomic = true;        // atomic_t: each operation is a scheduling point
    bool zero_is_dead = true;  // an increment from zero is a violation
  };
  RefCount(Execution& ex, std::string name, Options options);
  // In the current execution (kmc::check), atomic, with increments from zero forbidden.
  explicit RefCount(std::string name)
      : RefCount(current_execution("kmc::RefCount"), std::move(name), Options{}) {}
  // In the current execution (kmc::check).
  RefCount(std::string name, Options options)
      : RefCount(current_execution("kmc::RefCount"), std::move(name), options) {}
  RefCount(const RefCount&) = delete;
  RefCount& operator=(const RefCount&) = delete;
  ~RefCount();

  // Sets the initial holders while the object is built (no step).
  void init(std::vector<Holder> holders);
  void inc(const Holder& h, Site site);
  // Decrements; true when the count reached zero.
  [[nodiscard]] bool dec_and_test(const Holder& h, Site site);
  // atomic_inc_not_zero: fails (and takes nothing) when the count is zero.
  [[nodiscard]] bool inc_not_zero(const Holder& h, Site site);
  // atomic_read / a plain read under the lock.
  [[nodiscard]] long read(Site site);
  // Moves a reference from one holder to another (a ghost step: no scheduling point).
  void transfer(const Holder& from, const Holder& to, Site site);

  [[nodiscard]] long count() const { return count_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::string describe_holders() const;
  [[nodiscard]] const std::vector<Holder>& holders() const { return holders_; }
  [[nodiscard]] CellHeader* container() const { return container_.cell(); }

 private:
  void step(OpKind kind, AccessKind access, Site site);
  void remove_holder(const Holder& h, Site site);

  Execution& ex_;
  Container container_{ex_};
  ObjectId id_;
  std::string name_;
  Options options_;
  long count_ = 0;
  std::vector<Holder> holders_;
  VectorClock clock_;
  RaceCheck race_;
};

// Every live RefCount of an execution, for the end-of-execution holder check.
class RefRegistry {
 public:
  explicit RefRegistry(Execution& ex);
  void add(RefCount* rc) { all_.push_back(rc); }
  void remove(RefCount* rc);

 private:
  std::vector<RefCount*> all_;
};

}  // namespace kmc
