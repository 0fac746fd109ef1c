// The fuzzer's configuration space (fuzz/config.hpp): read off each model's descriptor; every
// parameter and option is generated both at its default and away from it, mostly at the default;
// 3-thread scenarios appear; rendered scenarios carry their settings; shrinking puts the settings
// a failure does not need back to their defaults.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "fuzz/config.hpp"
#include "fuzz/fuzzer.hpp"
#include "fuzz/gen.hpp"
#include "fuzz/render.hpp"
#include "model/scenario/parser.hpp"
#include "tests/fuzz/loop_options.hpp"

namespace kmc::fuzz {
namespace {

// The raw scenarios the generator gives for the seeds 0..n-1: deterministic.
std::vector<RawScenario> sample(const model::ModelDescriptor& m, const Shape& shape, int n) {
  const rc::Gen<RawScenario> g = gen_raw_scenario(m, shape);
  std::vector<RawScenario> out;
  for (int k = 0; k < n; ++k)
    out.push_back(g(rc::Random(static_cast<std::uint64_t>(k)), 50).value());
  return out;
}

bool has_option(const scenario::Scenario& s, const std::string& o) {
  return std::find(s.options.begin(), s.options.end(), o) != s.options.end();
}

// The renderer fixes these up for the fd layer's scale (W a power of two, nr_open in 4W..8W and
// raised for alloc_fd, rlimit at most nr_open): their written value need not be the choice.
bool fixed_up(const std::string& param) {
  return param == "W" || param == "nr_open" || param == "rlimit";
}

TEST(FuzzConfig, SpaceComesFromTheDescriptors) {
  for (const model::ModelDescriptor* m : model::all_models()) {
    const std::vector<Setting> space = config_space(*m);
    ASSERT_EQ(space.size(), fuzzed_settings(*m, true)) << m->name;
    ASSERT_EQ(fuzzed_settings(*m, false), space.size() - m->variants.size()) << m->name;
    for (std::size_t i = 0; i < m->params.size(); ++i) {
      const model::ParamSpec& p = m->params[i];
      ASSERT_EQ(space[i].kind, Setting::Kind::Param);
      EXPECT_EQ(space[i].name, p.name);
      EXPECT_FALSE(space[i].values.empty()) << m->name << " " << p.name;
      EXPECT_LE(space[i].values.size(), 8u) << m->name << " " << p.name;
      for (Value v : space[i].values) {
        EXPECT_NE(v, p.fallback) << p.name;
        EXPECT_GE(v, p.min) << p.name;
        EXPECT_LE(v, p.max) << p.name;
      }
    }
    std::set<std::string> options;
    for (const Setting& s : space)
      if (s.kind == Setting::Kind::Option) options.insert(s.name);
    EXPECT_EQ(options.count("fault-injection"), 1u) << m->name;
    EXPECT_EQ(options.count("address-reuse"), 1u) << m->name;
    EXPECT_EQ(options.count("biglock"), m->name == "sem" ? 1u : 0u) << m->name;
    const bool timed = m->name == "kq" || m->name == "cross";  // only kq has timed sleeps
    EXPECT_EQ(options.count("early-timeouts"), timed ? 1u : 0u) << m->name;
  }
  const model::ModelDescriptor* kq = model::find_model("kq");
  ASSERT_NE(kq, nullptr);
  // A 0..1 switch flips; a large range takes its minimum and small values; a power of two stays
  // one; a panic limit takes only its minimum (0: no limit).
  EXPECT_EQ(param_values(*kq->find_param("mfile_mpsafe")), (std::vector<Value>{0}));
  EXPECT_EQ(param_values(*kq->find_param("strict_liveness")), (std::vector<Value>{0}));
  EXPECT_EQ(param_values(*kq->find_param("token_pool")), (std::vector<Value>{1, 2, 3}));
  EXPECT_EQ(param_values(*kq->find_param("timer_fires")), (std::vector<Value>{0, 2, 3, 4}));
  EXPECT_EQ(param_values(*kq->find_param("KN_HASHSIZE")), (std::vector<Value>{1, 2, 4}));
  EXPECT_EQ(param_values(*kq->find_param("kq_checkloop")), (std::vector<Value>{0}));
}

// Over 600 generated scenarios per model: each parameter and option appears at its default and
// away from it, at its default in most of them; no variant is switched on unless asked; each
// scenario parses and carries the settings its choices name.
TEST(FuzzConfig, EverySettingIsGeneratedBothWays) {
  constexpr int kCases = 600;
  for (const model::ModelDescriptor* m : model::all_models()) {
    const std::vector<Setting> space = config_space(*m);
    const std::size_t fuzzed = fuzzed_settings(*m, false);
    std::map<std::string, int> on, off, raw_default;
    for (const RawScenario& raw : sample(*m, Shape{}, kCases)) {
      ASSERT_EQ(raw.config.size(), fuzzed);
      const std::string text = render_scenario(*m, raw, {});
      scenario::ParseResult p = scenario::parse_scenario(text, "gen.scn");
      ASSERT_TRUE(p.scenario.has_value()) << p.errors.front().format() << "\n" << text;
      const scenario::Scenario& s = *p.scenario;
      EXPECT_TRUE(s.config.variants.empty()) << text;
      for (std::size_t i = 0; i < fuzzed; ++i) {
        const Setting& st = space[i];
        const int choice = raw.config[i];
        if (choice == 0) ++raw_default[st.name];
        bool set = false;
        if (st.kind == Setting::Kind::Option) {
          set = has_option(s, st.name);
          EXPECT_EQ(set, choice != 0) << st.name << "\n" << text;
        } else {
          const Value v = s.config.param(st.name);
          set = v != st.fallback;
          if (!fixed_up(st.name)) {
            EXPECT_EQ(v, setting_value(st, choice)) << st.name << "\n" << text;
          }
        }
        ++(set ? on : off)[st.name];
      }
    }
    for (std::size_t i = 0; i < fuzzed; ++i) {
      const std::string& name = space[i].name;
      EXPECT_GT(on[name], 0) << m->name << " " << name << " never away from its default";
      EXPECT_GT(off[name], 0) << m->name << " " << name << " never at its default";
      EXPECT_GE(raw_default[name], kCases * 8 / 10) << m->name << " " << name;
    }
  }
}

// A 0..1 switch and each option show up both ways in one model's sample too (kq has the most).
TEST(FuzzConfig, KqSwitchesAppearOnAndOff) {
  const model::ModelDescriptor* m = model::find_model("kq");
  ASSERT_NE(m, nullptr);
  std::map<std::string, std::set<Value>> seen;
  for (const RawScenario& raw : sample(*m, Shape{}, 400)) {
    scenario::ParseResult p = scenario::parse_scenario(render_scenario(*m, raw, {}), "gen.scn");
    ASSERT_TRUE(p.scenario.has_value());
    for (const char* sw : {"mfile_mpsafe", "strict_liveness", "inherit_kqueue"})
      seen[sw].insert(p.scenario->config.param(sw));
    for (const char* o : {"fault-injection", "address-reuse", "early-timeouts"})
      seen[o].insert(has_option(*p.scenario, o) ? 1 : 0);
    EXPECT_FALSE(has_option(*p.scenario, "biglock"));
  }
  for (const auto& [name, values] : seen) EXPECT_EQ(values, (std::set<Value>{0, 1})) << name;
}

// With the default cap, about a quarter of the scenarios have 3 threads, and their fd rendering
// still gives each thread its own task; --threads 2 caps them at 2.
TEST(FuzzConfig, ThreeThreadsSomeOfTheTime) {
  const model::ModelDescriptor* fd = model::find_model("fd");
  ASSERT_NE(fd, nullptr);
  int three = 0, rendered_three = 0;
  constexpr int kCases = 800;
  for (const RawScenario& raw : sample(*fd, Shape{}, kCases)) {
    ASSERT_GE(raw.threads.size(), 2u);
    ASSERT_LE(raw.threads.size(), 3u);
    if (raw.threads.size() == 3) ++three;
    scenario::ParseResult p = scenario::parse_scenario(render_scenario(*fd, raw, {}), "gen.scn");
    ASSERT_TRUE(p.scenario.has_value());
    const scenario::Scenario& s = *p.scenario;
    if (s.threads.size() == 3) ++rendered_three;
    std::set<std::pair<int, int>> places;  // one task per thread (fd)
    for (const scenario::ThreadSpec& t : s.threads)
      EXPECT_TRUE(places.insert({static_cast<int>(t.in.kind), t.in.index}).second);
  }
  EXPECT_GE(three, kCases * 15 / 100);
  EXPECT_LE(three, kCases * 35 / 100);
  EXPECT_GT(rendered_three, 0);
  Shape two;
  two.max_threads = 2;
  for (const RawScenario& raw : sample(*fd, two, 200)) EXPECT_EQ(raw.threads.size(), 2u);
}

// RapidCheck's shrinking of a generated case under a property that fails regardless of the
// configuration ends with every setting at its default; one that needs fault injection keeps
// that option alone.
TEST(FuzzConfig, ShrinkingPutsSettingsBackToDefaults) {
  const model::ModelDescriptor* sem = model::find_model("sem");
  ASSERT_NE(sem, nullptr);
  const std::vector<Setting> space = config_space(*sem);
  const auto fault = static_cast<std::size_t>(
      std::find_if(space.begin(), space.end(),
                   [](const Setting& s) { return s.name == "fault-injection"; }) -
      space.begin());
  const rc::Gen<RawScenario> g = gen_raw_scenario(*sem, Shape{});
  int tried = 0;
  for (std::uint64_t k = 0; k < 400 && tried < 5; ++k) {
    const rc::Shrinkable<RawScenario> case_ = g(rc::Random(k), 50);
    const std::vector<int>& c = case_.value().config;
    const auto set = std::count_if(c.begin(), c.end(), [](int x) { return x != 0; });
    if (set < 2 || c[fault] == 0) continue;  // a case with fault injection and another setting
    ++tried;
    const RawScenario any =
        rc::shrinkable::findLocalMin(case_, [](const RawScenario&) { return true; }).first;
    EXPECT_TRUE(std::all_of(any.config.begin(), any.config.end(), [](int x) { return x == 0; }));
    EXPECT_EQ(render_scenario(*sem, any, {}).find("option"), std::string::npos);
    const RawScenario needs =
        rc::shrinkable::findLocalMin(case_, [&](const RawScenario& r) {
          return render_scenario(*sem, r, {}).find("option fault-injection") != std::string::npos;
        }).first;
    for (std::size_t i = 0; i < needs.config.size(); ++i)
      EXPECT_EQ(needs.config[i] != 0, i == fault) << space[i].name;
  }
  EXPECT_EQ(tried, 5);
}

// End to end: a variant that fails whatever the configuration is found in cases that had
// non-default settings, and the shrunk scenario has them all back at their defaults.
TEST(FuzzConfig, FuzzShrinksAnIrrelevantConfigurationAway) {
  int with_settings = 0;
  for (std::uint64_t seed = 1; seed <= 12 && with_settings < 2; ++seed) {
    FuzzOptions o = loop_options("fd", 400, seed, "fd-config-" + std::to_string(seed) + "-");
    ASSERT_NE(o.model, nullptr);
    o.variants = {"M-FD-alloc-locked"};
    o.only = ViolationKind::SleepInAtomic;
    const FuzzReport r = run_fuzz(o);
    ASSERT_EQ(r.error, "");
    ASSERT_TRUE(r.found) << "seed " << seed;
    const std::vector<int>& first = r.first.config;
    if (std::all_of(first.begin(), first.end(), [](int x) { return x == 0; })) continue;
    ++with_settings;
    EXPECT_TRUE(std::all_of(r.raw.config.begin(), r.raw.config.end(), [](int x) { return x == 0; }))
        << r.text;
    EXPECT_EQ(r.text.find("option"), std::string::npos) << r.text;
  }
  EXPECT_EQ(with_settings, 2);
}

}  // namespace
}  // namespace kmc::fuzz
