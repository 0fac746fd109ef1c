// The fuzz generators (every generated scenario is a valid file that prints and parses back to
// the same AST) and the fuzz loop (with a known-bad variant on, a short run finds its violation,
// shrinks it and writes a file that replays it).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "fuzz/fuzzer.hpp"
#include "fuzz/print.hpp"
#include "fuzz/render.hpp"
#include "model/scenario/parser.hpp"

namespace kmc::fuzz {
namespace {

const model::ModelDescriptor& model_named(const char* name) {
  const model::ModelDescriptor* m = model::find_model(name);
  RC_ASSERT(m != nullptr);
  return *m;
}

// Generates one scenario of `name` and checks text -> AST -> text -> AST.
void round_trip(const char* name) {
  const model::ModelDescriptor& m = model_named(name);
  const Shape shape{3, 4, 3, 6};
  const RawScenario raw = *gen_raw_scenario(m, shape);
  const std::string text = render_scenario(m, raw, {});
  scenario::ParseResult first = scenario::parse_scenario(text, "gen.scn");
  RC_ASSERT(first.errors.empty());
  RC_ASSERT(first.scenario.has_value());
  RC_ASSERT(first.scenario->threads.size() >= 1u);
  const std::string printed = print_scenario(*first.scenario);
  scenario::ParseResult second = scenario::parse_scenario(printed, "printed.scn");
  RC_ASSERT(second.errors.empty());
  RC_ASSERT(ast_difference(*first.scenario, *second.scenario) == "");
  RC_ASSERT(print_scenario(*second.scenario) == printed);
}

RC_GTEST_PROP(FuzzGen, FdScenariosPrintAndParseBack, ()) {
  round_trip("fd");
}
RC_GTEST_PROP(FuzzGen, SemScenariosPrintAndParseBack, ()) {
  round_trip("sem");
}
RC_GTEST_PROP(FuzzGen, KqScenariosPrintAndParseBack, ()) {
  round_trip("kq");
}
RC_GTEST_PROP(FuzzGen, CrossScenariosPrintAndParseBack, ()) {
  round_trip("cross");
}

// A short fuzz run with `variant` on finds a `kind` violation and writes a file that replays it.
void finds(const char* model, const char* variant, ViolationKind kind, std::uint64_t runs) {
  FuzzOptions o;
  o.model = model::find_model(model);
  ASSERT_NE(o.model, nullptr);
  o.variants = {variant};
  o.only = kind;
  o.runs = runs;
  o.seed = 1;
  o.limits.executions = 500;
  o.limits.seconds = 1;
  o.out = std::filesystem::path(KMC_BINARY_DIR) / "fuzz-test-out";
  const FuzzReport r = run_fuzz(o);
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.found) << "no " << to_string(kind) << " in " << r.runs << " scenarios";
  EXPECT_EQ(r.kind, kind);
  EXPECT_GE(r.threads, 1);
  std::string error;
  EXPECT_TRUE(replays(r.file.string(), r.token, kind, o.limits.max_steps, error)) << error;
  scenario::ParseResult written = scenario::load_scenario(r.file);
  ASSERT_TRUE(written.scenario.has_value());
  EXPECT_TRUE(written.scenario->expect.violation);
}

TEST(FuzzLoop, SemNowaitersLostWakeup) {
  finds("sem", "M-SEM-nowaiters", ViolationKind::LostWakeup, 2000);
}
TEST(FuzzLoop, FdAllocLockedSleepInAtomic) {
  finds("fd", "M-FD-alloc-locked", ViolationKind::SleepInAtomic, 400);
}

// The longer run, opt in: KMC_FUZZ_LONG=1.
TEST(FuzzLoop, LongSeedRuns) {
  if (std::getenv("KMC_FUZZ_LONG") == nullptr) GTEST_SKIP() << "set KMC_FUZZ_LONG=1 to run";
  for (const char* m : {"fd", "sem", "kq", "cross"}) {
    FuzzOptions o;
    o.model = model::find_model(m);
    o.seconds = 60;
    o.out = std::filesystem::path(KMC_BINARY_DIR) / "fuzz-long-out";
    const FuzzReport r = run_fuzz(o);
    EXPECT_EQ(r.error, "") << m;
  }
}

}  // namespace
}  // namespace kmc::fuzz
