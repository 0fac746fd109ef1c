// Tokens that threads outside the program also take (DragonFly pool tokens, Token::
// set_outside_holders, block_if_held_outside): a get by a thread that holds tokens may block. The
// kq model makes every pool token so by default (one such block per thread and execution),
// instead of choosing which of a scenario's objects share a pool token; these tests show that
// this covers every such choice and that DPOR explores it exactly.
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// Three addresses, the pattern of kq/signal_enable_pooltoken.scn: K (a kq), L (a list walked
// under K, as knote() does) and N (a second list that the owner takes under K, as
// kqueue_wakeup's ki_note). T1 walks L and looks under K at whether T2 owns the knote; T2 owns
// it only while it holds K. `token_of[a]` is the token address a uses (equal entries: the pool
// hashed them to one token); `outside`: a token may be held outside the program, at most once
// per thread and execution (the kq model's default bound).
LambdaProgram owner_and_walker(std::array<int, 3> token_of, bool outside,
                               std::set<std::string>& finals) {
  return LambdaProgram([token_of, outside, &finals](Execution& ex, Bag& bag) {
    auto& tokens = bag.make<std::vector<std::unique_ptr<Token>>>();
    for (int i = 0; i < 3; ++i) {
      tokens.push_back(std::make_unique<Token>(ex, "pool" + std::to_string(i)));
      tokens.back()->set_outside_holders(outside ? 1 : 0);
    }
    auto tok = [&tokens, token_of](int addr) -> Token& { return *tokens[token_of[addr]]; };
    enum { K, L, N };
    auto& owned = bag.make<Tracked<int>>(ex, "owned", 0);
    auto& seen = bag.make<std::string>();
    ex.spawn("T1", [&, tok] {
      tok(L).get("list");
      tok(K).get("kq");
      seen = owned.get("PROCESSING?") != 0 ? "saw-owned" : "free";
      tok(K).release("kq");
      tok(L).release("list");
    });
    ex.spawn("T2", [&, tok] {
      tok(K).get("kq");
      owned.set(1, "own");
      tok(N).get("ki_note");
      tok(N).release("ki_note");
      owned.set(0, "release");
      tok(K).release("kq");
    });
    ex.on_teardown([&] { finals.insert(seen); });
  });
}

std::set<std::string> finals_of(std::array<int, 3> token_of, bool outside) {
  std::set<std::string> finals;
  const RunResult r = testing::run_all(owner_and_walker(token_of, outside, finals), "dpor");
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.violated());
  return finals;
}

// Every assignment of K, L and N to pool tokens, up to renaming (the five set partitions).
constexpr std::array<std::array<int, 3>, 5> kPartitions = {
    {{0, 1, 2}, {0, 0, 2}, {0, 1, 0}, {0, 1, 1}, {0, 0, 0}}};

TEST(TokenOutside, CoversEverySharingOfTheProgramsAddresses) {
  const std::set<std::string> with_outside = finals_of({0, 1, 2}, true);
  for (const auto& p : kPartitions) {
    for (const std::string& f : finals_of(p, false)) {
      EXPECT_TRUE(with_outside.count(f) == 1)
          << f << " under sharing " << p[0] << p[1] << p[2] << " is missing";
    }
  }
}

TEST(TokenOutside, ReachesWhatOnlySharingReaches) {
  // With a token per address the owner never blocks while it owns the knote.
  EXPECT_EQ(finals_of({0, 1, 2}, false), std::set<std::string>{"free"});
  // N hashed to L's token: T2 blocks on it while T1 holds L, so T1 gets K and sees the knote owned.
  EXPECT_EQ(finals_of({0, 1, 1}, false), (std::set<std::string>{"free", "saw-owned"}));
  EXPECT_EQ(finals_of({0, 1, 2}, true), (std::set<std::string>{"free", "saw-owned"}));
}

TEST(TokenOutside, DporIsExact) {
  const auto finals = testing::expect_exact([](std::set<std::string>& out) {
    return owner_and_walker({0, 1, 2}, true, out);
  });
  EXPECT_EQ(finals.size(), 2u);
}

// A thread that holds no token loses nothing by blocking, and a recursive get cannot block: no
// extra step.
TEST(TokenOutside, OnlyAGetUnderAnotherTokenBlocks) {
  std::vector<OpKind> ops;
  LambdaProgram p([&ops](Execution& ex, Bag& bag) {
    auto& a = bag.make<Token>(ex, "A");
    auto& b = bag.make<Token>(ex, "B");
    a.set_outside_holders(1);
    b.set_outside_holders(1);
    ex.spawn("T1", [&] {
      a.get("get A");
      a.get("recursive get A");
      b.get("get B under A");
      b.release("rel B");
      a.release("rel A");
      a.release("rel A");
    });
    ex.spawn("T2", [] {});
  });
  const RunResult r = testing::run_all(p, "dpor");
  EXPECT_FALSE(r.violated());
  // T2 runs before or after T1's block; nobody takes A meanwhile, so nothing else differs.
  EXPECT_EQ(r.stats.executions, 1u);
}

// The bound counts only blocks that let another thread in: T1 blocks under A twice, and T2 takes
// A twice. With a bound of 1 T2 may use either of T1's blocks, but not both.
std::set<std::string> two_blocks(int limit) {
  return testing::expect_exact([limit](std::set<std::string>& out) {
    return LambdaProgram([limit, &out](Execution& ex, Bag& bag) {
      auto& a = bag.make<Token>(ex, "A");
      auto& b = bag.make<Token>(ex, "B");
      b.set_outside_holders(limit);
      auto& x = bag.make<Tracked<int>>(ex, "x", 0);
      auto& seen = bag.make<std::string>();
      ex.spawn("T1", [&] {
        a.get("get A");
        x.set(1, "x = 1");
        b.get("first get of B");
        b.release("rel B");
        x.set(2, "x = 2");
        b.get("second get of B");
        b.release("rel B");
        x.set(3, "x = 3");
        a.release("rel A");
      });
      ex.spawn("T2", [&] {
        for (int i = 0; i < 2; ++i) {
          a.get("get A");
          seen += std::to_string(x.get("read x"));
          a.release("rel A");
        }
      });
      ex.on_teardown([&] { out.insert(seen); });
    });
  });
}

TEST(TokenOutside, TheBoundCountsBlocksThatLetAnotherThreadIn) {
  const std::set<std::string> one = two_blocks(1);
  EXPECT_EQ(one.count("12"), 0u);
  for (const char* s : {"00", "03", "33", "11", "13", "22", "23"}) EXPECT_EQ(one.count(s), 1u) << s;
  EXPECT_EQ(two_blocks(2).count("12"), 1u);
}

}  // namespace
}  // namespace kmc
