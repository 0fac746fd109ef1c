// A read-modify-write reads the same in every report (docs/traces.md): the picture's label and the
// text trace show "+1: 0 -> 1", and the JSON event carries the value before as well as after.
#include <gtest/gtest.h>

#include <string>

#include "reports/graph_dot.hpp"
#include "reports/graph_model.hpp"
#include "reports/json_report.hpp"
#include "reports/text_report.hpp"
#include "tests/reports/programs.hpp"

namespace kmc::reports {
namespace {

using namespace kmc::testing;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The use-after-free counterexample: its reader counts the read (fetch_add nreads, 0 -> 1) before
// it touches the freed file.
const Counterexample& uaf(const RunResult& r) {
  const Counterexample* c = find_kind(r, ViolationKind::UseAfterFree);
  if (c == nullptr) throw std::runtime_error("no use-after-free found");
  return *c;
}

TEST(RmwNotation, PictureLabelShowsTheChangeLikeTheTextTrace) {
  const RunResult r = run_program(use_after_free_program(), "dpor");
  const Counterexample& c = uaf(r);
  GraphOptions unfolded;
  unfolded.min_fold = 0;
  const std::string dot = trace_dot(c.trace, build_trace_graph(c.trace, unfolded), "");
  EXPECT_TRUE(has(dot, "fetch_add nreads +1: 0 -> 1")) << dot;
  EXPECT_FALSE(has(dot, "fetch_add nreads = ")) << dot;
  EXPECT_TRUE(has(format_trace(c.trace), "fetch_add nreads +1: 0 -> 1"));
  // Other values keep their notation.
  EXPECT_TRUE(has(dot, "load published = 1")) << dot;
}

TEST(RmwNotation, JsonEventCarriesTheValueBefore) {
  const RunResult r = run_program(use_after_free_program(), "dpor");
  const Counterexample& c = uaf(r);
  const nlohmann::json j = counterexample_json(c, {});
  int rmw = 0;
  for (const nlohmann::json& e : j.at("trace")) {
    if (e.at("op") == "fetch_add" && e.at("object") == "nreads") {
      ++rmw;
      EXPECT_EQ(e.at("before"), 0) << e.dump();
      EXPECT_EQ(e.at("value"), 1) << e.dump();
    } else if (e.at("op") == "load") {
      EXPECT_FALSE(e.contains("before")) << e.dump();
    }
  }
  EXPECT_EQ(rmw, 1) << j.dump();
}

}  // namespace
}  // namespace kmc::reports
