// Every shipped scenario (scenarios/*/*.scn), explored exhaustively with LIFO address reuse forced
// on, must find exactly the kinds its `expect` line names: the ghost bookkeeping of the models
// must key objects by allocation, not by address, or a reused address aliases two objects and
// raises a false alarm. A finding only reuse makes reachable (ABA) would be listed in
// kReuseOnly with its reason; there is none today.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "tests/scenario_expectations.hpp"

namespace kmc::scenario {
namespace {

// A scenario whose verdict legitimately differs with address reuse: the kinds it finds then, and
// why (a real ABA finding belongs in reports/FINDINGS.md too).
struct ReuseOnly {
  std::set<ViolationKind> kinds;
  const char* reason;
};

// Keyed by "<model folder>/<stem>".
const std::map<std::string, ReuseOnly> kReuseOnly = {};

using kmc::testing::folder_and_stem;

class AddressReuse : public ::testing::TestWithParam<std::string> {};

TEST_P(AddressReuse, FindsWhatItExpects) {
  ExecutionOptions reuse;
  reuse.address_reuse = true;
  const kmc::testing::ScenarioRun run = kmc::testing::run_scenario(GetParam(), "", reuse);
  const auto special = kReuseOnly.find(folder_and_stem(GetParam()));
  const std::set<ViolationKind> want =
      special == kReuseOnly.end() ? run.expected : special->second.kinds;
  EXPECT_EQ(run.outcome.kinds, want) << run.outcome.describe();
}

INSTANTIATE_TEST_SUITE_P(All, AddressReuse,
                         ::testing::ValuesIn(kmc::testing::shipped_scenarios("")),
                         kmc::testing::folder_param_name);

// Every exception names a shipped scenario and gives a reason, so the list cannot go stale.
TEST(AddressReuseExceptions, NameShippedScenariosWithAReason) {
  std::set<std::string> shipped;
  for (const std::string& path : kmc::testing::shipped_scenarios(""))
    shipped.insert(folder_and_stem(path));
  EXPECT_GE(shipped.size(), 90u);
  for (const auto& [name, why] : kReuseOnly) {
    EXPECT_EQ(shipped.count(name), 1u) << name;
    EXPECT_NE(std::string(why.reason), "") << name;
  }
}

}  // namespace
}  // namespace kmc::scenario
