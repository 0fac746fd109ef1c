#include "verify/work.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace kmc::verify {
namespace {

// The model a scenario text names on its `model` line ("" if none).
std::string scenario_model(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    std::string name;
    if (words >> first && first == "model" && words >> name) return name;
  }
  return "";
}

// Whether a scenario of model `scenario` can show a signature of model `verified`: its own model,
// or one that runs the verified model's code (cross composes fd, sem and kq; kq runs on fd's
// descriptor layer). The others' signatures name other seed lines, so running them only costs
// time (for sem, most of the run).
bool may_teach(const std::string& scenario, const std::string& verified) {
  if (scenario.empty() || scenario == verified || scenario == "cross" || verified == "cross")
    return true;
  return scenario == "kq" && verified == "fd";
}

// A case's cost estimate: its number of actions.
std::size_t actions_of(const Case& k) {
  return std::transform_reduce(k.programs.begin(), k.programs.end(), std::size_t{0}, std::plus<>(),
                               [](const std::vector<int>& p) { return p.size(); });
}

ViolationKind kind_from(const nlohmann::json& j) {
  ViolationKind kind{};
  if (!parse_violation_kind(j.get<std::string>(), kind))
    throw std::runtime_error("unknown violation kind " + j.get<std::string>());
  return kind;
}

CaseStatus status_from(const std::string& s) {
  for (CaseStatus c : {CaseStatus::Proved, CaseStatus::Violation, CaseStatus::Unfinished,
                       CaseStatus::Contract, CaseStatus::Error})
    if (s == to_string(c)) return c;
  throw std::runtime_error("unknown case status " + s);
}

}  // namespace

CaseResult run_item(const WorkItem& item, const std::atomic<bool>* stop,
                    std::optional<std::chrono::steady_clock::time_point> not_after) {
  if (!item.prefix.empty()) {
    CaseResult r;
    r.status = CaseStatus::Error;
    r.error = "a schedule prefix cannot be explored yet";
    return r;
  }
  VerifyOptions o;
  o.scenario_seconds = item.seconds;
  o.max_executions = item.max_executions;
  o.stop = stop;
  o.not_after = not_after;
  return run_case(item.text, item.name, o);
}

nlohmann::json to_json(const WorkItem& item) {
  return {{"id", item.id},
          {"name", item.name},
          {"text", item.text},
          {"seconds", item.seconds},
          {"max_executions", item.max_executions},
          {"prefix", item.prefix}};
}

WorkItem item_from_json(const nlohmann::json& j) {
  WorkItem item;
  item.id = j.at("id").get<std::uint32_t>();
  item.name = j.at("name").get<std::string>();
  item.text = j.at("text").get<std::string>();
  item.seconds = j.at("seconds").get<double>();
  item.max_executions = j.at("max_executions").get<std::uint64_t>();
  item.prefix = j.at("prefix").get<std::vector<std::uint32_t>>();
  return item;
}

nlohmann::json to_json(const ItemResult& r) {
  nlohmann::json found = nlohmann::json::array();
  for (const Found& f : r.result.found)
    found.push_back({{"signature", f.signature},
                     {"kind", std::string(to_string(f.kind))},
                     {"message", f.message},
                     {"token", f.token}});
  nlohmann::json kinds = nlohmann::json::array();
  for (ViolationKind k : r.result.kinds) kinds.push_back(std::string(to_string(k)));
  return {{"id", r.id},
          {"status", to_string(r.result.status)},
          {"executions", r.result.executions},
          {"found", found},
          {"kinds", kinds},
          {"error", r.result.error}};
}

ItemResult result_from_json(const nlohmann::json& j) {
  ItemResult r;
  r.id = j.at("id").get<std::uint32_t>();
  r.result.status = status_from(j.at("status").get<std::string>());
  r.result.executions = j.at("executions").get<std::uint64_t>();
  for (const nlohmann::json& f : j.at("found"))
    r.result.found.push_back(Found{f.at("signature").get<std::string>(), kind_from(f.at("kind")),
                                   f.at("message").get<std::string>(),
                                   f.at("token").get<std::string>()});
  for (const nlohmann::json& k : j.at("kinds")) r.result.kinds.push_back(kind_from(k));
  r.result.error = j.at("error").get<std::string>();
  return r;
}

std::vector<WorkItem> make_items(const Catalogue& c, const std::vector<Case>& cases,
                                 const std::vector<KnownFinding>& findings,
                                 const VerifyOptions& options, std::vector<KnownItem>& known,
                                 std::vector<std::string>& unreadable) {
  std::vector<WorkItem> items;
  items.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i)
    items.push_back(WorkItem{static_cast<std::uint32_t>(i),
                             "verify-case-" + std::to_string(i + 1),
                             render_case(c, cases[i]),
                             options.scenario_seconds,
                             options.max_executions,
                             {}});
  for (const KnownFinding& f : findings) {
    for (const std::filesystem::path& path : f.scenarios) {
      std::ifstream in(path);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in) {
        unreadable.push_back(path.string());
        continue;
      }
      if (!may_teach(scenario_model(text), c.model->name)) continue;
      known.push_back(KnownItem{f.id, path.string()});
      items.push_back(WorkItem{
          static_cast<std::uint32_t>(items.size()), path.string(), std::move(text), 30, 0, {}});
    }
  }
  return items;
}

std::vector<std::uint32_t> dispatch_order(const std::vector<Case>& cases, std::size_t items,
                                          bool fewest_first) {
  std::vector<std::uint32_t> order;
  order.reserve(items);
  for (std::size_t i = cases.size(); i < items; ++i) order.push_back(static_cast<std::uint32_t>(i));
  std::vector<std::uint32_t> by_size(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) by_size[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(by_size.begin(), by_size.end(), [&](std::uint32_t a, std::uint32_t b) {
    return fewest_first ? actions_of(cases[a]) < actions_of(cases[b])
                        : actions_of(cases[a]) > actions_of(cases[b]);
  });
  order.insert(order.end(), by_size.begin(), by_size.end());
  return order;
}

std::map<std::string, std::string> known_from_results(const std::vector<KnownItem>& known,
                                                      const std::vector<CaseResult>& results,
                                                      std::size_t first,
                                                      std::vector<std::string>& skipped) {
  std::map<std::string, std::string> out;
  for (std::size_t k = 0; k < known.size(); ++k) {
    const CaseResult& r = results[first + k];
    const bool ran = r.status != CaseStatus::Unfinished || r.executions > 0;
    if (!ran || r.status == CaseStatus::Error) {
      skipped.push_back(known[k].path);
      continue;
    }
    for (const Found& f : r.found) out.emplace(f.signature, known[k].finding);
  }
  return out;
}

}  // namespace kmc::verify
