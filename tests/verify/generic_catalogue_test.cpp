// The verify catalogue of a model registered without its own (generic_catalogue): one empty setup
// with two interchangeable threads, one action per operation with canonical arguments, the seed's
// defaults; every case of the default bound parses and runs, and the racy pair is found. A
// registered factory replaces it while registered.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/ranged_model.hpp"
#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"
#include "verify/verifier.hpp"

namespace kmc::verify {
namespace {

using kmc::testing::ranged_model;

TEST(VerifyGeneric, OneActionPerOperationWithCanonicalArguments) {
  const Catalogue& c = catalogue_of(ranged_model());
  EXPECT_FALSE(has_own_catalogue(ranged_model()));
  EXPECT_EQ(c.model, &ranged_model());
  ASSERT_EQ(c.setups.size(), 1u);
  EXPECT_TRUE(c.setups[0].ops.empty());
  EXPECT_EQ(c.setups[0].places, (std::vector<std::string>{"", ""}));
  EXPECT_TRUE(c.setups[0].symmetric);
  ASSERT_EQ(c.actions.size(), 4u);
  EXPECT_EQ(c.actions[0].ops, std::vector<std::string>{"put 0 10"});  // the lowest values
  EXPECT_EQ(c.actions[1].ops, std::vector<std::string>{"get 0"});
  EXPECT_EQ(c.actions[2].ops, std::vector<std::string>{"racy_add 1"});  // the fallback
  EXPECT_EQ(c.actions[3].ops, std::vector<std::string>{"tag /s1"});
  EXPECT_TRUE(std::all_of(c.actions.begin(), c.actions.end(), [](const Action& a) {
    return a.core;  // four operations: few enough to pair two-deep by default
  }));
  EXPECT_TRUE(ops_without_action(c).empty());
  ASSERT_EQ(c.configs.size(), 1u);
  EXPECT_TRUE(c.configs[0].lines.empty());
}

TEST(VerifyGeneric, TheDefaultBoundRunsAndFindsTheRacyPair) {
  const model::RegisteredModels models({&ranged_model()});
  const Catalogue& c = catalogue_of(ranged_model());
  Bound bound;
  std::string error;
  ASSERT_TRUE(parse_bound("default", bound, error)) << error;
  const std::vector<Case> cases = enumerate(c, bound, {0});
  ASSERT_FALSE(cases.empty());
  VerifyOptions o;
  o.max_executions = 2000;
  const std::vector<CaseResult> results = run_cases(c, cases, o);
  bool racy = false;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_NE(results[i].status, CaseStatus::Error)
        << describe_case(c, cases[i]) << ": " << results[i].error;
    EXPECT_NE(results[i].status, CaseStatus::Contract) << describe_case(c, cases[i]);
    const std::string d = describe_case(c, cases[i]);
    if (results[i].status == CaseStatus::Violation) {
      EXPECT_NE(d.find("racy_add"), std::string::npos) << d;
      racy = true;
    }
  }
  EXPECT_TRUE(racy);
}

TEST(VerifyGeneric, ARegisteredCatalogueReplacesTheGenericOneWhileRegistered) {
  {
    const RegisteredCatalogues catalogues({{&ranged_model(), [] {
                                              Catalogue c = generic_catalogue(ranged_model());
                                              c.configs.push_back({"two", {"config slots=4"}});
                                              return c;
                                            }}});
    EXPECT_TRUE(has_own_catalogue(ranged_model()));
    EXPECT_EQ(catalogue_of(ranged_model()).configs.size(), 2u);
  }
  EXPECT_EQ(catalogue_of(ranged_model()).configs.size(), 1u);
}

}  // namespace
}  // namespace kmc::verify
