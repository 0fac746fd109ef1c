// Checks every race-trace picture must pass, on its DOT text parsed back with cgraph: every drawn
// event in exactly one node, one violating node, and highlighted edges that all lead into it.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "checker/trace.hpp"
#include "tests/reports/dot_reader.hpp"

namespace kmc::testing {

// Asserts the structure of a trace picture; `first` is the first drawn event (max_events).
inline void check_trace_picture(const DotReader& dot, const Trace& trace, std::size_t first = 0) {
  ASSERT_TRUE(dot.ok()) << "cgraph could not parse the DOT text";
  EXPECT_TRUE(dot.directed());
  std::map<int, int> seen;
  for (const auto& [name, attrs] : dot.nodes()) {
    const auto it = attrs.find("kmc_events");
    if (it == attrs.end()) continue;
    for (int i : event_list(it->second)) ++seen[i];
  }
  for (std::size_t i = first; i < trace.events.size(); ++i)
    EXPECT_EQ(seen[static_cast<int>(i)], 1) << "event #" << i << " must be in exactly one node";
  EXPECT_EQ(seen.size(), trace.events.size() - first) << "no node may name a missing event";

  const std::vector<std::string> violating = dot.nodes_with("kmc_violation", "1");
  if (!trace.violation) {
    EXPECT_TRUE(violating.empty());
    return;
  }
  ASSERT_EQ(violating.size(), 1u) << "exactly one node is the violation";
  const std::string target = violating.front();
  // Backwards from the violating node along highlighted edges: that must reach every highlighted
  // edge (so each one lies on a path that ends at the violation) and no highlighted edge leaves it.
  std::map<std::string, std::vector<std::string>> into;
  std::size_t highlighted = 0;
  for (const auto& e : dot.edges()) {
    if (e.get("kmc_highlight") != "1") continue;
    ++highlighted;
    EXPECT_NE(e.from, target) << "a highlighted edge leaves the violating node";
    EXPECT_EQ(dot.node_attr(e.from, "kmc_cone"), "1") << e.from;
    EXPECT_EQ(dot.node_attr(e.to, "kmc_cone"), "1") << e.to;
    into[e.to].push_back(e.from);
  }
  std::set<std::string> reached{target};
  std::vector<std::string> work{target};
  while (!work.empty()) {
    const std::string n = work.back();
    work.pop_back();
    for (const std::string& p : into[n])
      if (reached.insert(p).second) work.push_back(p);
  }
  std::size_t on_path = 0;
  for (const auto& e : dot.edges())
    if (e.get("kmc_highlight") == "1" && reached.count(e.to) != 0) ++on_path;
  EXPECT_EQ(on_path, highlighted) << "every highlighted edge must lead to the violation";
  for (const std::string& n : dot.nodes_with("kmc_cone", "1"))
    EXPECT_EQ(reached.count(n), 1u)
        << n << " is marked in the cone but has no path to the violation";
}

}  // namespace kmc::testing
