// The HTML index: escaping and encoding helpers, the page's rows and links, and the page opened
// from disk in a real headless browser (Debian's chromium) that must show the table and every
// embedded picture. The screenshot is left in the build folder (reports-index-screenshot.png).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "reports/graphs.hpp"
#include "reports/html_index.hpp"
#include "tests/reports/chromium.hpp"
#include "tests/reports/programs.hpp"

namespace kmc::reports {
namespace {

using namespace kmc::testing;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlHelpers, EscapeEncodeAndBase64) {
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(url_path("fd/close race#2 100%.txt"), "fd/close%20race%232%20100%25.txt");
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

// A report folder like `kmc run --report DIR` makes: a use-after-free, ABBA's lock-order cycle
// (with its lock graph), a passing scenario and one that missed its expectation.
std::vector<IndexRow> make_report(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::vector<IndexRow> rows;
  const TestProgram uaf_program = use_after_free_program();
  const RunResult uaf = run_program(uaf_program, "dpor");
  const Counterexample* u = find_kind(uaf, ViolationKind::UseAfterFree);
  const TestProgram abba = abba_program();
  const RunResult ab = run_program(abba, "dpor");
  const Counterexample* o = find_kind(ab, ViolationKind::LockOrder);
  const Counterexample* d = find_kind(ab, ViolationKind::Deadlock);
  if (u == nullptr || o == nullptr || d == nullptr)
    throw std::runtime_error("the engine found no counterexample");
  write_trace_graph(dir / "fd" / "uaf", *u);
  write_lock_graph(dir / "abba", ab.lock_graph, *o);
  write_trace_graph(dir / "abba", *o);
  write_trace_graph(dir / "abba" / "2-deadlock", *d);  // a run's second counterexample
  for (const char* d : {"fd/uaf", "abba", "sem/post-wait", "kq/scan <close>"}) {
    std::filesystem::create_directories(dir / d);
    std::ofstream(dir / d / "trace.txt") << "trace of " << d << "\n";
    std::ofstream(dir / d / "result.json") << "{\"scenario\": \"" << d << "\"}\n";
  }
  rows.push_back({"fd/uaf", "fd", "violation", "violation use-after-free", "use-after-free",
                  "fd/uaf", uaf.stats.executions, 0.012, true});
  rows.push_back({"abba", "bench", "violation", "violation lock-order", "lock-order", "abba",
                  ab.stats.executions, 0.004, true});
  rows.push_back(
      {"sem/post-wait", "sem", "pass", "pass", "", "sem/post-wait", 1234567, 75.5, true});
  rows.push_back({"kq/scan <close>", "kq", "pass", "violation deadlock", "", "kq/scan <close>", 42,
                  0.3, false});
  return rows;
}

TEST(HtmlIndex, OneRowPerScenarioWithLinksAndEmbeddedPictures) {
  const auto dir = std::filesystem::path(KMC_BINARY_DIR) / "reports-test" / "index-unit";
  const std::vector<IndexRow> rows = make_report(dir);
  write_index(dir, rows);
  const std::string page = slurp(dir / "index.html");
  EXPECT_EQ(count(page, "<tr id=\"row-"), rows.size());
  EXPECT_NE(page.find("href=\"fd/uaf/trace.txt\""), std::string::npos);
  EXPECT_NE(page.find("href=\"fd/uaf/result.json\""), std::string::npos);
  EXPECT_NE(page.find("href=\"abba/lockgraph.svg\""), std::string::npos);
  EXPECT_NE(page.find("href=\"kq/scan%20%3Cclose%3E/trace.txt\""), std::string::npos);
  EXPECT_NE(page.find("kq/scan &lt;close&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<close>"), std::string::npos) << "text must be escaped";
  // uaf; abba's trace, lock graph and second counterexample
  EXPECT_EQ(count(page, "src=\"data:image/svg+xml;base64,"), 4u);
  EXPECT_NE(page.find("href=\"abba/2-deadlock/trace.svg\""), std::string::npos);
  EXPECT_NE(page.find("1,234,567"), std::string::npos);
  EXPECT_NE(page.find("1m 15s"), std::string::npos);
  EXPECT_NE(page.find("1 did not"), std::string::npos);
  // Self-contained: nothing fetched from elsewhere.
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.find("href=\"http"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
}

TEST(HtmlIndex, HeadlessChromiumShowsTheTableAndEveryPicture) {
  if (!chromium_installed())
    GTEST_SKIP() << "chromium is not installed (apt-get install -y chromium); the browser check of "
                    "the HTML index is skipped";
  const auto build = std::filesystem::path(KMC_BINARY_DIR);
  const auto dir = build / "reports-test" / "index-browser";
  const std::vector<IndexRow> rows = make_report(dir);
  write_index(dir, rows);
  const std::string url = "file://" + std::filesystem::absolute(dir / "index.html").string();
  const auto profile = build / "reports-test" / "chromium-profile";
  std::filesystem::remove_all(profile);

  const auto dom_file = build / "reports-test" / "index-dom.html";
  ASSERT_EQ(run_chromium("--virtual-time-budget=5000 --dump-dom", url, dom_file, profile), 0)
      << slurp(dom_file.string() + ".err");
  const std::string dom = slurp(dom_file);
  EXPECT_EQ(count(dom, "<tr id=\"row-"), rows.size());
  EXPECT_NE(dom.find("<table id=\"results\">"), std::string::npos);
  EXPECT_NE(dom.find("data-pictures-loaded=\"4\""), std::string::npos)
      << "the browser must decode all four embedded SVG pictures";
  EXPECT_EQ(count(dom, "data-loaded=\"yes\""), 4u);
  EXPECT_EQ(dom.find("data-loaded=\"no\""), std::string::npos);

  const auto shot = build / "reports-index-screenshot.png";
  std::filesystem::remove(shot);
  ASSERT_EQ(run_chromium("--window-size=1200,900 --screenshot='" + shot.string() + "'", url,
                         build / "reports-test" / "screenshot.log", profile),
            0);
  ASSERT_TRUE(std::filesystem::exists(shot));
  const std::string png = slurp(shot);
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // The IHDR chunk holds the width and height (big-endian) at bytes 16..23.
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  EXPECT_EQ(be32(16), 1200u);
  EXPECT_EQ(be32(20), 900u);
  EXPECT_GT(png.size(), 20000u) << "a blank page compresses to almost nothing";
}

}  // namespace
}  // namespace kmc::reports
