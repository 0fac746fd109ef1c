// verify's work items (what a rank runs and sends back), their order, the thread pool, and a whole
// run with the known findings' scenarios in the same pool as the cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "verify/distribute.hpp"
#include "verify/pool.hpp"
#include "verify/report.hpp"
#include "verify/work.hpp"

namespace kmc::verify {
namespace {

std::vector<Case> cases_of(const Catalogue& c, const std::string& bound) {
  Bound b;
  std::string error;
  EXPECT_TRUE(parse_bound(bound, b, error)) << error;
  return enumerate(c, b, {0});
}

std::vector<KnownFinding> shipped_findings() {
  std::vector<KnownFinding> findings;
  std::string error;
  EXPECT_TRUE(read_findings(std::filesystem::path(KMC_SOURCE_DIR) / "reports" / "FINDINGS.md",
                            KMC_SOURCE_DIR, findings, error))
      << error;
  return findings;
}

// Items and results cross between ranks as MessagePack: nothing is lost on the way.
TEST(VerifyWork, ItemsAndResultsSurviveMessagePack) {
  const WorkItem item{7, "verify-case-8", "model sem\n", 2.5, 40, {0, 1, 1}};
  const WorkItem back =
      item_from_json(nlohmann::json::from_msgpack(nlohmann::json::to_msgpack(to_json(item))));
  EXPECT_EQ(back.id, item.id);
  EXPECT_EQ(back.name, item.name);
  EXPECT_EQ(back.text, item.text);
  EXPECT_EQ(back.seconds, item.seconds);
  EXPECT_EQ(back.max_executions, item.max_executions);
  EXPECT_EQ(back.prefix, item.prefix);

  ItemResult r{7, {}};
  r.result.status = CaseStatus::Violation;
  r.result.executions = 123;
  r.result.found.push_back(Found{"use-after-free@R1~R2", ViolationKind::UseAfterFree, "m", "K1.x"});
  r.result.kinds = {ViolationKind::UseAfterFree, ViolationKind::Leak};
  const ItemResult rb =
      result_from_json(nlohmann::json::from_msgpack(nlohmann::json::to_msgpack(to_json(r))));
  EXPECT_EQ(rb.id, 7u);
  EXPECT_EQ(rb.result.status, CaseStatus::Violation);
  EXPECT_EQ(rb.result.executions, 123u);
  ASSERT_EQ(rb.result.found.size(), 1u);
  EXPECT_EQ(rb.result.found[0].signature, "use-after-free@R1~R2");
  EXPECT_EQ(rb.result.found[0].kind, ViolationKind::UseAfterFree);
  EXPECT_EQ(rb.result.found[0].token, "K1.x");
  EXPECT_EQ(rb.result.kinds, r.result.kinds);
}

// The reserved schedule-prefix field is refused, never silently ignored.
TEST(VerifyWork, APrefixIsRefusedUntilTheEngineCanStartBelowOne) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = cases_of(c, "2x1");
  const CaseResult r = run_item(WorkItem{0, "x", render_case(c, cases[0]), 10, 0, {1}}, nullptr);
  EXPECT_EQ(r.status, CaseStatus::Error);
  EXPECT_NE(r.error.find("prefix"), std::string::npos);
}

// Known-finding scenarios first, then bigger cases before smaller ones; every item once.
TEST(VerifyWork, DispatchOrderIsAPermutationHeavyFirst) {
  const Catalogue& c = *catalogue_of("fd");
  const std::vector<Case> cases = cases_of(c, "default");
  const std::vector<std::uint32_t> order = dispatch_order(cases, cases.size() + 3);
  ASSERT_EQ(order.size(), cases.size() + 3);
  EXPECT_EQ(std::set<std::uint32_t>(order.begin(), order.end()).size(), order.size());
  EXPECT_EQ(order[0], cases.size());
  const auto size = [&](std::uint32_t id) {
    std::size_t n = 0;
    for (const auto& p : cases[id].programs) n += p.size();
    return n;
  };
  for (std::size_t i = 4; i < order.size(); ++i) EXPECT_GE(size(order[i - 1]), size(order[i]));
  // For --fail-fast the cheap cases come first, after the known-finding scenarios still.
  const std::vector<std::uint32_t> fewest = dispatch_order(cases, cases.size() + 3, true);
  ASSERT_EQ(fewest.size(), order.size());
  EXPECT_EQ(std::set<std::uint32_t>(fewest.begin(), fewest.end()).size(), fewest.size());
  EXPECT_EQ(fewest[0], cases.size());
  for (std::size_t i = 4; i < fewest.size(); ++i) EXPECT_LE(size(fewest[i - 1]), size(fewest[i]));
}

// Items taken after the stop flag are not run: unfinished, with no executions.
TEST(VerifyWork, APoolStoppedEarlyRunsNothingMore) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = cases_of(c, "2x1");
  std::vector<KnownItem> known;
  std::vector<std::string> unreadable;
  const std::vector<WorkItem> items = make_items(c, cases, {}, VerifyOptions{}, known, unreadable);
  ASSERT_EQ(items.size(), cases.size());
  const std::atomic<bool> stop{true};
  VerifyOptions o;
  o.jobs = 2;
  o.stop = &stop;
  std::size_t calls = 0;
  const std::vector<CaseResult> results =
      run_items(items, dispatch_order(cases, items.size()), o,
                [&](std::uint32_t, const CaseResult&) { ++calls; });
  EXPECT_EQ(calls, items.size());
  for (const CaseResult& r : results) {
    EXPECT_EQ(r.status, CaseStatus::Unfinished);
    EXPECT_EQ(r.executions, 0u);
  }
}

// A whole run alone: the same results and known signatures at one and two jobs, the shipped
// findings' scenarios all run, and the known signatures name the run's sem findings.
TEST(VerifyWork, OneRunOfCasesAndKnownFindingsIsTheSameAtAnyJobs) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = cases_of(c, "2x1");
  const std::vector<KnownFinding> findings = shipped_findings();
  Distribution alone;
  ASSERT_EQ(alone.size(), 1);
  std::string dumps[2];
  std::map<std::string, std::string> known[2];
  for (int jobs : {1, 2}) {
    VerifyOptions o;
    o.jobs = jobs;
    std::size_t last = 0;
    o.progress = [&](std::size_t done, std::size_t total, const CaseResult&) {
      EXPECT_EQ(done, last + 1);
      EXPECT_EQ(total, cases.size());
      last = done;
    };
    VerifyRun run = run_verify(c, cases, findings, o, alone);
    EXPECT_EQ(last, cases.size());
    EXPECT_EQ(run.skipped, std::vector<std::string>{});
    ASSERT_EQ(run.results.size(), cases.size());
    VerifyReport r;
    r.catalogue = &c;
    r.configs = {0};
    r.cases = cases;
    r.results = std::move(run.results);
    collect_findings(r, run.known);
    dumps[jobs - 1] = report_json(r).dump();
    known[jobs - 1] = run.known;
    std::size_t named = 0;
    for (const FindingRow& f : r.findings) named += f.known.empty() ? 0 : 1;
    EXPECT_GT(named, 0u);
  }
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_EQ(known[0], known[1]);
  EXPECT_FALSE(known[0].empty());
}

// Only scenarios that can run the verified model's code teach it signatures: sem learns from sem
// and cross scenarios, never from fd or kq ones (their seed lines are other files').
TEST(VerifyWork, KnownScenariosOfOtherModelsAreNotRun) {
  const Catalogue& c = *catalogue_of("sem");
  const std::vector<Case> cases = cases_of(c, "2x1");
  const std::vector<KnownFinding> findings = shipped_findings();
  std::vector<KnownItem> known;
  std::vector<std::string> unreadable;
  const std::vector<WorkItem> items =
      make_items(c, cases, findings, VerifyOptions{}, known, unreadable);
  ASSERT_EQ(items.size(), cases.size() + known.size());
  std::set<std::string> folders;
  for (const KnownItem& k : known)
    folders.insert(std::filesystem::path(k.path).parent_path().filename().string());
  EXPECT_TRUE(folders.count("sem"));
  EXPECT_FALSE(folders.count("fd"));
  EXPECT_FALSE(folders.count("kq"));
  std::size_t all = 0;
  for (const KnownFinding& f : findings) all += f.scenarios.size();
  EXPECT_LT(known.size(), all);
}

}  // namespace
}  // namespace kmc::verify
