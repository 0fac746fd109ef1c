// The verify heat map: every pair of actions per setup and configuration drawn with the JSON's
// state and counts, findings linked to found/*.scn, text escaped, nothing fetched; the page as
// written (without a browser) from a report whose results are made up case by case.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/verify/heatmap_cells.hpp"
#include "verify/heatmap.hpp"
#include "verify/report.hpp"

namespace kmc::verify {
namespace {

using kmc::testing::compare_with_json;
using kmc::testing::heat_cells;
using kmc::testing::HeatCell;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The sem catalogue's 2x1 cases over two configuration points, the last quarter of each setup's
// cases left out (so that some pairs are not enumerated), with results assigned by case number:
// proved, violation (a new signature, and a known one every other time), unfinished, contract.
VerifyReport made_up_report(const std::filesystem::path& dir) {
  const Catalogue& c = *catalogue_of("sem");
  Bound bound;
  std::string error;
  EXPECT_TRUE(parse_bound("2x1", bound, error));
  VerifyReport r;
  r.catalogue = &c;
  r.bound = "2x1";
  r.config_space = "all";
  r.configs = {0, 1};
  for (const Case& k : enumerate(c, bound, r.configs))
    if (k.programs[0][0] * 4 < static_cast<int>(c.actions.size()) * 3) r.cases.push_back(k);
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    CaseResult res;
    res.executions = i * 7 + 1;
    switch (i % 4) {
      case 0:
        res.status = CaseStatus::Proved;
        break;
      case 1:
        res.status = CaseStatus::Violation;
        res.found.push_back(
            Found{"use-after-free@U1~U2", ViolationKind::UseAfterFree, "uaf", "K1.x"});
        if (i % 8 == 1)
          res.found.push_back(Found{"refcount@U3~-", ViolationKind::Refcount, "rc", "K1.y"});
        res.kinds = {ViolationKind::UseAfterFree};
        break;
      case 2:
        res.status = CaseStatus::Unfinished;
        break;
      default:
        res.status = CaseStatus::Contract;
    }
    r.results.push_back(res);
  }
  collect_findings(r, {{"refcount@U3~-", "S9"}});
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(write_found(r, dir, error)) << error;
  return r;
}

TEST(VerifyHeatmap, EveryPairIsDrawnWithTheStateAndCountsOfTheJson) {
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "verify-test" / "heatmap-unit";
  const VerifyReport r = made_up_report(dir);
  const nlohmann::json j = report_json(r);
  const std::string page = heatmap_html(j);
  const std::vector<HeatCell> cells = heat_cells(page);
  EXPECT_EQ(compare_with_json(cells, j), "");

  // Per grid: symmetric setups mirror n(n-1)/2 cells; every state occurs; the counts line agrees.
  const std::size_t n = r.catalogue->actions.size();
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::size_t>> by_grid;
  for (const HeatCell& c : cells) ++by_grid[{c.setup, c.config}][c.mirror() ? "mirror" : c.state()];
  ASSERT_EQ(by_grid.size(), r.catalogue->setups.size() * 2);
  for (const verify::Setup& s : r.catalogue->setups)
    for (const char* config : {"seed", "fault-injection"}) {
      auto& counts = by_grid[{s.name, config}];
      EXPECT_EQ(counts["mirror"], s.symmetric ? n * (n - 1) / 2 : 0) << s.name;
      for (const char* state : {"proved", "violation", "unfinished", "contract", "none"})
        EXPECT_GT(counts[state], 0u) << s.name << " " << config << " " << state;
      std::size_t in_json = 0;
      for (const auto& m : j.at("matrix"))
        in_json += m.at("setup") == s.name && m.at("config") == config ? 1 : 0;
      EXPECT_EQ(counts["none"], (s.symmetric ? n * (n + 1) / 2 : n * n) - in_json) << s.name;
      const std::string line =
          fmt::format("data-count-state=\"violation\" data-count=\"{}\"", counts["violation"]);
      EXPECT_NE(page.find(line), std::string::npos) << s.name << ": " << line;
    }

  // New findings link to their found/*.scn, which exist; known ones are named by their id.
  std::size_t links = 0;
  for (const FindingRow& f : r.findings) {
    if (!f.known.empty()) continue;
    const std::string href = "found/" + std::filesystem::path(f.file).filename().string();
    EXPECT_TRUE(std::filesystem::exists(dir / href)) << href;
    links += count(page, "href=\"" + href + "\"");
  }
  EXPECT_GT(links, 1u);
  EXPECT_NE(page.find(">S9</a>"), std::string::npos);
  EXPECT_NE(page.find(">N1</a>"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"swatch "), 7 + 6 * by_grid.size()) << "legend and counts";
}

TEST(VerifyHeatmap, TextIsEscapedAndNothingIsFetched) {
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "verify-test" / "heatmap-escape";
  nlohmann::json j = report_json(made_up_report(dir));
  const std::string old_name = j["actions"][0]["name"];
  j["actions"][0]["name"] = "<b>\"&'";
  for (auto& m : j["matrix"]) {
    if (m["a"] == old_name) m["a"] = "<b>\"&'";
    if (m["b"] == old_name) m["b"] = "<b>\"&'";
  }
  const std::string page = heatmap_html(j);
  EXPECT_EQ(page.find("<b>\""), std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;&quot;&amp;&apos;"), std::string::npos);
  EXPECT_EQ(compare_with_json(heat_cells(page), j), "");
  for (const char* remote : {"http:", "https:", "<script", "<link", "@import", "<img", "url("})
    EXPECT_EQ(page.find(remote), std::string::npos) << remote;
}

TEST(VerifyHeatmap, WrittenBesideTheReport) {
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "verify-test" / "heatmap-write";
  const nlohmann::json j = report_json(made_up_report(dir));
  std::string error;
  ASSERT_TRUE(write_heatmap(j, dir, error)) << error;
  std::ifstream in(dir / kHeatmapFile);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), heatmap_html(j));
  EXPECT_FALSE(write_heatmap(j, "/proc/no-such-dir", error));
  EXPECT_NE(error.find("matrix.html"), std::string::npos) << error;
}

}  // namespace
}  // namespace kmc::verify
