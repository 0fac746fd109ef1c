// kmc/gtest.hpp: the assertions pass and fail as they say, a failure shows the counterexample and
// its replay token, and KMC_REPLAY replays a token inside the test.
#include "kmc/gtest.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

struct Node {
  kmc::RefCount ref{"node.ref"};
  kmc::Shared<int> data{"node.data", 7};
  Node() { ref.init({kmc::Holder{"owner"}}); }
};

// One thread drops the owner's reference (freeing the node) while another reads it: the free is
// not ordered after the read (a data-race on the node's memory) unless `hold` gives the reader its
// own reference from the start.
void drop_while_reading(bool hold) {
  const kmc::Ptr<Node> n = kmc::make_initial<Node>("node", "setup");
  if (hold) n.unchecked()->ref.init({kmc::Holder{"owner"}, kmc::Holder{"reader"}});
  kmc::spawn("owner", [n] {
    if (n->ref.dec_and_test(kmc::Holder{"owner"}, "owner: put")) kmc::free(n, "owner: free");
  });
  kmc::spawn("reader", [n, hold] {
    (void)n.at("reader: read").data.load("reader: data");
    if (hold && n->ref.dec_and_test(kmc::Holder{"reader"}, "reader: put"))
      kmc::free(n, "reader: free");
  });
}

TEST(Gtest, ExpectationsPassOnTheRightModels) {
  KMC_EXPECT_VIOLATION(kmc::ViolationKind::DataRace, kmc::Options{},
                       [] { drop_while_reading(false); });
  KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { drop_while_reading(true); });
}

TEST(Gtest, AFailedNoViolationShowsTheTraceAndTheToken) {
  EXPECT_NONFATAL_FAILURE(
      KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { drop_while_reading(false); }),
      "replay with:  KMC_REPLAY=K1.");
  EXPECT_NONFATAL_FAILURE(
      KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { drop_while_reading(false); }), "data-race");
  EXPECT_NONFATAL_FAILURE(
      KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { drop_while_reading(false); }), "reader: read");
}

TEST(Gtest, AFailedViolationSaysWhatWasFoundInstead) {
  EXPECT_NONFATAL_FAILURE(KMC_EXPECT_VIOLATION(kmc::ViolationKind::Deadlock, kmc::Options{},
                                               [] { drop_while_reading(false); }),
                          "kmc found no deadlock violation");
}

TEST(Gtest, AUsageErrorIsAFailureWithItsMessage) {
  EXPECT_NONFATAL_FAILURE(
      KMC_EXPECT_NO_VIOLATION(kmc::Options{}, [] { kmc::spawn("t", [] { throw 1; }); }),
      "model thread t threw a non-standard exception");
}

TEST(Gtest, KmcReplayInTheEnvironmentReplaysThatExecution) {
  const kmc::Result found = kmc::check({}, [] { drop_while_reading(false); });
  ASSERT_FALSE(found.ok());
  const std::string token = found.run().counterexamples.front().replay;
  ASSERT_EQ(::setenv("KMC_REPLAY", token.c_str(), 1), 0);
  const kmc::Options options = kmc::gtest::with_environment({});
  ::unsetenv("KMC_REPLAY");
  EXPECT_EQ(options.replay, token);
  const kmc::Result replayed = kmc::check(options, [] { drop_while_reading(false); });
  EXPECT_EQ(replayed.run().stats.executions, 1u);
  EXPECT_NE(replayed.find(kmc::ViolationKind::DataRace), nullptr);
  EXPECT_EQ(kmc::gtest::with_environment({}).replay, "");
}

}  // namespace
