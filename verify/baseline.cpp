#include "verify/baseline.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include <fmt/format.h>

namespace kmc::verify {
namespace {

std::string key_of(const std::string& setup, const std::string& config,
                   const std::vector<std::vector<std::string>>& threads) {
  std::string key = setup + "\x1f" + config;
  for (const auto& t : threads) {
    key += "\x1e";
    for (const std::string& a : t) key += a + "\x1f";
  }
  return key;
}

bool finished(const std::string& status) {
  return status == "proved" || status == "violation" || status == "contract";
}

}  // namespace

std::string mask_model_lines(const std::string& signature) {
  static const std::regex kPlace(R"(([A-Za-z0-9_]+\.(?:cpp|hpp)):[0-9]+)");
  return std::regex_replace(signature, kPlace, "$1:*");
}

std::string case_key(const Catalogue& c, const Case& k) {
  std::vector<std::vector<std::string>> threads;
  for (const auto& p : k.programs) {
    threads.emplace_back();
    for (int a : p) threads.back().push_back(c.actions[static_cast<std::size_t>(a)].name);
  }
  return key_of(c.setups[static_cast<std::size_t>(k.setup)].name,
                c.configs[static_cast<std::size_t>(k.config)].name, threads);
}

bool load_baseline(const std::filesystem::path& file, const std::string& model,
                   const std::string& bound, const std::string& space, Baseline& out,
                   std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = fmt::format("{}: cannot be read", file.string());
    return false;
  }
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "kmc-verify/1") {
    error =
        fmt::format("{}: not the JSON of a kmc verify run (schema kmc-verify/1)", file.string());
    return false;
  }
  const std::pair<const char*, std::string> wanted[] = {
      {"model", model}, {"bound", bound}, {"config_space", space}};
  for (const auto& [field, want] : wanted) {
    const std::string got = j.value(field, std::string());
    if (got != want) {
      error =
          fmt::format("{}: made with {} '{}', this run has '{}'", file.string(), field, got, want);
      return false;
    }
  }
  try {
    out = Baseline{};
    out.file = file.string();
    for (const auto& f : j.at("findings"))
      out.signatures.insert(mask_model_lines(f.at("signature").get<std::string>()));
    for (const auto& c : j.at("cases"))
      out.status[key_of(c.at("setup").get<std::string>(), c.at("config").get<std::string>(),
                        c.at("threads").get<std::vector<std::vector<std::string>>>())] =
          c.at("status").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    error = fmt::format("{}: malformed verify JSON ({})", file.string(), e.what());
    return false;
  }
  return true;
}

std::optional<std::string> difference(const Baseline& b, const std::string& key,
                                      const CaseResult& result) {
  const auto it = b.status.find(key);
  if (it == b.status.end() || !finished(it->second)) return std::nullopt;
  for (const Found& f : result.found)
    if (b.signatures.count(mask_model_lines(f.signature)) == 0)
      return fmt::format("new signature {}", f.signature);
  if (result.status == CaseStatus::Violation && it->second == "proved")
    return fmt::format("a violation ({}) where the baseline proved it",
                       result.found.empty() ? "?" : result.found.front().signature);
  return std::nullopt;
}

}  // namespace kmc::verify
