#include "verify/heatmap.hpp"

#include <fmt/format.h>

#include <fstream>
#include <kainjow/mustache.hpp>
#include <map>
#include <stdexcept>
#include <tuple>

#include "verify/progress.hpp"

namespace kmc::verify {
namespace {

namespace mu = kainjow::mustache;
using json = nlohmann::json;

// A cell state, its legend label and what it means.
struct StateDoc {
  const char* state;
  const char* label;
  const char* doc;
};
constexpr StateDoc kStates[] = {
    {"proved", "proved", "every scenario with A and B explored to its end, no violation"},
    {"violation", "violation",
     "a scenario with A and B violates an invariant; the cell names the findings (known ids, or "
     "N1, N2... for new signatures, linked to their found/*.scn)"},
    {"unfinished", "unfinished",
     "a scenario with A and B hit a limit or never started: nothing is claimed"},
    {"contract", "contract only",
     "the only violations broke the scenario contract (a guarded call failed, a harness error)"},
    {"error", "error", "a scenario did not parse or the engine failed"},
    {"none", "not enumerated", "no scenario of the bound runs A and B in different threads"},
};

using CellKey = std::tuple<std::string, std::string, std::string, std::string>;

// A finding as the cells name it ("S1", or "new:<signature>"): its short label and its link.
struct FindingLink {
  std::string label;
  std::string href;  // "found/<file>.scn", or "" when none was written
  std::string title;
};

std::map<std::string, FindingLink> finding_links(const json& report) {
  std::map<std::string, FindingLink> out;
  int fresh = 0;
  for (const json& f : report.at("findings")) {
    const std::string sig = f.at("signature").get<std::string>();
    const std::string kind = f.at("kind").get<std::string>();
    if (!f.at("known").is_null()) {
      const std::string id = f.at("known").get<std::string>();
      out[id] = FindingLink{id, "", fmt::format("known finding {}: {} ({})", id, sig, kind)};
      continue;
    }
    const std::string file = f.at("file").get<std::string>();
    const std::string href =
        file.empty() ? "" : "found/" + std::filesystem::path(file).filename().string();
    out["new:" + sig] = FindingLink{fmt::format("N{}", ++fresh), href,
                                    fmt::format("new finding {} ({})", sig, kind)};
  }
  return out;
}

mu::data link_data(const FindingLink& l) {
  mu::data d;
  d.set("label", l.label);
  d.set("href", l.href);
  d.set("has_href", !l.href.empty());
  d.set("title", l.title);
  return d;
}

// One primary (not mirrored) cell from its matrix entry, or a "none" cell.
mu::data cell_data(const std::string& a, const std::string& b, const json* entry,
                   const std::map<std::string, FindingLink>& links) {
  mu::data d;
  d.set("a", a);
  d.set("b", b);
  d.set("primary", true);
  if (entry == nullptr) {
    d.set("state", "none");
    d.set("tip", fmt::format("{} × {}: not enumerated", a, b));
    d.set("findings", mu::data::type::list);
    return d;
  }
  const std::string state = entry->at("status").get<std::string>();
  const auto scenarios = entry->at("scenarios").get<std::uint64_t>();
  const auto executions = entry->at("executions").get<std::uint64_t>();
  d.set("state", state);
  d.set("counted", true);
  d.set("scenarios", std::to_string(scenarios));
  d.set("executions", std::to_string(executions));
  mu::data findings{mu::data::type::list};
  std::string names;
  for (const json& f : entry->at("findings")) {
    const FindingLink& l = links.at(f.get<std::string>());
    findings.push_back(link_data(l));
    names += (names.empty() ? "" : ", ") + l.label;
  }
  d.set("findings", findings);
  if (state != "violation") d.set("text", std::to_string(scenarios));
  d.set("tip",
        fmt::format("{} × {}: {}; {} scenario(s): {} proved, {} violation, {} unfinished; {} "
                    "executions{}",
                    a, b, state, scenarios, entry->at("proved").get<std::uint64_t>(),
                    entry->at("violation").get<std::uint64_t>(),
                    entry->at("unfinished").get<std::uint64_t>(), group_digits(executions),
                    names.empty() ? "" : "; findings " + names));
  return d;
}

// The cell below the diagonal of a symmetric setup: the colour of its mirror, no counts.
mu::data mirror_data(const std::string& a, const std::string& b, const json* entry) {
  mu::data d;
  d.set("a", a);
  d.set("b", b);
  d.set("mirror", true);
  d.set("state", entry == nullptr ? "none" : entry->at("status").get<std::string>());
  d.set("tip", fmt::format("{} × {}: symmetric setup, the same as {} × {}", a, b, b, a));
  d.set("findings", mu::data::type::list);
  return d;
}

// One setup × configuration grid.
mu::data grid_data(const json& report, const json& setup, const json& config,
                   const std::map<CellKey, const json*>& cells,
                   const std::map<std::string, FindingLink>& links) {
  const std::string s = setup.at("name").get<std::string>();
  const std::string c = config.at("name").get<std::string>();
  const bool symmetric = setup.at("symmetric").get<bool>();
  std::vector<std::string> actions;
  for (const json& a : report.at("actions")) actions.push_back(a.at("name").get<std::string>());
  std::map<std::string, std::size_t> count;
  mu::data rows{mu::data::type::list};
  for (std::size_t i = 0; i < actions.size(); ++i) {
    mu::data row_cells{mu::data::type::list};
    for (std::size_t k = 0; k < actions.size(); ++k) {
      const bool mirrored = symmetric && i > k;
      const CellKey key =
          mirrored ? CellKey{s, c, actions[k], actions[i]} : CellKey{s, c, actions[i], actions[k]};
      const auto it = cells.find(key);
      const json* entry = it == cells.end() ? nullptr : it->second;
      if (mirrored) {
        row_cells.push_back(mirror_data(actions[i], actions[k], entry));
        continue;
      }
      ++count[entry == nullptr ? "none" : entry->at("status").get<std::string>()];
      row_cells.push_back(cell_data(actions[i], actions[k], entry, links));
    }
    mu::data row;
    row.set("number", std::to_string(i + 1));
    row.set("name", actions[i]);
    row.set("cells", row_cells);
    rows.push_back(row);
  }
  mu::data columns{mu::data::type::list};
  for (std::size_t k = 0; k < actions.size(); ++k) {
    mu::data col;
    col.set("number", std::to_string(k + 1));
    col.set("name", actions[k]);
    columns.push_back(col);
  }
  mu::data counts{mu::data::type::list};
  for (const StateDoc& st : kStates) {
    mu::data n;
    n.set("state", st.state);
    n.set("label", st.label);
    n.set("n", std::to_string(count[st.state]));
    counts.push_back(n);
  }
  std::string lines;
  for (const json& l : config.at("lines"))
    lines += (lines.empty() ? "" : "; ") + l.get<std::string>();
  mu::data g;
  g.set("id", "grid-" + s + "-" + c);
  g.set("setup", s);
  g.set("doc", setup.at("doc").get<std::string>());
  g.set("symmetric", symmetric);
  g.set("config", c);
  g.set("config_lines", lines.empty() ? "the seed's settings" : lines);
  g.set("columns", columns);
  g.set("rows", rows);
  g.set("counts", counts);
  return g;
}

}  // namespace

std::string heatmap_html(const nlohmann::json& report) {
  std::map<CellKey, const json*> cells;
  for (const json& m : report.at("matrix"))
    cells[CellKey{m.at("setup").get<std::string>(), m.at("config").get<std::string>(),
                  m.at("a").get<std::string>(), m.at("b").get<std::string>()}] = &m;
  const std::map<std::string, FindingLink> links = finding_links(report);
  mu::data page;
  page.set("model", report.at("model").get<std::string>());
  page.set("bound", report.at("bound").get<std::string>());
  page.set("config_space", report.at("config_space").get<std::string>());
  const json& summary = report.at("summary");
  for (const char* k : {"scenarios", "executions", "proved", "violation", "unfinished", "contract",
                        "error", "signatures", "new_signatures"})
    page.set(k, group_digits(summary.at(k).get<std::uint64_t>()));
  mu::data legend{mu::data::type::list};
  for (const StateDoc& st : kStates) {
    mu::data l;
    l.set("state", st.state);
    l.set("label", st.label);
    l.set("doc", st.doc);
    legend.push_back(l);
  }
  page.set("legend", legend);
  mu::data findings{mu::data::type::list};
  for (const json& f : report.at("findings")) {
    const std::string sig = f.at("signature").get<std::string>();
    const FindingLink& l =
        links.at(f.at("known").is_null() ? "new:" + sig : f.at("known").get<std::string>());
    mu::data d = link_data(l);
    d.set("signature", sig);
    d.set("kind", f.at("kind").get<std::string>());
    d.set("cases", std::to_string(f.at("cases").get<std::uint64_t>()));
    d.set("fresh", f.at("known").is_null());
    findings.push_back(d);
  }
  page.set("findings", findings);
  page.set("has_findings", !report.at("findings").empty());
  mu::data grids{mu::data::type::list};
  for (const json& setup : report.at("setups"))
    for (const json& config : report.at("configs"))
      grids.push_back(grid_data(report, setup, config, cells, links));
  page.set("grids", grids);
  mu::mustache tmpl{std::string(detail::heatmap_template())};
  if (!tmpl.is_valid()) throw std::logic_error("heat map template: " + tmpl.error_message());
  return tmpl.render(page);
}

bool write_heatmap(const nlohmann::json& report, const std::filesystem::path& dir,
                   std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path path = dir / kHeatmapFile;
  std::ofstream out(path, std::ios::binary);
  out << heatmap_html(report);
  out.close();
  if (!out) {
    error = fmt::format("{}: cannot write", path.string());
    return false;
  }
  return true;
}

}  // namespace kmc::verify
