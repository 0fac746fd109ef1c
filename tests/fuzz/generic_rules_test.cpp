// The fuzz rules of a model registered without its own (generic_rules): every generated scenario
// respects its arguments' ranges and parses, a registered factory replaces them and only while
// registered, and a short fuzz loop over such a model finds its lost update with no harness error.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>

#include "fuzz/fuzzer.hpp"
#include "fuzz/protocol.hpp"
#include "fuzz/render.hpp"
#include "model/scenario/parser.hpp"
#include "tests/ranged_model.hpp"

namespace kmc::fuzz {
namespace {

using kmc::testing::ranged_model;

// The parser finds the model by name: the ranged model is registered as a driver would.
RC_GTEST_PROP(FuzzGeneric, RangedScenariosParse, ()) {
  const model::RegisteredModels models({&ranged_model()});
  const RawScenario raw = *gen_raw_scenario(ranged_model(), Shape{3, 5, 3, 6});
  const std::string text = render_scenario(ranged_model(), raw, {});
  const scenario::ParseResult parsed = scenario::parse_scenario(text, "gen.scn");
  RC_ASSERT(parsed.errors.empty());
  RC_ASSERT(parsed.scenario.has_value());
}

TEST(FuzzGeneric, EveryArgumentIsRanged) {
  const Protocol& p = protocol_of(ranged_model());
  EXPECT_TRUE(ops_without_rule(ranged_model()).empty());
  EXPECT_FALSE(has_own_rules(ranged_model()));
  for (const OpRule& r : p.ops) {
    EXPECT_EQ(r.result, Res::None);
    for (const ArgRule& a : r.args) EXPECT_EQ(a.type, Res::Ranged);
  }
  EXPECT_TRUE(p.options_off.empty());
}

TEST(FuzzGeneric, RegisteredRulesReplaceTheGenericOnesWhileRegistered) {
  const int put = ranged_model().find_op("put");
  {
    const RegisteredRules rules({{&ranged_model(), [] {
                                    Rules r = generic_rules(ranged_model());
                                    r.ops["put"].args[0].type = Res::Small;
                                    r.options_off = {"biglock"};
                                    return r;
                                  }}});
    EXPECT_TRUE(has_own_rules(ranged_model()));
    EXPECT_EQ(protocol_of(ranged_model()).rule(put).args[0].type, Res::Small);
    EXPECT_FALSE(option_applies(ranged_model(), "biglock"));
    // A registration replaces the shipped rules too: fd then is a model without rules.
    EXPECT_FALSE(has_own_rules(*model::shipped_models()[1]));
  }
  EXPECT_EQ(protocol_of(ranged_model()).rule(put).args[0].type, Res::Ranged);
  EXPECT_TRUE(option_applies(ranged_model(), "biglock"));
  EXPECT_TRUE(has_own_rules(*model::shipped_models()[1]));
}

TEST(FuzzGeneric, ALoopFindsTheLostUpdate) {
  const model::RegisteredModels models({&ranged_model()});
  FuzzOptions o;
  o.model = &ranged_model();
  o.runs = 300;
  o.seed = 7;
  o.limits.executions = 300;
  o.limits.seconds = 60;
  o.out = std::filesystem::path(KMC_BINARY_DIR) / "fuzz-test-out";
  o.name = "ranged-";
  const FuzzReport r = run_fuzz(o);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.harness, 0u);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.kind, ViolationKind::Invariant) << r.message;
  EXPECT_NE(r.text.find("racy_add"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace kmc::fuzz
