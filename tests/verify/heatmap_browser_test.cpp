// The verify heat map of a real run (sem, bound 2x1, every finding new so that found/*.scn are
// written) opened from disk in headless Chromium: the DOM the browser builds must hold one cell
// per pair of actions per setup, as many cells of each state as the JSON's matrix says, and the
// JSON's scenario and execution counts on every cell.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/reports/chromium.hpp"
#include "tests/verify/heatmap_cells.hpp"
#include "verify/heatmap.hpp"
#include "verify/report.hpp"

namespace kmc::verify {
namespace {

using namespace kmc::testing;

TEST(VerifyHeatmapBrowser, HeadlessChromiumShowsEveryCellOfTheJson) {
  if (!chromium_installed())
    GTEST_SKIP() << "chromium is not installed (apt-get install -y chromium); the browser check of "
                    "the verify heat map is skipped";
  const auto build = std::filesystem::path(KMC_BINARY_DIR);
  const auto dir = build / "verify-test" / "heatmap-browser";
  std::filesystem::remove_all(dir);
  const Catalogue& c = *catalogue_of("sem");
  Bound bound;
  std::string error;
  ASSERT_TRUE(parse_bound("2x1", bound, error)) << error;
  VerifyReport r;
  r.catalogue = &c;
  r.bound = "2x1";
  r.config_space = "default";
  r.configs = {0};
  r.cases = enumerate(c, bound, r.configs);
  VerifyOptions o;
  o.jobs = 2;
  r.results = run_cases(c, r.cases, o);
  collect_findings(r, {});
  ASSERT_TRUE(write_found(r, dir, error)) << error;
  const nlohmann::json j = report_json(r);
  ASSERT_TRUE(write_heatmap(j, dir, error)) << error;

  const std::string url = "file://" + std::filesystem::absolute(dir / kHeatmapFile).string();
  const auto profile = build / "verify-test" / "chromium-profile";
  std::filesystem::remove_all(profile);
  const auto dom_file = build / "verify-test" / "heatmap-dom.html";
  ASSERT_EQ(run_chromium("--virtual-time-budget=5000 --dump-dom", url, dom_file, profile), 0)
      << slurp(dom_file.string() + ".err");
  const std::string dom = slurp(dom_file);
  const std::vector<HeatCell> cells = heat_cells(dom);
  EXPECT_EQ(compare_with_json(cells, j), "");

  // Cells per state in each setup's grid, against the JSON's matrix.
  std::map<std::pair<std::string, std::string>, std::size_t> in_dom, in_json;
  for (const HeatCell& cell : cells)
    if (!cell.mirror() && cell.state() != "none") ++in_dom[{cell.setup, cell.state()}];
  for (const auto& m : j.at("matrix"))
    ++in_json[{m.at("setup").get<std::string>(), m.at("status").get<std::string>()}];
  EXPECT_EQ(in_dom, in_json);
  EXPECT_GT(in_json.size(), 3u) << "a sem 2x1 run proves some pairs and violates others";

  // Each new finding's link in the DOM leads to its found/*.scn.
  ASSERT_FALSE(r.findings.empty());
  for (const FindingRow& f : r.findings) {
    const std::string href = "found/" + std::filesystem::path(f.file).filename().string();
    EXPECT_NE(dom.find("href=\"" + href + "\""), std::string::npos) << href;
    EXPECT_TRUE(std::filesystem::exists(dir / href)) << href;
  }
}

}  // namespace
}  // namespace kmc::verify
