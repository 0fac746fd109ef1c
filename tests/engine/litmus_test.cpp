// Litmus tests as golden outcome sets under --memory-model rc11: each variant must give exactly
// the outcomes RC11 allows, under DPOR and DFS, with the number of executions each needs.
// Source of the allowed sets: Lahav, Vafeiadis, Kang, Hur, Dreyer, "Repairing Sequential
// Consistency in C/C++11" (PLDI 2017), the RC11 model, as herd7 runs it with its rc11.cat; the
// outcomes named "weak" below are the ones sequential consistency forbids, and for each test the
// paper's section on it (SB, MP, LB, IRIW, WRC, 2+2W, R, S; CoRR and CoWR are coherence) says at
// which orders RC11 allows it. A seq_cst access here is fenced on both sides
// (docs/weak-memory.md), which is exact for these tests, where all accesses share one order.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/engine/litmus.hpp"

namespace kmc {
namespace {
using testing::explore_litmus;
using testing::LitmusSpec;
using testing::Orders;
using Outcomes = std::set<std::string>;

// The executions DPOR and DFS need for one variant (regression counts: a change in the engine
// that explores more or fewer must say so here).
struct Counts {
  std::uint64_t dpor;
  std::uint64_t dfs;
};

// Explores `spec` under rc11 with DPOR, DFS and random sampling: DPOR and DFS must give exactly
// `expected`, complete, in `counts` executions; random may see only outcomes of `expected`.
void expect_rc11(const LitmusSpec& spec, const Outcomes& expected, Counts counts) {
  const auto dpor = explore_litmus(spec, MemoryModel::Rc11, "dpor");
  EXPECT_TRUE(dpor.run.complete);
  EXPECT_EQ(dpor.outcomes, expected) << "dpor";
  EXPECT_EQ(dpor.run.stats.executions, counts.dpor) << "dpor executions";
  EXPECT_EQ(dpor.run.stats.disabled_branches, 0u);
  const auto dfs = explore_litmus(spec, MemoryModel::Rc11, "dfs");
  EXPECT_TRUE(dfs.run.complete);
  EXPECT_EQ(dfs.outcomes, expected) << "dfs";
  EXPECT_EQ(dfs.run.stats.executions, counts.dfs) << "dfs executions";
  const auto random = explore_litmus(spec, MemoryModel::Rc11, "random");
  for (const std::string& o : random.outcomes) EXPECT_TRUE(expected.count(o)) << "random: " << o;
}

using testing::kRelAcq;
using testing::kRelaxed;
using testing::kScFences;
using testing::kSeqCst;
using testing::kWmbRmb;

const Outcomes kTwoBits{"0 0", "0 1", "1 0", "1 1"};

TEST(LitmusRc11, StoreBuffering) {
  expect_rc11(testing::sb(kRelaxed), kTwoBits, {12, 20});
  expect_rc11(testing::sb(kRelAcq), kTwoBits, {12, 20});
  expect_rc11(testing::sb(kSeqCst), {"0 1", "1 0", "1 1"}, {6, 6});
  expect_rc11(testing::sb(kScFences), {"0 1", "1 0", "1 1"}, {8, 38});
}

TEST(LitmusRc11, MessagePassing) {
  expect_rc11(testing::mp(kRelaxed), kTwoBits, {7, 13});
  expect_rc11(testing::mp(kRelAcq), {"0 0", "0 1", "1 1"}, {6, 12});
  expect_rc11(testing::mp(kSeqCst), {"0 0", "0 1", "1 1"}, {6, 6});
  expect_rc11(testing::mp(kWmbRmb), {"0 0", "0 1", "1 1"}, {6, 12});
  // smp_wmb alone does not order the reader's loads.
  Orders wmb_only = kWmbRmb;
  wmb_only.read_fence = MemoryOrder::Relaxed;
  expect_rc11(testing::mp(wmb_only), kTwoBits, {7, 13});
}

TEST(LitmusRc11, LoadBufferingIsForbiddenAtEveryOrder) {
  const Outcomes sc{"0 0", "0 1", "1 0"};
  expect_rc11(testing::lb(kRelaxed), sc, {5, 8});
  expect_rc11(testing::lb(kRelAcq), sc, {5, 8});
  expect_rc11(testing::lb(kSeqCst), sc, {6, 6});
}

// Every 4-bit outcome of IRIW but the weak one is sequentially consistent.
Outcomes iriw_sc() {
  Outcomes all;
  for (int b = 0; b < 16; ++b)
    all.insert(std::to_string(b >> 3 & 1) + " " + std::to_string(b >> 2 & 1) + " " +
               std::to_string(b >> 1 & 1) + " " + std::to_string(b & 1));
  all.erase("1 0 1 0");
  return all;
}

TEST(LitmusRc11, IndependentReadsOfIndependentWrites) {
  Outcomes weak = iriw_sc();
  weak.insert("1 0 1 0");
  expect_rc11(testing::iriw(kRelaxed), weak, {158, 974});
  expect_rc11(testing::iriw(kRelAcq), weak, {158, 974});  // RC11 is not multi-copy atomic
  expect_rc11(testing::iriw(kSeqCst), iriw_sc(), {180, 180});
  expect_rc11(testing::iriw(kScFences), iriw_sc(), {586, 5194});
}

// WRC's sequentially consistent outcomes (r0 r1 r2): all eight but the weak "1 1 0".
const Outcomes kWrcSc{"0 0 0", "0 0 1", "0 1 1", "1 0 0", "1 0 1", "1 1 1", "0 1 0"};

TEST(LitmusRc11, WriteToReadCausality) {
  Outcomes weak = kWrcSc;
  weak.insert("1 1 0");
  expect_rc11(testing::wrc(kRelaxed), weak, {41, 80});
  expect_rc11(testing::wrc(kRelAcq), kWrcSc, {40, 79});
  expect_rc11(testing::wrc(kSeqCst), kWrcSc, {30, 30});
  expect_rc11(testing::wrc(kWmbRmb), kWrcSc, {40, 79});
}

TEST(LitmusRc11, TwoPlusTwoWrites) {
  const Outcomes sc{"1 2", "2 1", "2 2"};
  const Outcomes weak{"1 1", "1 2", "2 1", "2 2"};
  expect_rc11(testing::two_plus_two_w(kRelaxed), weak, {16, 24});
  expect_rc11(testing::two_plus_two_w(kRelAcq), weak, {16, 24});
  expect_rc11(testing::two_plus_two_w(kSeqCst), sc, {6, 6});
  expect_rc11(testing::two_plus_two_w(kScFences), sc, {10, 40});
}

TEST(LitmusRc11, CoherenceReadRead) {
  const Outcomes allowed{"0 0", "0 1", "1 1"};
  expect_rc11(testing::corr(kRelaxed), allowed, {6, 6});
  expect_rc11(testing::corr(kRelAcq), allowed, {6, 6});
  expect_rc11(testing::corr(kSeqCst), allowed, {3, 3});
}

TEST(LitmusRc11, CoherenceWriteRead) {
  const Outcomes allowed{"1 1", "1 2", "2 2"};
  expect_rc11(testing::cowr(kRelaxed), allowed, {8, 8});
  expect_rc11(testing::cowr(kRelAcq), allowed, {8, 8});
  expect_rc11(testing::cowr(kSeqCst), allowed, {3, 3});
}

TEST(LitmusRc11, R) {
  const Outcomes sc{"1 0", "1 1", "2 1"};
  const Outcomes weak{"1 0", "1 1", "2 0", "2 1"};
  expect_rc11(testing::r_test(kRelaxed), weak, {14, 22});
  expect_rc11(testing::r_test(kRelAcq), weak, {14, 22});
  expect_rc11(testing::r_test(kSeqCst), sc, {6, 6});
  expect_rc11(testing::r_test(kScFences), sc, {9, 39});
}

TEST(LitmusRc11, S) {
  const Outcomes sc{"0 1", "0 2", "1 1"};
  const Outcomes weak{"0 1", "0 2", "1 1", "1 2"};
  expect_rc11(testing::s_test(kRelaxed), weak, {8, 14});
  expect_rc11(testing::s_test(kRelAcq), sc, {7, 13});
  expect_rc11(testing::s_test(kSeqCst), sc, {6, 6});
  expect_rc11(testing::s_test(kWmbRmb), sc, {7, 13});
}

// The default memory model ignores the orders: relaxed SB, MP and IRIW stay sequentially
// consistent, as every model's accesses did before memory orders existed.
TEST(LitmusSc, OrdersDoNotWeakenTheDefaultModel) {
  EXPECT_EQ(explore_litmus(testing::sb(kRelaxed), MemoryModel::Sc).outcomes,
            (Outcomes{"0 1", "1 0", "1 1"}));
  EXPECT_EQ(explore_litmus(testing::mp(kRelaxed), MemoryModel::Sc).outcomes,
            (Outcomes{"0 0", "0 1", "1 1"}));
  EXPECT_EQ(explore_litmus(testing::iriw(kRelaxed), MemoryModel::Sc).outcomes, iriw_sc());
  EXPECT_EQ(explore_litmus(testing::two_plus_two_w(kRelaxed), MemoryModel::Sc).outcomes,
            (Outcomes{"1 2", "2 1", "2 2"}));
}

}  // namespace
}  // namespace kmc
