// Comparing a verify run with a baseline: masked model lines, the two kinds of difference, cases
// the baseline did not finish, and baselines made for another run.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "verify/baseline.hpp"

namespace kmc::verify {
namespace {

TEST(VerifyBaseline, ModelLinesAreMaskedSeedLinesKept) {
  EXPECT_EQ(mask_model_lines("data-race@fget.cpp:33~R541"), "data-race@fget.cpp:*~R541");
  EXPECT_EQ(mask_model_lines("leak@world_ops.cpp:122~kq_scan.hpp:9"),
            "leak@world_ops.cpp:*~kq_scan.hpp:*");
  EXPECT_EQ(mask_model_lines("use-after-free@U218~U166"), "use-after-free@U218~U166");
}

// A baseline of three cases: one proved, one with a violation, one unfinished.
nlohmann::json baseline_doc() {
  const auto row = [](int id, const char* status, nlohmann::json sigs) {
    return nlohmann::json{{"id", id},
                          {"setup", "anon"},
                          {"config", "seed"},
                          {"threads", {{"post s"}, {std::string("t") + std::to_string(id)}}},
                          {"status", status},
                          {"executions", 1},
                          {"signatures", std::move(sigs)}};
  };
  return {{"schema", "kmc-verify/1"},
          {"model", "sem"},
          {"bound", "default"},
          {"config_space", "default"},
          {"findings", {{{"signature", "data-race@sem.cpp:10~U166"}}}},
          {"cases",
           {row(1, "proved", nlohmann::json::array()),
            row(2, "violation", {"data-race@sem.cpp:10~U166"}),
            row(3, "unfinished", nlohmann::json::array())}}};
}

std::filesystem::path write_doc(const nlohmann::json& j, const std::string& name) {
  const std::filesystem::path p = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(p) << j.dump();
  return p;
}

std::string key(int id) {
  return std::string("anon\x1f") + "seed" + "\x1e" + "post s\x1f" + "\x1e" + "t" +
         std::to_string(id) + "\x1f";
}

CaseResult result(CaseStatus s, std::vector<std::string> sigs) {
  CaseResult r;
  r.status = s;
  for (std::string& sig : sigs) r.found.push_back(Found{std::move(sig), {}, "", ""});
  return r;
}

TEST(VerifyBaseline, NewSignatureOrViolationWhereItProvedDiffer) {
  Baseline b;
  std::string error;
  ASSERT_TRUE(
      load_baseline(write_doc(baseline_doc(), "base.json"), "sem", "default", "default", b, error))
      << error;
  // The same signature with its model line moved by a patch: no difference.
  EXPECT_FALSE(difference(b, key(2), result(CaseStatus::Violation, {"data-race@sem.cpp:12~U166"})));
  EXPECT_FALSE(difference(b, key(1), result(CaseStatus::Proved, {})));
  // A signature the baseline never reported, in a case it finished.
  const auto fresh = difference(b, key(2), result(CaseStatus::Violation, {"leak@U1~-"}));
  ASSERT_TRUE(fresh);
  EXPECT_NE(fresh->find("leak@U1~-"), std::string::npos) << *fresh;
  // A known signature, but in a case the baseline proved.
  const auto flipped =
      difference(b, key(1), result(CaseStatus::Violation, {"data-race@sem.cpp:99~U166"}));
  ASSERT_TRUE(flipped);
  EXPECT_NE(flipped->find("proved"), std::string::npos) << *flipped;
  // The baseline did not finish case 3, and never saw case 4: neither can differ.
  EXPECT_FALSE(difference(b, key(3), result(CaseStatus::Violation, {"leak@U1~-"})));
  EXPECT_FALSE(difference(b, key(4), result(CaseStatus::Violation, {"leak@U1~-"})));
}

TEST(VerifyBaseline, ABaselineOfAnotherRunIsRefusedNamingTheField) {
  Baseline b;
  std::string error;
  EXPECT_FALSE(
      load_baseline(write_doc(baseline_doc(), "b1.json"), "fd", "default", "default", b, error));
  EXPECT_NE(error.find("model 'sem'"), std::string::npos) << error;
  EXPECT_FALSE(
      load_baseline(write_doc(baseline_doc(), "b2.json"), "sem", "2x2", "default", b, error));
  EXPECT_NE(error.find("bound"), std::string::npos) << error;
  EXPECT_FALSE(load_baseline(write_doc({{"schema", "kmc-run/1"}}, "b3.json"), "sem", "default",
                             "default", b, error));
  EXPECT_NE(error.find("kmc-verify/1"), std::string::npos) << error;
  nlohmann::json broken = baseline_doc();
  broken["cases"][0].erase("threads");
  EXPECT_FALSE(load_baseline(write_doc(broken, "b4.json"), "sem", "default", "default", b, error));
  EXPECT_NE(error.find("malformed"), std::string::npos) << error;
  EXPECT_FALSE(load_baseline("/nonexistent/base.json", "sem", "default", "default", b, error));
}

}  // namespace
}  // namespace kmc::verify
