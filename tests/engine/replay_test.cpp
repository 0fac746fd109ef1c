// Replay: fail -> token -> replay -> the same verdict and the same trace; damaged tokens rejected.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "bench/bench.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/replay_token.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

LambdaProgram racy_counter() {
  return LambdaProgram([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    for (int t = 0; t < 3; ++t) {
      ex.spawn("T" + std::to_string(t), [&] {
        const int seen = x.load("load");
        (void)ex.choose(2, "coin");
        x.store(seen + 1, "store");
      });
    }
    ex.add_end_check([&x]() -> std::optional<Violation> {
      if (x.peek() == 3) return std::nullopt;
      Violation v;
      v.kind = ViolationKind::Assertion;
      v.message = "lost update: x = " + std::to_string(x.peek());
      return v;
    });
  });
}

TEST(Replay, CounterexampleReplaysToTheSameVerdictAndTrace) {
  for (const char* strategy : {"dpor", "dfs", "random", "pct", "bounded"}) {
    const LambdaProgram p = racy_counter();
    const RunResult r = testing::run_all(p, strategy, /*keep_going=*/false);
    ASSERT_TRUE(r.violated()) << strategy;
    const Counterexample& c = r.counterexamples.front();
    const Trace again = replay_once(p, c.replay, ExecutionOptions{});
    ASSERT_TRUE(again.violation.has_value());
    EXPECT_EQ(again.violation->kind, c.violation.kind);
    EXPECT_EQ(again.violation->message, c.violation.message);
    ASSERT_EQ(again.events.size(), c.trace.events.size());
    for (std::size_t i = 0; i < again.events.size(); ++i) {
      EXPECT_EQ(again.events[i].thread, c.trace.events[i].thread);
      EXPECT_EQ(again.events[i].op, c.trace.events[i].op);
      EXPECT_EQ(again.events[i].value, c.trace.events[i].value);
    }
  }
}

TEST(Replay, TokensRoundTripAndDamageIsRejected) {
  Schedule s;
  s.threads = {0, 0, 0, 1, 2, 2, 1, 0, 63};
  s.values = {1, 0, 7};
  const std::string token = encode_token(s);
  std::string error;
  auto back = decode_token(token, error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->threads, s.threads);
  EXPECT_EQ(back->values, s.values);
  for (const std::string& bad :
       {std::string(""), std::string("X1.abc.00000000"), token.substr(0, token.size() - 1),
        token + "0", "K1.!!!!." + token.substr(token.size() - 8)}) {
    error.clear();
    EXPECT_FALSE(decode_token(bad, error).has_value()) << bad;
    EXPECT_FALSE(error.empty());
  }
  std::string flipped = token;
  flipped[4] = flipped[4] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(decode_token(flipped, error).has_value());
}

TEST(Replay, DamagedScheduleBehindAGoodChecksumIsRejected) {
  Schedule one;
  one.threads = {0};
  // events 1; thread 0 runs 1; no choices: encode_token's bytes, wrapped the same way.
  EXPECT_EQ(token_of_bytes(std::string("\x01\x00\x01\x00", 4)), encode_token(one));
  const std::pair<std::string, std::string> damaged[] = {
      {std::string(), "(event count)"},
      {std::string("\x02\x00\x03\x00", 4), "(schedule)"},  // a run past the event count
      {std::string("\x01\x40\x01\x00", 4), "(schedule)"},  // thread 64: past kMaxThreads
      // A run of 2^64-1 after one event: size + run wrapped to 0, passed the check, and the
      // insert threw std::length_error out of decode_token (found by tests/fuzz_targets).
      {std::string("\x02\x00\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 14), "(schedule)"},
      {std::string("\x01\x00\x01\x02\x07", 5), "(choices)"},  // more choices than events
      {std::string("\x01\x00\x01\x00\x05", 5), "trailing data"},
  };
  for (const auto& [bytes, why] : damaged) {
    std::string error;
    EXPECT_FALSE(decode_token(token_of_bytes(bytes), error).has_value()) << why;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  }
}

TEST(Replay, ATokenForAnotherProgramIsRefused) {
  const LambdaProgram p = racy_counter();
  const RunResult r = testing::run_all(p, "dpor", false);
  ASSERT_TRUE(r.violated());
  std::string err;
  auto other = bench::make_benchmark("readers", 1, err);
  EXPECT_THROW((void)replay_once(*other, r.counterexamples[0].replay, ExecutionOptions{}),
               std::invalid_argument);
}

}  // namespace
}  // namespace kmc
