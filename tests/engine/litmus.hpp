// The classic litmus tests as engine programs, each built from the memory orders of its accesses
// and fences, and a helper that explores one under a memory model and collects its outcomes (the
// registers and final values of every finished execution, as a string such as "1 0").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/primitives/variables.hpp"
#include "checker/primitives/weak_memory.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc::testing {

// The orders of one variant: of its stores, of its loads, and of the fences between two
// accesses of a thread (Relaxed: no fence).
struct Orders {
  MemoryOrder store = MemoryOrder::Relaxed;
  MemoryOrder load = MemoryOrder::Relaxed;
  MemoryOrder fence = MemoryOrder::Relaxed;
  // A second fence kind for the reading side where a test has one (MP, S: smp_wmb + smp_rmb).
  std::optional<MemoryOrder> read_fence;
  [[nodiscard]] MemoryOrder reader_fence() const { return read_fence.value_or(fence); }
};

// The order of a test's plain data accesses (x in MP and S): seq_cst in the seq_cst variant,
// relaxed otherwise.
[[nodiscard]] constexpr MemoryOrder data(Orders o) {
  return o.store == MemoryOrder::SeqCst ? MemoryOrder::SeqCst : MemoryOrder::Relaxed;
}

inline constexpr Orders kRelaxed{};
inline constexpr Orders kRelAcq{MemoryOrder::Release, MemoryOrder::Acquire, MemoryOrder::Relaxed,
                                std::nullopt};
inline constexpr Orders kSeqCst{MemoryOrder::SeqCst, MemoryOrder::SeqCst, MemoryOrder::Relaxed,
                                std::nullopt};
inline constexpr Orders kScFences{MemoryOrder::Relaxed, MemoryOrder::Relaxed, MemoryOrder::SeqCst,
                                  std::nullopt};
// smp_wmb on the writing side and smp_rmb on the reading side.
inline constexpr Orders kWmbRmb{MemoryOrder::Relaxed, MemoryOrder::Relaxed, MemoryOrder::Release,
                                MemoryOrder::Acquire};

// What a litmus program records: its registers (set by the threads) and, at the end, the
// outcome string built by `outcome` from them and the final values.
struct LitmusState {
  std::vector<int> r = std::vector<int>(4, -1);
};

// Builds a litmus program: `threads(ex, vars, state)` spawns the threads over `vars` (x, y) and
// `outcome(vars, state)` names a finished execution's outcome.
struct LitmusSpec {
  std::function<void(Execution&, std::vector<Atomic<int>*>&, LitmusState&)> threads;
  std::function<std::string(std::vector<Atomic<int>*>&, LitmusState&)> outcome;
};

// The outcomes of every finished execution and the run's counts.
struct LitmusResult {
  std::set<std::string> outcomes;
  RunResult run;
};

// Explores `spec` under `model` with `strategy` (random and pct: 1000 samples).
inline LitmusResult explore_litmus(const LitmusSpec& spec, MemoryModel model,
                                   const std::string& strategy = "dpor") {
  LitmusResult out;
  LambdaProgram program([&](Execution& ex, Bag& bag) {
    auto& x = bag.make<Atomic<int>>(ex, "x", 0);
    auto& y = bag.make<Atomic<int>>(ex, "y", 0);
    auto& vars = bag.make<std::vector<Atomic<int>*>>(std::vector<Atomic<int>*>{&x, &y});
    auto& state = bag.make<LitmusState>();
    spec.threads(ex, vars, state);
    ex.add_end_check([&]() -> std::optional<Violation> {
      out.outcomes.insert(spec.outcome(vars, state));
      return std::nullopt;
    });
  });
  ExecutionOptions options;
  options.memory_model = model;
  out.run = run_all(program, strategy, true, 2, options);
  return out;
}

using Action = std::function<void()>;

// A store of `v` to `a` / a load of `a` into `r`, with order `o`.
inline Action st(Atomic<int>& a, int v, MemoryOrder o) {
  return [&a, v, o] { a.store(v, "store", o); };
}
inline Action ld(Atomic<int>& a, int& r, MemoryOrder o) {
  return [&a, &r, o] { r = a.load("load", o); };
}

// Spawns `name` running `actions` in order, with a fence of `between` between each two.
inline void thread(Execution& ex, const char* name, std::vector<Action> actions,
                   MemoryOrder between = MemoryOrder::Relaxed) {
  ex.spawn(name, [&ex, actions = std::move(actions), between] {
    for (std::size_t i = 0; i < actions.size(); ++i) {
      if (i > 0) fence(ex, between, "fence");
      actions[i]();
    }
  });
}

// "a b ..." of the registers `regs` of `s`.
inline std::string regs(const LitmusState& s, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += (i ? " " : "") + std::to_string(s.r[i]);
  return text;
}

// Store buffering: x=1; y? || y=1; x?  (weak: 0 0).
inline LitmusSpec sb(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {st(*v[0], 1, o.store), ld(*v[1], s.r[0], o.load)}, o.fence);
            thread(ex, "T1", {st(*v[1], 1, o.store), ld(*v[0], s.r[1], o.load)}, o.fence);
          },
          [](auto&, LitmusState& s) { return regs(s, 2); }};
}

// Message passing: x=1; y=1 || y?; x?  (weak: 1 0). Only y's accesses take the orders.
inline LitmusSpec mp(Orders o) {
  return {
      [o](Execution& ex, auto& v, LitmusState& s) {
        thread(ex, "T0", {st(*v[0], 1, data(o)), st(*v[1], 1, o.store)}, o.fence);
        thread(ex, "T1", {ld(*v[1], s.r[0], o.load), ld(*v[0], s.r[1], data(o))}, o.reader_fence());
      },
      [](auto&, LitmusState& s) { return regs(s, 2); }};
}

// Load buffering: x?; y=1 || y?; x=1  (weak: 1 1, a po-rf cycle RC11 forbids at every order).
inline LitmusSpec lb(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {ld(*v[0], s.r[0], o.load), st(*v[1], 1, o.store)}, o.fence);
            thread(ex, "T1", {ld(*v[1], s.r[1], o.load), st(*v[0], 1, o.store)}, o.fence);
          },
          [](auto&, LitmusState& s) { return regs(s, 2); }};
}

// Independent reads of independent writes: x=1 || y=1 || x?; y? || y?; x?  (weak: 1 0 1 0).
inline LitmusSpec iriw(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "W0", {st(*v[0], 1, o.store)});
            thread(ex, "W1", {st(*v[1], 1, o.store)});
            thread(ex, "R0", {ld(*v[0], s.r[0], o.load), ld(*v[1], s.r[1], o.load)}, o.fence);
            thread(ex, "R1", {ld(*v[1], s.r[2], o.load), ld(*v[0], s.r[3], o.load)}, o.fence);
          },
          [](auto&, LitmusState& s) { return regs(s, 4); }};
}

// Write-to-read causality: x=1 || x?; y=1 || y?; x?  (weak: 1 1 0).
inline LitmusSpec wrc(Orders o) {
  return {
      [o](Execution& ex, auto& v, LitmusState& s) {
        thread(ex, "T0", {st(*v[0], 1, o.store)});
        thread(ex, "T1", {ld(*v[0], s.r[0], o.load), st(*v[1], 1, o.store)}, o.fence);
        thread(ex, "T2", {ld(*v[1], s.r[1], o.load), ld(*v[0], s.r[2], o.load)}, o.reader_fence());
      },
      [](auto&, LitmusState& s) { return regs(s, 3); }};
}

// The final value of x (i = 0) or y (i = 1).
inline std::string final_of(std::vector<Atomic<int>*>& v, int i) {
  return std::to_string(v[i]->peek());
}

// 2+2W: x=1; y=2 || y=1; x=2  (outcome: final x y; weak: 1 1).
inline LitmusSpec two_plus_two_w(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState&) {
            thread(ex, "T0", {st(*v[0], 1, o.store), st(*v[1], 2, o.store)}, o.fence);
            thread(ex, "T1", {st(*v[1], 1, o.store), st(*v[0], 2, o.store)}, o.fence);
          },
          [](auto& v, LitmusState&) { return final_of(v, 0) + " " + final_of(v, 1); }};
}

// Coherence of read-read: x=1 || x?; x?  (forbidden at every order: 1 0).
inline LitmusSpec corr(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {st(*v[0], 1, o.store)});
            thread(ex, "T1", {ld(*v[0], s.r[0], o.load), ld(*v[0], s.r[1], o.load)}, o.fence);
          },
          [](auto&, LitmusState& s) { return regs(s, 2); }};
}

// Coherence of write-read: x=1; x? || x=2  (outcome: r, final x; forbidden: 0 _, 2 1).
inline LitmusSpec cowr(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {st(*v[0], 1, o.store), ld(*v[0], s.r[0], o.load)}, o.fence);
            thread(ex, "T1", {st(*v[0], 2, o.store)});
          },
          [](auto& v, LitmusState& s) { return regs(s, 1) + " " + final_of(v, 0); }};
}

// R: x=1; y=1 || y=2; x?  (outcome: final y, r; weak: 2 0).
inline LitmusSpec r_test(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {st(*v[0], 1, o.store), st(*v[1], 1, o.store)}, o.fence);
            thread(ex, "T1", {st(*v[1], 2, o.store), ld(*v[0], s.r[0], o.load)}, o.fence);
          },
          [](auto& v, LitmusState& s) { return final_of(v, 1) + " " + regs(s, 1); }};
}

// S: x=2; y=1 || y?; x=1  (outcome: r, final x; weak: 1 2). Only y's accesses take the orders.
inline LitmusSpec s_test(Orders o) {
  return {[o](Execution& ex, auto& v, LitmusState& s) {
            thread(ex, "T0", {st(*v[0], 2, data(o)), st(*v[1], 1, o.store)}, o.fence);
            thread(ex, "T1", {ld(*v[1], s.r[0], o.load), st(*v[0], 1, data(o))}, o.reader_fence());
          },
          [](auto& v, LitmusState& s) { return regs(s, 1) + " " + final_of(v, 0); }};
}

}  // namespace kmc::testing
