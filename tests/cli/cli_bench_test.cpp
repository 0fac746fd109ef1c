// kmc bench: counts against DESIGN §5, bad names and sizes, the time limit and Ctrl-C.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliBench, LastzeroCountMatches) {
  const KmcOutput r = run_kmc({"bench", "lastzero", "3"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "lastzero(3) with dpor: 12 executions")) << r.out;
  EXPECT_TRUE(has(r.out, "expected traces: 12 (matched)")) << r.out;
}

TEST(CliBench, JsonOutput) {
  const KmcOutput r = run_kmc({"bench", "readers", "3", "--json", "-"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("benchmark"), "readers");
  EXPECT_EQ(j.at("n"), 3);
  EXPECT_EQ(j.at("executions"), 8u);
  EXPECT_EQ(j.at("expected_traces"), 8u);
  EXPECT_EQ(j.at("matched"), true);
  EXPECT_EQ(j.at("verdict"), "pass");
  EXPECT_TRUE(j.at("rate").is_number());
}

// Under rc11 the readers' loads (relaxed Shared fields) may read the initial value after the
// store ran: more executions than the 2^N SC traces, and no literature count to match.
TEST(CliBench, Rc11ExploresStaleReadsAndHasNoExpectedCount) {
  const KmcOutput r = run_kmc({"bench", "readers", "3", "--memory-model", "rc11", "--json", "-"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_GT(j.at("executions").get<std::uint64_t>(), 8u);
  EXPECT_TRUE(j.at("expected_traces").is_null());
  EXPECT_EQ(j.at("verdict"), "pass");
}

TEST(CliBench, ViolationExitsOne) {
  const KmcOutput r = run_kmc({"bench", "abba", "1"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "VIOLATION")) << r.out;
  EXPECT_TRUE(has(r.out, "replay token: K1.")) << r.out;
}

TEST(CliBench, BadNameOrSize) {
  KmcOutput r = run_kmc({"bench", "lastzro", "3"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "unknown benchmark 'lastzro'")) << r.err;
  r = run_kmc({"bench", "lastzero", "999"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "lastzero takes N from")) << r.err;
  r = run_kmc({"bench"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "NAME and N")) << r.err;
  r = run_kmc({"bench", "--list"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(has(r.out, "lastzero")) << r.out;
}

TEST(CliBench, TimeLimitStopsWithThePartialResult) {
  const KmcOutput r =
      run_kmc({"bench", "readers", "20", "--strategy", "dfs", "--time-limit", "0.3"});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "incomplete: no violation in the ")) << r.out;
  EXPECT_TRUE(has(r.out, "stopped by time limit of 0.3 s; about ")) << r.out;
}

TEST(CliBench, CtrlCStopsWithThePartialResult) {
  const KmcOutput r =
      run_kmc({"bench", "readers", "20", "--strategy", "dfs", "--json", "-"}, /*signal=*/0.5);
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "stopped by Ctrl-C (SIGINT)")) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("interrupted"), true);
  EXPECT_EQ(j.at("verdict"), "incomplete");
  EXPECT_GT(j.at("executions").get<std::uint64_t>(), 0u);
}

TEST(CliBench, SighupStopsLikeCtrlC) {
  const KmcOutput r = run_kmc({"bench", "readers", "20", "--strategy", "dfs", "--json", "-"},
                              /*signal=*/0.5, {SIGHUP});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("stop_reason"), "SIGHUP");
}

}  // namespace
}  // namespace kmc::testing
