// Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL'14) with sleep sets and wakeup trees:
// one execution per Mazurkiewicz trace of the dependency relation of checker/types.hpp.
// Races are found on each finished execution and reversed by inserting wakeup sequences.
#pragma once

#include <unordered_map>
#include <vector>

#include "checker/strategies/dpor_candidates.hpp"
#include "checker/strategies/wakeup_tree.hpp"
#include "checker/strategy.hpp"

namespace kmc {

// Whether acquire `b`, coming after release `a` of another thread, waited for it: `a` releases a
// lock `b` acquires (any release for an exclusive acquire, a writer's release for a reader).
[[nodiscard]] bool dpor_waited_for(const Event& a, const Event& b);

class DporStrategy final : public Strategy {
 public:
  [[nodiscard]] bool begin_execution() override;
  [[nodiscard]] ThreadId pick(const SchedulingPoint& point) override;
  [[nodiscard]] std::uint32_t pick_value(std::uint32_t depth, std::uint32_t count) override;
  void end_execution(const Trace& trace, bool abandoned) override;
  [[nodiscard]] bool exhaustive() const override { return true; }
  [[nodiscard]] std::string_view name() const override { return "dpor"; }
  [[nodiscard]] std::uint64_t anomalies() const override { return disabled_; }
  // Checked for each event of the analysed execution and each race reversed: once passed, the
  // analysis stops where it is and the exploration ends (the runner reports it incomplete).
  void set_deadline(Deadline* deadline) override { deadline_ = deadline; }

 private:
  struct SleepEntry {
    ThreadId thread;
    AccessSet access;  // the thread's next event at the node
  };
  struct Node {
    std::uint64_t enabled = 0;
    bool every_thread = false;  // every enabled thread is planned here (SchedulingPoint)
    std::vector<SleepEntry> sleep;
    WakeupTree wut;  // branches still to explore (the one being explored is detached)
    ThreadId chosen = kNoThread;
    AccessSet access;  // of the event executed at this node
    std::uint32_t value = 0;
    std::uint32_t values = 0;  // > 0: the event is a data choice with this many values
    // A data choice taken on a wakeup branch starts with the value the branch's sequence saw
    // (`first`, from WakeupTree::Node::value; -1: none, then 0), then takes the others in order.
    std::int32_t want = -1;
    std::uint32_t first = 0;
    std::uint32_t tried = 0;  // values taken so far
  };
  // Happens-before of one finished execution, as per-event vector clocks.
  struct Clocks {
    std::size_t threads = 0;
    std::vector<std::uint32_t> vc;  // vc[e * threads + t]: events of t ordered before-or-at e
    const Trace* trace = nullptr;
    [[nodiscard]] bool before(std::size_t a, std::size_t b) const {
      const Event& ea = trace->events[a];
      return vc[b * threads + ea.thread] > ea.index;
    }
  };

  [[nodiscard]] bool out_of_time() {
    if (!stopped_ && deadline_ != nullptr && deadline_->passed()) stopped_ = true;
    return stopped_;
  }
  [[nodiscard]] bool choose_branch(Node& node);
  // Plans a branch for every enabled thread neither in `planned` nor in the tree: where only
  // timeouts can fire (which fires first is a choice), in big-lock mode (SchedulingPoint::
  // every_thread), and as the Flanagan-Godefroid fallback for a branch that cannot run.
  void plan_every_enabled(Node& node, std::uint64_t planned);
  // Joins into covered_ the clocks of the events that enabled event j (Trace::enablers).
  void join_enablers(const Trace& trace, std::size_t j);
  void analyse(const Trace& trace);
  void reverse_race(const Clocks& clocks, std::size_t i, std::size_t j);
  // Fills waits_ with what each lock `ej` acquires waits for, when `ej` also touches another
  // object (a resuming LWKT token holder takes all its tokens back in one event).
  void collect_lock_waits(const Event& ej);
  // Whether every conflict of `ei` with `ej` is ordered through the release of a lock `ej`
  // acquires other than the conflict's own object: then `ej` cannot run before `ei`.
  [[nodiscard]] bool ordered_by_another_lock(const Event& ei, const Event& ej) const;
  [[nodiscard]] bool sleeping_initial(const Clocks& clocks, const Node& node,
                                      const std::vector<std::size_t>& v) const;
  void insert(const Clocks& clocks, WakeupTree& wut, std::vector<std::size_t>& w);

  // Per lock-like object, what its acquires wait for (see analyse()).
  struct LockClocks {
    std::vector<std::uint32_t> exclusive_release;
    std::vector<std::uint32_t> shared_releases;
    ThreadId exclusive_holder = kNoThread;
  };

  std::vector<Node> stack_;  // slots [0, depth_) are the current path; the rest keep memory
  std::size_t depth_ = 0;
  WakeupTree pending_;        // handed to the next new node
  bool fresh_child_ = false;  // the next new node starts with an empty sleep set (a new value)
  // Scratch of the race analysis, kept across executions so that it allocates nothing.
  Clocks clocks_;
  std::vector<std::int64_t> last_;
  std::vector<std::int64_t> spawned_by_;
  std::vector<std::pair<std::size_t, std::size_t>> races_;
  std::unordered_map<ObjectId, LockClocks> locks_;
  struct LockWait {
    ObjectId object = kNoObject;
    std::vector<std::uint32_t> clock;
  };
  std::vector<LockWait> waits_;  // [0, waits_used_) hold the current event's lock waits
  std::size_t waits_used_ = 0;
  std::vector<std::size_t> sequence_;
  DporCandidates candidates_;  // the earlier events each event of the trace may race with
  // A violating execution with its pending events appended (see end_execution()).
  Trace extended_;
  std::size_t real_events_ = 0;  // events of the analysed trace that were executed
  bool cut_short_ = false;       // the analysed trace ended in a violation
  bool started_ = false;
  Deadline* deadline_ = nullptr;
  bool stopped_ = false;  // the deadline passed during an analysis
  std::uint64_t disabled_ = 0;
  std::vector<std::uint32_t> covered_;
  std::size_t next_enabler_ = 0;  // cursor into Trace::enablers during analyse()
};

}  // namespace kmc
