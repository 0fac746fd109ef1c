// Reads the cells of a verify heat map back from its HTML (as written, or as a browser's DOM
// dump) and compares them with the kmc-verify/1 JSON they were drawn from.
#pragma once

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace kmc::testing {

// One <td class="cell ..."> of a grid.
struct HeatCell {
  std::string setup, config;  // of the enclosing <section class="grid">
  std::map<std::string, std::string> attrs;
  [[nodiscard]] bool mirror() const {
    return attrs.at("class").find(" mirror") != std::string::npos;
  }
  [[nodiscard]] const std::string& state() const { return attrs.at("data-state"); }
};

// &amp; &lt; &gt; &quot; &#39; &apos; back to characters.
[[nodiscard]] inline std::string html_unescape(const std::string& s) {
  static const std::vector<std::pair<std::string, char>> kEntities = {
      {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
      {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (const auto& [entity, c] : kEntities)
      if (s.compare(i, entity.size(), entity) == 0) {
        out += c;
        i += entity.size();
        matched = true;
        break;
      }
    if (!matched) out += s[i++];
  }
  return out;
}

// The name="value" attributes of the tag starting at `at` (values unescaped).
[[nodiscard]] inline std::map<std::string, std::string> tag_attributes(const std::string& html,
                                                                       std::size_t at) {
  std::map<std::string, std::string> out;
  std::size_t i = html.find(' ', at);
  const std::size_t end = html.find('>', at);
  while (i < end) {
    while (i < end && html[i] == ' ') ++i;
    const std::size_t eq = html.find('=', i);
    if (eq == std::string::npos || eq > end) break;
    const std::size_t open = eq + 1;
    const std::size_t close = html.find('"', open + 1);
    out[html.substr(i, eq - i)] = html_unescape(html.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

// Every cell of every grid, in page order.
[[nodiscard]] inline std::vector<HeatCell> heat_cells(const std::string& html) {
  std::vector<HeatCell> out;
  std::string setup, config;
  std::size_t i = 0;
  while (true) {
    const std::size_t section = html.find("<section class=\"grid\"", i);
    const std::size_t cell = html.find("<td class=\"cell ", i);
    if (cell == std::string::npos) break;
    if (section < cell) {
      const auto a = tag_attributes(html, section);
      setup = a.at("data-setup");
      config = a.at("data-config");
      i = section + 1;
      continue;
    }
    out.push_back(HeatCell{setup, config, tag_attributes(html, cell)});
    i = cell + 1;
  }
  return out;
}

// "" if `cells` show exactly the JSON's matrix: one primary cell per pair of actions per setup and
// configuration, the JSON's status, scenarios and executions on each enumerated pair, "none" on
// the others, and mirrors (below the diagonal of symmetric setups) with their twin's state.
// Otherwise the first difference.
[[nodiscard]] inline std::string compare_with_json(const std::vector<HeatCell>& cells,
                                                   const nlohmann::json& j) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, const nlohmann::json*> matrix;
  for (const auto& m : j.at("matrix"))
    matrix[{m.at("setup").get<std::string>(), m.at("config").get<std::string>(),
            m.at("a").get<std::string>(), m.at("b").get<std::string>()}] = &m;
  std::size_t actions = j.at("actions").size();
  std::size_t grids = j.at("setups").size() * j.at("configs").size();
  if (cells.size() != grids * actions * actions)
    return fmt::format("{} cells, expected {} grids of {}x{}", cells.size(), grids, actions,
                       actions);
  std::size_t matched = 0;
  for (const HeatCell& c : cells) {
    const std::string& a = c.attrs.at("data-a");
    const std::string& b = c.attrs.at("data-b");
    const Key key = c.mirror() ? Key{c.setup, c.config, b, a} : Key{c.setup, c.config, a, b};
    const auto it = matrix.find(key);
    const std::string want =
        it == matrix.end() ? "none" : it->second->at("status").get<std::string>();
    if (c.state() != want || c.attrs.at("class") != "cell " + want + (c.mirror() ? " mirror" : ""))
      return fmt::format("{}/{} {} x {}: state {}, JSON says {}", c.setup, c.config, a, b,
                         c.state(), want);
    if (c.mirror() || it == matrix.end()) {
      if (c.attrs.count("data-scenarios") != 0)
        return fmt::format("{}/{} {} x {}: counts on a mirror or empty cell", c.setup, c.config, a,
                           b);
      continue;
    }
    ++matched;
    const std::string scenarios = std::to_string(it->second->at("scenarios").get<std::uint64_t>());
    const std::string executions =
        std::to_string(it->second->at("executions").get<std::uint64_t>());
    if (c.attrs.at("data-scenarios") != scenarios || c.attrs.at("data-executions") != executions)
      return fmt::format("{}/{} {} x {}: {} scenarios / {} executions, JSON says {} / {}", c.setup,
                         c.config, a, b, c.attrs.at("data-scenarios"),
                         c.attrs.at("data-executions"), scenarios, executions);
  }
  if (matched != matrix.size())
    return fmt::format("{} matrix entries drawn, the JSON has {}", matched, matrix.size());
  return "";
}

}  // namespace kmc::testing
