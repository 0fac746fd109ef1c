#include "fuzz/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "fuzz/protocol.hpp"
#include "model/scenario/parser.hpp"

namespace kmc::fuzz {
namespace {

// A range this small is fuzzed over every value; a larger one over its smallest few.
constexpr Value kSmallRange = 8;
constexpr Value kSmallValues = 4;

bool says(const model::ParamSpec& p, const char* what) {
  return p.doc.find(what) != std::string::npos;
}

std::string percent(std::uint64_t n, std::uint64_t of) {
  return of == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / of);
}

}  // namespace

std::vector<Value> param_values(const model::ParamSpec& p) {
  std::vector<Value> raw;
  if (says(p, "panic")) {
    raw.push_back(p.min);
  } else if (p.max - p.min <= kSmallRange) {
    for (Value v = p.min; v <= p.max; ++v) raw.push_back(v);
  } else {
    for (Value v = p.min; v < p.min + kSmallValues && v <= p.max; ++v) raw.push_back(v);
  }
  std::vector<Value> out;
  for (Value v : raw) {
    if (says(p, "power of two")) {
      Value pow2 = 1;
      while (pow2 * 2 <= v) pow2 *= 2;
      v = std::max(pow2, p.min);
    }
    if (v != p.fallback && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

bool option_applies(const model::ModelDescriptor& model, const std::string& option) {
  return protocol_of(model).options_off.count(option) == 0;
}

std::vector<Setting> config_space(const model::ModelDescriptor& model) {
  std::vector<Setting> out;
  for (const model::ParamSpec& p : model.params)
    out.push_back({Setting::Kind::Param, p.name, p.fallback, param_values(p)});
  for (const std::string& o : scenario::scenario_options())
    if (option_applies(model, o)) out.push_back({Setting::Kind::Option, o, 0, {1}});
  for (const model::VariantSpec& v : model.variants)
    out.push_back({Setting::Kind::Variant, v.name, 0, {1}});
  return out;
}

std::size_t fuzzed_settings(const model::ModelDescriptor& model, bool variants) {
  const std::size_t all = config_space(model).size();
  return variants ? all : all - model.variants.size();
}

Value setting_value(const Setting& s, int choice) {
  if (choice == 0 || s.values.empty()) return s.fallback;
  return s.values[static_cast<std::size_t>(std::abs(choice) - 1) % s.values.size()];
}

void ConfigStats::add(const scenario::Scenario& s, const std::vector<std::string>& fixed) {
  ++cases;
  ++threads[s.threads.size()];
  for (const model::ParamSpec& p : s.model->params) {
    const auto it = s.config.params.find(p.name);
    if (it != s.config.params.end() && it->second != p.fallback) ++params[p.name][it->second];
  }
  for (const std::string& o : scenario::scenario_options()) {
    const bool set = std::find(s.options.begin(), s.options.end(), o) != s.options.end();
    if (set) ++options[o];
  }
  for (const std::string& v : s.config.variants)
    if (std::find(fixed.begin(), fixed.end(), v) == fixed.end()) ++variants[v];
}

void ConfigStats::merge(const ConfigStats& other) {
  cases += other.cases;
  for (const auto& [n, c] : other.threads) threads[n] += c;
  for (const auto& [name, values] : other.params)
    for (const auto& [v, c] : values) params[name][v] += c;
  for (const auto& [o, c] : other.options) options[o] += c;
  for (const auto& [v, c] : other.variants) variants[v] += c;
}

std::string ConfigStats::format(const model::ModelDescriptor& model) const {
  std::string out = fmt::format("configuration of the {} scenarios checked:\n", cases);
  std::string line = "  threads:";
  for (const auto& [n, c] : threads) line += fmt::format(" {}: {} ({})", n, c, percent(c, cases));
  out += line + "\n";
  const auto row = [&](const std::string& label, std::uint64_t n, const std::string& more) {
    out += fmt::format("  {:<30} {:>9} {:>6}{}\n", label, n, percent(n, cases), more);
  };
  for (const Setting& s : config_space(model)) {
    switch (s.kind) {
      case Setting::Kind::Param: {
        std::uint64_t n = 0;
        std::string per;
        if (const auto it = params.find(s.name); it != params.end())
          for (const auto& [v, c] : it->second) {
            n += c;
            per += fmt::format(" {}={}", v, c);
          }
        row(fmt::format("{} (default {})", s.name, s.fallback), n, per.empty() ? "" : " " + per);
        break;
      }
      case Setting::Kind::Option: {
        const auto it = options.find(s.name);
        row("option " + s.name, it == options.end() ? 0 : it->second, "");
        break;
      }
      case Setting::Kind::Variant: {
        const auto it = variants.find(s.name);
        if (it != variants.end()) row("variant " + s.name, it->second, "");
        break;
      }
    }
  }
  return out;
}

}  // namespace kmc::fuzz
