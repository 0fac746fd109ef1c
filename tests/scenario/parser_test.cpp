// The scenario parser on valid input: what each directive and argument kind becomes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "model/scenario/parser.hpp"
#include "tests/scenario/toy_model.hpp"

namespace kmc::scenario {
namespace {

ParseResult parse(const std::string& text) {
  return parse_scenario(text, "dir/ok.scn", testing::toy_models());
}

std::string errors_of(const ParseResult& r) {
  std::string out;
  for (const Diagnostic& d : r.errors) out += d.format() + "\n";
  return out;
}

TEST(ScenarioParser, FullScenario) {
  const ParseResult r = parse(R"(# A description
# on two lines.
model toy   # trailing comment
config start=3
config slots=2
variant V-toy
option address-reuse fault-injection biglock
process P2 P3
setup
  alloc -> h
  add 1 -2 -> s
thread T1
  use h
  strlen /sem1 -> n
  strlen "/sem1"
  check n 5
thread T2 in P2
  flags A|C -> f
  add 0x10 f 0
thread T3 in P3
  fork -> child
thread T4 in child
  getpid
allow blocked T1 T2
expect violation use-after-free leak
)");
  ASSERT_TRUE(r.scenario) << errors_of(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "ok");
  EXPECT_EQ(s.description, "A description on two lines.");
  EXPECT_EQ(s.model, &testing::toy_model());
  EXPECT_EQ(s.config.params.at("start"), 3);
  EXPECT_EQ(s.config.params.at("slots"), 2);
  EXPECT_TRUE(s.config.variant("V-toy"));
  EXPECT_TRUE(s.config.address_reuse);
  EXPECT_TRUE(s.config.fault_injection);
  EXPECT_TRUE(s.biglock);
  EXPECT_EQ(s.processes, (std::vector<std::string>{"P2", "P3"}));
  ASSERT_EQ(s.setup.size(), 2u);
  EXPECT_EQ(s.setup[0].result, 0);
  EXPECT_EQ(s.setup[1].text, "add 1 -2 -> s");
  EXPECT_EQ(s.setup[1].where, "ok.scn:11");
  ASSERT_EQ(s.setup[1].args.size(), 3u);
  EXPECT_EQ(s.setup[1].args[1].value, -2);
  EXPECT_EQ(s.setup[1].args[2].value, 10);  // the optional argument's fallback
  ASSERT_EQ(s.threads.size(), 4u);
  const ThreadSpec& t1 = s.threads[0];
  EXPECT_EQ(t1.in.kind, Placement::Kind::Main);
  EXPECT_TRUE(t1.allow_blocked);
  EXPECT_EQ(t1.ops[0].args[0].source, Arg::Source::Result);
  EXPECT_EQ(t1.ops[0].args[0].value, 0);
  EXPECT_EQ(s.strings, (std::vector<std::string>{"/sem1"}));  // interned once
  EXPECT_EQ(t1.ops[2].args[0].value, 0);
  EXPECT_EQ(s.threads[1].in.kind, Placement::Kind::Process);
  EXPECT_EQ(s.threads[1].ops[0].args[0].value, 5);
  EXPECT_EQ(s.threads[1].ops[1].args[0].value, 16);
  EXPECT_EQ(s.threads[1].ops[1].args[1].source, Arg::Source::Result);
  EXPECT_FALSE(s.threads[2].allow_blocked);
  EXPECT_EQ(s.threads[3].in.kind, Placement::Kind::Result);
  EXPECT_EQ(s.results[s.threads[3].in.index].name, "child");
  EXPECT_TRUE(s.expect.violation);
  EXPECT_EQ(s.expect.kinds,
            (std::vector<ViolationKind>{ViolationKind::UseAfterFree, ViolationKind::Leak}));
  EXPECT_EQ(to_string(s.expect), "violation use-after-free leak");
}

TEST(ScenarioParser, DefaultsAndMinimal) {
  const ParseResult r = parse("model toy\nthread T\n  inc\nexpect pass\n");
  ASSERT_TRUE(r.scenario) << errors_of(r);
  EXPECT_EQ(r.scenario->config.params.at("start"), 0);
  EXPECT_EQ(r.scenario->config.params.at("slots"), 4);
  EXPECT_FALSE(r.scenario->expect.violation);
  EXPECT_EQ(to_string(r.scenario->expect), "pass");
  EXPECT_FALSE(r.scenario->config.address_reuse);
}

TEST(ScenarioParser, ArrowWithoutSpacesAndCrlf) {
  const ParseResult r = parse("model toy\r\nthread T\r\n  alloc->h\r\n  use h\r\nexpect pass");
  ASSERT_TRUE(r.scenario) << errors_of(r);
  EXPECT_EQ(r.scenario->threads[0].ops[0].result, 0);
}

TEST(ScenarioParser, ProcessNameAsRefArgument) {
  const ParseResult r = parse("model toy\nprocess P\nthread T\n  check P 100\nexpect pass\n");
  ASSERT_TRUE(r.scenario) << errors_of(r);
  EXPECT_EQ(r.scenario->threads[0].ops[0].args[0].source, Arg::Source::Process);
}

TEST(ScenarioParser, AddVariant) {
  ParseResult r = parse("model toy\nthread T\n  inc\nexpect pass\n");
  ASSERT_TRUE(r.scenario);
  std::string error;
  EXPECT_TRUE(add_variant(*r.scenario, "V-toy", error));
  EXPECT_TRUE(r.scenario->config.variant("V-toy"));
  EXPECT_FALSE(add_variant(*r.scenario, "V-tyo", error));
  EXPECT_NE(error.find("did you mean 'V-toy'"), std::string::npos) << error;
}

TEST(ScenarioParser, LoadAndFind) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "kmc_scn_find";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "b.scn") << "model toy\nthread T\n  inc\nexpect pass\n";
  std::ofstream(dir / "a.scn") << "model toy\n";
  std::ofstream(dir / "notes.txt") << "x";
  std::string error;
  const auto files = find_scenarios(dir, error);
  EXPECT_TRUE(error.empty());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename(), "a.scn");
  EXPECT_TRUE(load_scenario(files[1], testing::toy_models()).scenario);
  EXPECT_FALSE(load_scenario(files[0], testing::toy_models()).scenario);
  const ParseResult missing = load_scenario(dir / "nope.scn", testing::toy_models());
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(
      missing.errors[0].format(),
      (dir / "nope.scn").string() + ": error: cannot open the file: No such file or directory");
  (void)find_scenarios(dir / "nope", error);
  EXPECT_NE(error.find("not a directory"), std::string::npos);
}

}  // namespace
}  // namespace kmc::scenario
