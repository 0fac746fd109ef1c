#include "verify/report.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "checker/output_file.hpp"
#include "verify/signature.hpp"

namespace kmc::verify {
namespace {

std::size_t size_of(const Case& k) {
  std::size_t n = 0;
  for (const auto& p : k.programs) n += p.size();
  return n;
}

const std::string& action_name(const VerifyReport& r, int a) {
  return r.catalogue->actions[static_cast<std::size_t>(a)].name;
}

// The matrix cells: (setup, config, action A, action B) with A and B in different threads; A <= B
// when the setup is symmetric (the pair has no order), else A in the lower-numbered thread.
struct CellKey {
  int setup, config, a, b;
  auto operator<=>(const CellKey&) const = default;
};
struct Cell {
  std::size_t scenarios = 0, proved = 0, violation = 0, unfinished = 0, contract = 0, error = 0;
  std::uint64_t executions = 0;
  std::set<std::string> findings;  // ids, or signatures of new ones
};

std::string cell_status(const Cell& c) {
  if (c.error > 0) return "error";
  if (c.violation > 0) return "violation";
  if (c.unfinished > 0) return "unfinished";
  if (c.proved > 0) return "proved";
  return "contract";
}

std::map<CellKey, Cell> cells(const VerifyReport& r,
                              const std::map<std::string, std::string>& names) {
  std::map<CellKey, Cell> out;
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const Case& k = r.cases[i];
    const CaseResult& res = r.results[i];
    const bool symmetric = r.catalogue->setups[static_cast<std::size_t>(k.setup)].symmetric;
    std::set<CellKey> keys;
    for (std::size_t t = 0; t < k.programs.size(); ++t)
      for (std::size_t u = t + 1; u < k.programs.size(); ++u)
        for (int a : k.programs[t])
          for (int b : k.programs[u])
            keys.insert(symmetric ? CellKey{k.setup, k.config, std::min(a, b), std::max(a, b)}
                                  : CellKey{k.setup, k.config, a, b});
    for (const CellKey& key : keys) {
      Cell& c = out[key];
      ++c.scenarios;
      c.executions += res.executions;
      switch (res.status) {
        case CaseStatus::Proved:
          ++c.proved;
          break;
        case CaseStatus::Violation:
          ++c.violation;
          break;
        case CaseStatus::Unfinished:
          ++c.unfinished;
          break;
        case CaseStatus::Contract:
          ++c.contract;
          break;
        case CaseStatus::Error:
          ++c.error;
          break;
      }
      for (const Found& f : res.found) c.findings.insert(names.at(f.signature));
    }
  }
  return out;
}

std::map<std::string, std::string> finding_names(const VerifyReport& r) {
  std::map<std::string, std::string> names;
  for (const FindingRow& f : r.findings)
    names[f.signature] = f.known.empty() ? "new:" + f.signature : f.known;
  return names;
}

}  // namespace

void collect_findings(VerifyReport& r, const std::map<std::string, std::string>& known) {
  std::map<std::string, FindingRow> rows;
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    for (const Found& f : r.results[i].found) {
      auto [it, fresh] = rows.try_emplace(f.signature);
      FindingRow& row = it->second;
      ++row.cases;
      if (fresh || size_of(r.cases[i]) < size_of(r.cases[row.smallest])) {
        row.signature = f.signature;
        row.smallest = i;
        row.example = f;
      }
    }
  }
  r.findings.clear();
  for (auto& [sig, row] : rows) {
    if (auto k = known.find(sig); k != known.end()) row.known = k->second;
    r.findings.push_back(std::move(row));
  }
  std::stable_sort(
      r.findings.begin(), r.findings.end(),
      [](const FindingRow& a, const FindingRow& b) { return a.known.empty() && !b.known.empty(); });
}

nlohmann::json report_json(const VerifyReport& r) {
  const Catalogue& c = *r.catalogue;
  nlohmann::json j;
  j["schema"] = "kmc-verify/1";
  j["model"] = c.model->name;
  j["bound"] = r.bound;
  j["config_space"] = r.config_space;
  for (int k : r.configs) {
    const ConfigPoint& p = c.configs[static_cast<std::size_t>(k)];
    j["configs"].push_back({{"name", p.name}, {"lines", p.lines}});
  }
  for (const Setup& s : c.setups)
    j["setups"].push_back({{"name", s.name}, {"doc", s.doc}, {"symmetric", s.symmetric}});
  for (const Action& a : c.actions) j["actions"].push_back({{"name", a.name}, {"ops", a.ops}});
  std::map<std::string, std::size_t> by_status;
  std::uint64_t executions = 0;
  for (const CaseResult& res : r.results) {
    ++by_status[to_string(res.status)];
    executions += res.executions;
  }
  nlohmann::json summary = {{"scenarios", r.cases.size()}, {"executions", executions}};
  for (const char* s : {"proved", "violation", "unfinished", "contract", "error"})
    summary[s] = by_status[s];
  std::size_t fresh = 0;
  for (const FindingRow& f : r.findings) fresh += f.known.empty() ? 1 : 0;
  summary["signatures"] = r.findings.size();
  summary["new_signatures"] = fresh;
  j["summary"] = summary;
  j["findings"] = nlohmann::json::array();
  for (const FindingRow& f : r.findings) {
    j["findings"].push_back(
        {{"signature", f.signature},
         {"known", f.known.empty() ? nlohmann::json() : nlohmann::json(f.known)},
         {"kind", std::string(to_string(f.example.kind))},
         {"message", f.example.message},
         {"cases", f.cases},
         {"smallest_case", f.smallest + 1},
         {"token", f.example.token},
         {"file", f.file}});
  }
  const std::map<std::string, std::string> names = finding_names(r);
  j["matrix"] = nlohmann::json::array();
  for (const auto& [key, cell] : cells(r, names)) {
    j["matrix"].push_back({{"setup", c.setups[static_cast<std::size_t>(key.setup)].name},
                           {"config", c.configs[static_cast<std::size_t>(key.config)].name},
                           {"a", action_name(r, key.a)},
                           {"b", action_name(r, key.b)},
                           {"status", cell_status(cell)},
                           {"scenarios", cell.scenarios},
                           {"proved", cell.proved},
                           {"violation", cell.violation},
                           {"unfinished", cell.unfinished},
                           {"executions", cell.executions},
                           {"findings", cell.findings}});
  }
  j["cases"] = nlohmann::json::array();
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const Case& k = r.cases[i];
    nlohmann::json threads = nlohmann::json::array();
    for (const auto& p : k.programs) {
      nlohmann::json t = nlohmann::json::array();
      for (int a : p) t.push_back(action_name(r, a));
      threads.push_back(t);
    }
    nlohmann::json sigs = nlohmann::json::array();
    for (const Found& f : r.results[i].found) sigs.push_back(f.signature);
    nlohmann::json row = {{"id", i + 1},
                          {"setup", c.setups[static_cast<std::size_t>(k.setup)].name},
                          {"config", c.configs[static_cast<std::size_t>(k.config)].name},
                          {"threads", threads},
                          {"status", to_string(r.results[i].status)},
                          {"executions", r.results[i].executions},
                          {"signatures", sigs}};
    if (!r.results[i].error.empty()) row["error"] = r.results[i].error;
    j["cases"].push_back(row);
  }
  return j;
}

bool write_found(VerifyReport& r, const std::filesystem::path& dir, std::string& error) {
  const std::filesystem::path found = dir / "found";
  std::error_code ec;
  std::filesystem::create_directories(found, ec);
  if (ec) {
    error = fmt::format("{}: cannot create: {}", found.string(), ec.message());
    return false;
  }
  for (FindingRow& f : r.findings) {
    if (!f.known.empty()) continue;
    const Case& k = r.cases[f.smallest];
    std::set<std::string> kinds;
    // Every kind `kmc test` will see, contract breaches included, so that the file matches.
    for (ViolationKind kind : r.results[f.smallest].kinds)
      kinds.insert(std::string(to_string(kind)));
    std::string text = render_case(*r.catalogue, k);
    text.replace(text.rfind("expect pass"), std::string("expect pass").size(),
                 fmt::format("expect violation {}", fmt::join(kinds, " ")));
    const std::filesystem::path path = found / (signature_file_name(f.signature) + ".scn");
    text = fmt::format(
        "# kmc verify found {} ({})\n# {}\n# replay: kmc run {} --keep-going --replay {}\n{}",
        f.signature, to_string(f.example.kind), f.example.message, path.string(), f.example.token,
        text);
    if (std::string e = write_file_atomic(path, text); !e.empty()) {
      error = "cannot write " + e;
      return false;
    }
    f.file = path.string();
  }
  return true;
}

std::string report_text(const VerifyReport& r) {
  std::map<CaseStatus, std::size_t> n;
  std::uint64_t executions = 0;
  for (const CaseResult& res : r.results) {
    ++n[res.status];
    executions += res.executions;
  }
  std::string out = fmt::format(
      "kmc verify {}: bound {}, {} configuration point(s), {} scenarios, {} executions\n"
      "  proved {}, violation {}, unfinished {}, contract only {}, error {}\n",
      r.catalogue->model->name, r.bound, r.configs.size(), r.cases.size(), executions,
      n[CaseStatus::Proved], n[CaseStatus::Violation], n[CaseStatus::Unfinished],
      n[CaseStatus::Contract], n[CaseStatus::Error]);
  for (const FindingRow& f : r.findings) {
    out += fmt::format("  {} {:<40} {} case(s), smallest #{}: {}\n",
                       f.known.empty() ? "NEW  " : fmt::format("{:<5}", f.known), f.signature,
                       f.cases, f.smallest + 1, describe_case(*r.catalogue, r.cases[f.smallest]));
    if (!f.file.empty()) out += fmt::format("        {}\n", f.file);
  }
  // Every error, but only the first unfinished cases: a run cut by --time-limit or --fail-fast
  // leaves thousands, all in the JSON.
  constexpr std::size_t kUnfinishedShown = 20;
  std::size_t unfinished = 0;
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const CaseResult& res = r.results[i];
    if (res.status == CaseStatus::Unfinished && ++unfinished > kUnfinishedShown) continue;
    if (res.status == CaseStatus::Error || res.status == CaseStatus::Unfinished)
      out += fmt::format("  {} #{}: {}{}\n", to_string(res.status), i + 1,
                         describe_case(*r.catalogue, r.cases[i]),
                         res.error.empty() ? "" : " — " + res.error);
  }
  if (unfinished > kUnfinishedShown)
    out += fmt::format("  ... and {} more unfinished (each is in --json)\n",
                       unfinished - kUnfinishedShown);
  return out;
}

}  // namespace kmc::verify
