// Misusing the public API is a kmc::UsageError whose message names the call, never a crash.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "kmc/kmc.hpp"

namespace {

// The message of the UsageError `fn` throws ("" when it throws none).
template <typename F>
std::string usage_error(F fn) {
  try {
    fn();
  } catch (const kmc::UsageError& e) {
    return e.what();
  }
  return "";
}

struct Obj {
  kmc::Tracked<int> field{"field", 0};
};

TEST(Misuse, APrimitiveOutsideCheckNamesItself) {
  EXPECT_NE(usage_error([] { kmc::Mutex m("m"); }).find("kmc::Mutex used outside kmc::check"),
            std::string::npos);
  EXPECT_NE(usage_error([] { kmc::spawn("t", [] {}); }).find("kmc::spawn used outside"),
            std::string::npos);
  EXPECT_NE(usage_error([] { kmc::Atomic<int> a("a", 0); }).find("kmc::Atomic used outside"),
            std::string::npos);
}

TEST(Misuse, AnAllocationOutsideAModelThreadNamesTheCallAndTheLine) {
  const std::string msg =
      usage_error([] { (void)kmc::check({}, [] { (void)kmc::make<Obj>("obj", "setup alloc"); }); });
  EXPECT_NE(msg.find("kmc::make of obj at setup alloc"), std::string::npos) << msg;
  EXPECT_NE(msg.find("misuse_test.cpp"), std::string::npos) << msg;
  EXPECT_NE(msg.find("kmc::make_initial"), std::string::npos) << msg;
}

TEST(Misuse, AnOperationOutsideAModelThreadNamesTheOperation) {
  const std::string msg = usage_error([] {
    (void)kmc::check({}, [] {
      kmc::Mutex m("m");
      m.lock("setup lock");
    });
  });
  EXPECT_NE(msg.find("setup lock"), std::string::npos) << msg;
  EXPECT_NE(msg.find("outside a model thread"), std::string::npos) << msg;
}

TEST(Misuse, MakeInitialInAModelThreadIsNamed) {
  const std::string msg = usage_error([] {
    (void)kmc::check({},
                     [] { kmc::spawn("t", [] { (void)kmc::make_initial<Obj>("obj", "late"); }); });
  });
  EXPECT_NE(msg.find("kmc::make_initial of obj called from a model thread"), std::string::npos)
      << msg;
}

TEST(Misuse, AThreadThatThrowsNamesTheThreadAndTheException) {
  const std::string msg = usage_error([] {
    (void)kmc::check({}, [] {
      kmc::Atomic<int> flag("flag", 0);
      kmc::spawn("worker", [] { throw std::runtime_error("out of widgets"); });
    });
  });
  EXPECT_NE(msg.find("model thread worker threw an exception: out of widgets"), std::string::npos)
      << msg;
}

TEST(Misuse, AThreadThatThrowsAfterAStepIsReportedToo) {
  const std::string msg = usage_error([] {
    (void)kmc::check({}, [] {
      const kmc::Ptr<Obj> o = kmc::make_initial<Obj>("obj", "setup");
      kmc::spawn("late", [o] {
        kmc::Atomic<int> a("a", 0);
        a.store(1, "step");
        throw std::logic_error("after a step");
      });
    });
  });
  EXPECT_NE(msg.find("model thread late threw an exception: after a step"), std::string::npos)
      << msg;
}

TEST(Misuse, ABadReplayTokenIsAUsageError) {
  kmc::Options options;
  options.replay = "not-a-token";
  const std::string msg = usage_error([&] { (void)kmc::check(options, [] {}); });
  EXPECT_NE(msg.find("kmc::check: replay:"), std::string::npos) << msg;
}

TEST(Misuse, AnEmptyModelFunctionIsAUsageError) {
  EXPECT_NE(usage_error([] { (void)kmc::check({}, nullptr); }).find("model function is empty"),
            std::string::npos);
}

}  // namespace
