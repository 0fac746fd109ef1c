// Tiny engine programs whose counterexamples the picture tests draw: ABBA locks (lock order and
// deadlock), a use-after-free, a lost wakeup, and a long three-thread run (about 200 events).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"

namespace kmc::testing {

// Everything one execution of a test program owns.
struct Objects : ProgramInstance {
  std::vector<std::unique_ptr<Mutex>> locks;
  std::vector<std::unique_ptr<Atomic<int>>> atomics;
  std::unique_ptr<WaitChannel> channel;
  struct File {
    int refs = 1;
  };
  Ptr<File> file;
};

// A program given by a name and a function that builds its objects and threads.
class TestProgram final : public Program {
 public:
  using Build = std::function<void(Execution&, Objects&)>;
  TestProgram(std::string name, Build build) : name_(std::move(name)), build_(std::move(build)) {}
  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto objects = std::make_unique<Objects>();
    build_(ex, *objects);
    return objects;
  }
  [[nodiscard]] std::string name() const override { return name_; }

 private:
  std::string name_;
  Build build_;
};

// T1 takes A then B, T2 takes B then A: a lock-order cycle, and a deadlock in some executions.
inline TestProgram abba_program() {
  return TestProgram("abba", [](Execution& ex, Objects& o) {
    o.locks.push_back(std::make_unique<Mutex>(ex, "A", "lock_A"));
    o.locks.push_back(std::make_unique<Mutex>(ex, "B", "lock_B"));
    Mutex& a = *o.locks[0];
    Mutex& b = *o.locks[1];
    ex.spawn("T1", [&a, &b] {
      a.lock("X101");
      b.lock("X102");
      b.unlock("X103");
      a.unlock("X104");
    });
    ex.spawn("T2", [&a, &b] {
      b.lock("X201");
      a.lock("X202");
      a.unlock("X203");
      b.unlock("X204");
    });
  });
}

// The closer frees the file after publishing it; the reader may use it after the free.
inline TestProgram use_after_free_program() {
  return TestProgram("uaf", [](Execution& ex, Objects& o) {
    o.locks.push_back(std::make_unique<Mutex>(ex, "fdt_lock", "fdtable"));
    o.atomics.push_back(std::make_unique<Atomic<int>>(ex, "published", 0));
    o.atomics.push_back(std::make_unique<Atomic<int>>(ex, "nreads", 0));
    ex.spawn("closer", [&ex, &o] {
      o.locks[0]->lock("C1 take the table lock");
      o.file = make<Objects::File>(ex, "file", "C2 allocate", false);
      o.atomics[0]->store(1, "C3 publish");
      o.locks[0]->unlock("C4 drop the table lock");
      heap_of(ex).free(o.file.cell(), "C5 free without waiting for readers");
    });
    ex.spawn("reader", [&o] {
      if (o.atomics[0]->load("D1 see it published") == 0) return;
      o.atomics[1]->fetch_add(1, "D2 count the read");
      o.file.at("D3 read f_count").refs += 1;
    });
  });
}

// The sleeper checks the flag, then sleeps; the waker sets it and wakes between the two.
inline TestProgram lost_wakeup_program() {
  return TestProgram("lost-wakeup", [](Execution& ex, Objects& o) {
    o.atomics.push_back(std::make_unique<Atomic<int>>(ex, "ready", 0));
    o.channel = std::make_unique<WaitChannel>(ex, "ready_cv");
    ex.spawn("sleeper", [&o] {
      if (o.atomics[0]->load("W1 check ready") != 0) return;
      (void)o.channel->sleep("W2 sleep", WaitChannel::SleepOptions{"ready"});
    });
    ex.spawn("waker", [&o] {
      o.atomics[0]->store(1, "W3 set ready");
      o.channel->wakeup("W4 wakeup");
    });
  });
}

// Three workers, each `rounds` rounds of thread-local work and a shared locked counter; the last
// worker fails an assertion at the end, so every execution is a counterexample of ~200 events.
inline TestProgram long_program(int rounds) {
  return TestProgram("long", [rounds](Execution& ex, Objects& o) {
    o.locks.push_back(std::make_unique<Mutex>(ex, "table_lock", "table"));
    o.atomics.push_back(std::make_unique<Atomic<int>>(ex, "nfiles", 0));
    for (int t = 0; t < 3; ++t)
      o.atomics.push_back(std::make_unique<Atomic<int>>(ex, "local" + std::to_string(t), 0));
    for (int t = 0; t < 3; ++t) {
      ex.spawn("worker" + std::to_string(t), [&ex, &o, t, rounds] {
        Atomic<int>& mine = *o.atomics[static_cast<std::size_t>(t) + 1];
        for (int r = 0; r < rounds; ++r) {
          for (int k = 0; k < 8; ++k) {
            if (k % 2 == 0)
              mine.store(r + k, "L1 local store");
            else
              (void)mine.load("L2 local load");
          }
          o.locks[0]->lock("S1 lock");
          o.atomics[0]->fetch_add(1, "S2 count");
          o.locks[0]->unlock("S3 unlock");
        }
        if (t == 2) ex.fail(ViolationKind::Assertion, "worker2 gives up", "A1 assert");
      });
    }
  });
}

// Runs `program` under `strategy` collecting every violation kind (keep_going).
inline RunResult run_program(const Program& program, const std::string& strategy,
                             std::uint64_t executions = 1000, std::uint64_t seed = 1) {
  StrategyOptions options;
  options.name = strategy;
  options.executions = executions;
  options.seed = seed;
  std::string error;
  auto s = make_strategy(options, error);
  if (!s) throw std::runtime_error(error);
  RunOptions run;
  run.keep_going = true;
  return Runner(program, *s, run).run();
}

// The first counterexample of `kind`, or nullptr.
inline const Counterexample* find_kind(const RunResult& r, ViolationKind kind) {
  for (const Counterexample& c : r.counterexamples)
    if (c.violation.kind == kind) return &c;
  return nullptr;
}

}  // namespace kmc::testing
