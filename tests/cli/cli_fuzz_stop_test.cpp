// kmc fuzz and stop signals: a SIGTERM ends the fuzz loop promptly (the scenario being checked is
// interrupted too) and the run reports what it checked, as incomplete (exit 4).
#include <gtest/gtest.h>

#include <chrono>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

TEST(CliFuzz, SigtermStopsTheLoopPromptlyAsIncomplete) {
  const auto dir = fresh_dir("fuzz_stop");
  const auto start = std::chrono::steady_clock::now();
  // Every violation is ignored ('*'), so nothing is found and only the signal can end the loop
  // before its 60 s budget.
  const KmcOutput r = run_kmc({"fuzz", "--model", "fd", "--seconds", "60", "--ignore", "*",
                               "--quiet", "--out", dir.string()},
                              /*signal_after_s=*/0.5, {SIGTERM});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(r.out.find("stopped by SIGTERM before the budget was spent") != std::string::npos)
      << r.out;
  EXPECT_LT(seconds, 10.0);
}

}  // namespace
}  // namespace kmc::testing
