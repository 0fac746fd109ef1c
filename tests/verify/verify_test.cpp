// kmc verify's enumeration, symmetry reduction, determinism across jobs and findings bookkeeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/scenario/parser.hpp"
#include "verify/report.hpp"
#include "verify/signature.hpp"

namespace kmc::verify {
namespace {

const std::vector<std::string> kModels = {"fd", "sem", "kq", "cross"};

Bound bound_of(const std::string& text) {
  Bound b;
  std::string error;
  EXPECT_TRUE(parse_bound(text, b, error)) << error;
  return b;
}

TEST(VerifyCatalogue, EveryOperationOfEveryModelHasAnAction) {
  for (const char* m : {"fd", "sem", "kq"}) {
    const Catalogue* c = catalogue_of(m);
    ASSERT_NE(c, nullptr) << m;
    EXPECT_EQ(ops_without_action(*c), std::vector<std::string>{}) << m;
  }
}

// True if an action of `c` uses operation `op` of its model.
bool has_action_for(const Catalogue& c, const std::string& op) {
  const std::vector<std::string> missing = ops_without_action(c);
  return c.model->find_op(op) >= 0 &&
         std::find(missing.begin(), missing.end(), op) == missing.end();
}

// The cross catalogue draws from the operations that cross subsystems; the others are those of
// catalogue_cross.cpp's header, each proved by its own model's catalogue (sem_x there is x).
TEST(VerifyCatalogue, CrossLeavesOnlySingleSubsystemOperationsToTheirOwnModels) {
  const Catalogue& cross = *catalogue_of("cross");
  const std::vector<std::string> documented = {
      "signal", "fs_event", "mfile_assume", "read",         "write",
      "ioctl",  "fstat",    "sem_trywait",  "sem_getvalue", "sem_destroy"};
  EXPECT_EQ(ops_without_action(cross), documented);
  for (const std::string& op : documented) {
    if (op.rfind("sem_", 0) == 0) {
      EXPECT_TRUE(has_action_for(*catalogue_of("sem"), op.substr(4))) << op;
    } else {
      EXPECT_TRUE(has_action_for(*catalogue_of("kq"), op)) << op;
    }
  }
  // The operations where the subsystems meet all have actions.
  for (const char* op : {"fork", "exec", "exit", "close", "dup2", "kevent", "sem_wait"})
    EXPECT_TRUE(has_action_for(cross, op)) << op;
}

// Every model's default point is the seed's defaults, and no point narrows the interleavings
// the kernel has: kq's outside_blocks=0 (only the scenario's threads hold tokens) once was its
// default and hid kq-7.
TEST(VerifyCatalogue, DefaultPointsAreTheSeedsAndNoPointDropsOutsideBlocks) {
  for (const char* m : {"fd", "sem", "kq", "cross"}) {
    const Catalogue& c = *catalogue_of(m);
    EXPECT_TRUE(c.configs[0].lines.empty()) << m << " runs the seed by default";
    for (const ConfigPoint& p : c.configs) {
      EXPECT_LE(p.lines.size(), 1u) << m << " " << p.name << " changes one setting";
      for (const std::string& line : p.lines)
        EXPECT_EQ(line.find("outside_blocks=0"), std::string::npos) << m << " " << p.name;
    }
  }
}

// Every rendered case parses: a catalogue line that names a missing object or misspells an
// argument would otherwise turn into an `error` case at run time.
TEST(VerifyCatalogue, EveryCaseOfTheDefaultBoundAndEveryConfigParses) {
  for (const std::string& m : kModels) {
    const Catalogue& c = *catalogue_of(m);
    std::vector<int> configs;
    for (std::size_t i = 0; i < c.configs.size(); ++i) configs.push_back(static_cast<int>(i));
    const std::vector<Case> cases = enumerate(c, bound_of("default"), configs);
    ASSERT_FALSE(cases.empty()) << m;
    std::set<int> actions_seen;
    for (const Case& k : cases) {
      const std::string text = render_case(c, k);
      const scenario::ParseResult r = scenario::parse_scenario(text, "case.scn");
      ASSERT_TRUE(r.scenario.has_value())
          << m << ": " << (r.errors.empty() ? "" : r.errors.front().message) << "\n"
          << text;
      for (const auto& p : k.programs) actions_seen.insert(p.begin(), p.end());
    }
    EXPECT_EQ(actions_seen.size(), c.actions.size()) << m << ": an action is in no case";
  }
}

// On a symmetric setup each unordered pair of actions is one case; on the others both orders are.
TEST(VerifyEnumerate, TwoByOneCoversEveryPairOnceUpToSymmetry) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = enumerate(c, bound_of("2x1"), {0});
  const std::size_t n = c.actions.size();
  for (std::size_t s = 0; s < c.setups.size(); ++s) {
    std::set<std::pair<int, int>> pairs;
    std::size_t count = 0;
    for (const Case& k : cases) {
      if (k.setup != static_cast<int>(s)) continue;
      ++count;
      ASSERT_EQ(k.programs.size(), 2u);
      EXPECT_TRUE(pairs.insert({k.programs[0][0], k.programs[1][0]}).second);
    }
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) {
        const std::pair<int, int> ab{static_cast<int>(a), static_cast<int>(b)};
        const std::pair<int, int> ba{ab.second, ab.first};
        EXPECT_TRUE(pairs.count(ab) != 0 || (c.setups[s].symmetric && pairs.count(ba) != 0))
            << c.setups[s].name << " misses " << c.actions[a].name << " | " << c.actions[b].name;
      }
    EXPECT_EQ(count, c.setups[s].symmetric ? n * (n + 1) / 2 : n * n) << c.setups[s].name;
  }
}

TEST(VerifyEnumerate, AThreadEndingActionIsOnlyLast) {
  const Catalogue& c = *catalogue_of("fd");
  for (const Case& k : enumerate(c, bound_of("2x2"), {0}))
    for (const auto& p : k.programs)
      for (std::size_t i = 0; i + 1 < p.size(); ++i)
        EXPECT_FALSE(c.actions[static_cast<std::size_t>(p[i])].last) << describe_case(c, k);
}

// exec and exit of the cross catalogue run only in a thread alone in its process: never in the
// setups whose two threads share process 1, in both threads of the forked setup.
TEST(VerifyEnumerate, AWholeProcessActionRunsOnlyAloneInItsProcess) {
  const Catalogue& c = *catalogue_of("cross");
  std::map<std::string, std::size_t> with_exit;
  for (const Case& k : enumerate(c, bound_of("2x2"), {0})) {
    const verify::Setup& s = c.setups[static_cast<std::size_t>(k.setup)];
    for (std::size_t t = 0; t < k.programs.size(); ++t)
      for (int a : k.programs[t]) {
        if (!c.actions[static_cast<std::size_t>(a)].whole_process) continue;
        EXPECT_EQ(std::count(s.places.begin(), s.places.end(), s.places[t]), 1)
            << s.name << ": " << describe_case(c, k);
        ++with_exit[s.name + (t == 0 ? " T1" : " T2")];
      }
  }
  EXPECT_EQ(with_exit.count("shared T1") + with_exit.count("shared T2"), 0u);
  EXPECT_GT(with_exit["forked T1"], 0u);
  EXPECT_GT(with_exit["forked T2"], 0u);
}

TEST(VerifyEnumerate, BadBoundsAreRefused) {
  Bound b;
  std::string error;
  for (const char* text : {"", "2", "x2", "0x1", "5x1", "2x0", "2x9", "2x1x", "axb", "2y1"}) {
    EXPECT_FALSE(parse_bound(text, b, error)) << text;
    EXPECT_NE(error.find("--bound"), std::string::npos);
  }
}

// The report is the same whatever the number of jobs: results are stored by case, and nothing
// in the JSON depends on timing.
TEST(VerifyRun, OneJobAndTwoJobsGiveTheSameReport) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = enumerate(c, bound_of("2x1"), {0});
  std::string dumps[2];
  for (int jobs : {1, 2}) {
    VerifyReport r;
    r.catalogue = &c;
    r.bound = "2x1";
    r.config_space = "default";
    r.configs = {0};
    r.cases = cases;
    VerifyOptions o;
    o.jobs = jobs;
    r.results = run_cases(c, r.cases, o);
    collect_findings(r, {});
    dumps[jobs - 1] = report_json(r).dump();
  }
  EXPECT_EQ(dumps[0], dumps[1]);
}

// A case that hits the per-scenario limit proves nothing: it is unfinished, never proved.
TEST(VerifyRun, ACaseCutByItsExecutionCapIsUnfinished) {
  const Catalogue& c = *catalogue_of("fd");
  const std::vector<Case> cases = enumerate(c, bound_of("2x2"), {0});
  VerifyOptions o;
  o.max_executions = 1;
  std::size_t unfinished = 0;
  for (std::size_t i = 0; i < cases.size() && unfinished == 0; i += 97) {
    const CaseResult r = run_case(render_case(c, cases[i]), "case", o);
    EXPECT_NE(r.status, CaseStatus::Error) << r.error;
    if (r.status == CaseStatus::Unfinished) ++unfinished;
    if (r.status == CaseStatus::Proved) {
      EXPECT_LE(r.executions, 1u);
    }
  }
  EXPECT_GT(unfinished, 0u);
}

TEST(VerifyFindings, KnownFindingsAreReadFromFindingsMd) {
  std::vector<KnownFinding> findings;
  std::string error;
  ASSERT_TRUE(read_findings(std::filesystem::path(KMC_SOURCE_DIR) / "reports" / "FINDINGS.md",
                            KMC_SOURCE_DIR, findings, error))
      << error;
  std::set<std::string> ids;
  for (const KnownFinding& f : findings) {
    ids.insert(f.id);
    EXPECT_FALSE(f.scenarios.empty()) << f.id;
    for (const auto& p : f.scenarios) EXPECT_TRUE(std::filesystem::exists(p)) << f.id << " " << p;
  }
  EXPECT_TRUE(ids.count("fd-1") != 0 && ids.count("S1") != 0 && ids.count("kq-5") != 0);
}

// The same violation in two scenarios has one signature; the smallest case is its example.
TEST(VerifyFindings, SignaturesGroupCasesAndKnownOnesAreNamed) {
  const Catalogue& c = *catalogue_of("sem");
  VerifyReport r;
  r.catalogue = &c;
  r.configs = {0};
  r.cases = enumerate(c, bound_of("default"), {0});
  r.results = run_cases(c, r.cases, VerifyOptions{});
  std::map<std::string, std::string> known;
  collect_findings(r, known);
  ASSERT_FALSE(r.findings.empty());
  const std::string first = r.findings.front().signature;
  known[first] = "X-1";
  collect_findings(r, known);
  std::size_t with_first = 0;
  for (std::size_t i = 0; i < r.cases.size(); ++i)
    for (const Found& f : r.results[i].found) with_first += f.signature == first ? 1 : 0;
  const auto row = std::find_if(r.findings.begin(), r.findings.end(),
                                [&](const FindingRow& f) { return f.signature == first; });
  ASSERT_NE(row, r.findings.end());
  EXPECT_EQ(row->known, "X-1");
  EXPECT_EQ(row->cases, with_first);
  EXPECT_TRUE(r.findings.front().known.empty()) << "new findings come first";
}

}  // namespace
}  // namespace kmc::verify
