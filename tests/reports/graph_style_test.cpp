// The text helpers behind the picture labels: paths cut to their last two parts, wrapping, cutting,
// DOT and HTML-label escaping, and the short "seed file:line" place of an event.
#include <gtest/gtest.h>

#include "reports/graph_dot.hpp"
#include "reports/graph_style.hpp"

namespace kmc::reports {
namespace {

TEST(GraphText, PathsAreCutToTheirLastTwoParts) {
  EXPECT_EQ(short_paths("freed by T1 at R31 /work/main/model/fd/fget.cpp:31"),
            "freed by T1 at R31 fd/fget.cpp:31");
  EXPECT_EQ(short_paths("a/b c /d e"), "a/b c /d e");
  EXPECT_EQ(short_paths(""), "");
}

TEST(GraphText, WrapShortenAndEscape) {
  EXPECT_EQ(wrap("aaa bbb ccc", 7, "|"), "aaa bbb|ccc");
  EXPECT_EQ(wrap("averyveryverylongword x", 5, "|"), "averyveryverylongword|x");
  EXPECT_EQ(shorten("abcdefgh", 6), "abc...");
  EXPECT_EQ(shorten("abc", 6), "abc");
  EXPECT_EQ(dot_quote("say \"hi\"\\\nbye"), "\"say \\\"hi\\\"\\\\\\nbye\"");
  EXPECT_EQ(dot_html("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
}

TEST(GraphText, WhereIsTheSeedLineThenTheModelFile) {
  const std::source_location here = std::source_location::current();
  const std::string w = where_short("R512", here);
  EXPECT_EQ(w, "R512 reports/graph_style_test.cpp:" + std::to_string(here.line()));
  EXPECT_EQ(where_short("", std::source_location{}), "");
  EXPECT_EQ(where_short("U670", std::source_location{}), "U670");
}

}  // namespace
}  // namespace kmc::reports
