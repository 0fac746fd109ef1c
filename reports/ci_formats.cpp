#include "reports/ci_formats.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "reports/html_index.hpp"
#include "reports/json_report.hpp"
#include "reports/text_report.hpp"

namespace kmc::reports {
namespace {

// The SARIF schema a log names, in the form SARIF consumers look for.
constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// A model source path relative to the repository root ("model/fd/dup.cpp"); short_path keeps
// the last parts of a path, which under the repository are the path from its root.
std::string source_uri(const std::source_location& loc) {
  return short_path(loc.file_name());
}

nlohmann::json physical(const std::string& uri, const char* base, std::uint32_t line) {
  nlohmann::json region = nlohmann::json::object();
  if (line > 0) region["startLine"] = line;
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", uri}, {"uriBaseId", base}}}, {"region", region}}}};
}

// The locations of one event or violation: its model source line, then its seed line if any.
nlohmann::json locations_of(const std::source_location& loc, const char* seed) {
  nlohmann::json out = nlohmann::json::array();
  out.push_back(physical(source_uri(loc), "SRCROOT", loc.line()));
  std::string file;
  std::uint32_t line = 0;
  if (seed != nullptr && seed_location(seed, file, line)) {
    nlohmann::json l = physical(file, "SEED", line);
    l["message"] = {{"text", fmt::format("seed line {}", seed)}};
    out.push_back(std::move(l));
  }
  return out;
}

nlohmann::json code_flow(const Trace& trace) {
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const std::string thread = e.thread < trace.threads.size() ? trace.threads[e.thread].name : "";
    nlohmann::json loc = locations_of(e.loc, e.seed)[0];
    loc["message"] = {{"text", fmt::format("{}: {}", thread, describe_event(e, trace))}};
    steps.push_back({{"location", std::move(loc)},
                     {"executionOrder", i + 1},
                     {"properties", {{"thread", thread}, {"event", i}}}});
  }
  return {{"threadFlows", nlohmann::json::array({{{"locations", std::move(steps)}}})}};
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string kept;
  kept.reserve(text.size());
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') kept += c;
  // The five characters XML escapes are the ones html_escape does (as &lt; ... &#39;).
  return html_escape(kept);
}

bool seed_location(const std::string& label, std::string& file, std::uint32_t& line) {
  // The seeds of DESIGN §1: R the reflowed Linux fs/file.c, U NetBSD uipc_sem.c 1.15.4.2, K
  // DragonFly kern_event.c (model/<m>/README.md says which upstream revision).
  static const std::map<char, const char*> kFiles = {{'R', "linux/fs/file.c"},
                                                     {'U', "netbsd/sys/kern/uipc_sem.c"},
                                                     {'K', "dragonfly/sys/kern/kern_event.c"}};
  if (label.size() < 2 || kFiles.count(label[0]) == 0) return false;
  std::uint32_t n = 0;
  for (std::size_t i = 1; i < label.size(); ++i) {
    if (label[i] < '0' || label[i] > '9') break;  // "R541-545": the first line of a range
    n = n * 10 + static_cast<std::uint32_t>(label[i] - '0');
  }
  if (n == 0) return false;
  file = kFiles.at(label[0]);
  line = n;
  return true;
}

std::string junit_xml(const std::string& suite_name, const std::vector<CiCase>& cases) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  double total = 0;
  for (const CiCase& c : cases) {
    failures += c.outcome == "failure" ? 1 : 0;
    errors += c.outcome == "error" ? 1 : 0;
    skipped += c.outcome == "skipped" ? 1 : 0;
    total += c.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"kmc\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      cases.size(), failures, errors, skipped, total);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      xml_escape(suite_name), cases.size(), failures, errors, skipped, total);
  for (const CiCase& c : cases) {
    out += fmt::format("    <testcase name=\"{}\" classname=\"{}\"{} time=\"{:.3f}\"",
                       xml_escape(c.name), xml_escape(c.suite),
                       c.file.empty() ? "" : " file=\"" + xml_escape(c.file) + "\"", c.seconds);
    if (c.outcome == "pass") {
      out += "/>\n";
      continue;
    }
    const char* tag = c.outcome == "skipped" ? "skipped"
                      : c.outcome == "error" ? "error"
                                             : "failure";
    out += fmt::format(">\n      <{} message=\"{}\"", tag, xml_escape(c.message));
    if (c.details.empty())
      out += "/>\n";
    else
      out += fmt::format(">{}</{}>\n", xml_escape(c.details), tag);
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

nlohmann::json sarif_log(const std::vector<CiCase>& cases, const std::string& command) {
  std::set<std::string> kinds;
  nlohmann::json results = nlohmann::json::array();
  for (const CiCase& c : cases) {
    if (c.result == nullptr) continue;
    for (const Counterexample& cex : c.result->counterexamples) {
      const Violation& v = cex.violation;
      const std::string kind(to_string(v.kind));
      kinds.insert(kind);
      const std::string replay = c.replay_prefix + cex.replay;
      nlohmann::json r;
      r["ruleId"] = kind;
      r["level"] = c.expected ? "note" : "error";
      r["message"] = {{"text", fmt::format("{} in {}: {} (replay: {})", kind, c.name,
                                           shorten_paths(v.message), replay)}};
      r["locations"] = locations_of(v.loc, v.seed);
      r["codeFlows"] = nlohmann::json::array({code_flow(cex.trace)});
      r["partialFingerprints"] = {
          {"kmcSignature/v1", fmt::format("{}@{}:{}", kind, source_uri(v.loc), v.loc.line())}};
      r["properties"] = {{"scenario", c.name},
                         {"file", c.file},
                         {"replay_token", cex.replay},
                         {"replay_command", replay},
                         {"expected", c.expected}};
      results.push_back(std::move(r));
    }
  }
  for (const CiCase& c : cases) {
    for (const CiFinding& f : c.findings) {
      kinds.insert(f.kind);
      nlohmann::json locs = nlohmann::json::array();
      for (const std::string& seed : f.seeds) {
        std::string file;
        std::uint32_t line = 0;
        if (!seed_location(seed, file, line)) continue;
        nlohmann::json l = physical(file, "SEED", line);
        l["message"] = {{"text", fmt::format("seed line {}", seed)}};
        locs.push_back(std::move(l));
      }
      nlohmann::json r;
      r["ruleId"] = f.kind;
      r["level"] = c.expected ? "note" : "error";
      r["message"] = {{"text", fmt::format("{} ({}): {} (replay: {})", f.kind, f.signature,
                                           shorten_paths(f.message), f.replay)}};
      r["locations"] = std::move(locs);
      r["partialFingerprints"] = {{"kmcSignature/v1", f.signature}};
      r["properties"] = {
          {"scenario", c.name}, {"replay_command", f.replay}, {"expected", c.expected}};
      results.push_back(std::move(r));
    }
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const std::string& k : kinds)
    rules.push_back({{"id", k}, {"shortDescription", {{"text", "kmc violation: " + k}}}});
  const nlohmann::json tool = tool_json();
  nlohmann::json driver = {{"name", "kmc"},
                           {"version", tool.at("version")},
                           {"semanticVersion", tool.at("version").get<std::string>() + ".0"},
                           {"rules", std::move(rules)},
                           {"properties", {{"commit", tool.at("commit")}}}};
  nlohmann::json run = {
      {"tool", {{"driver", std::move(driver)}}},
      {"invocations",
       nlohmann::json::array({{{"commandLine", command}, {"executionSuccessful", true}}})},
      {"originalUriBaseIds",
       {{"SRCROOT", {{"description", {{"text", "the root of the kmc repository"}}}}},
        {"SEED",
         {{"description",
           {{"text", "the upstream sources the models follow (model/<m>/README.md)"}}}}}}},
      {"results", std::move(results)}};
  return {{"$schema", kSarifSchema},
          {"version", "2.1.0"},
          {"runs", nlohmann::json::array({std::move(run)})}};
}

}  // namespace kmc::reports
