// The configuration space a generated scenario draws from, read off the model's descriptor alone:
// every parameter (ParamSpec) with a few values besides its default, every scenario option that
// applies to the model, and the model's variants (only when asked). A raw scenario holds one
// choice per setting, 0 meaning the default, so RapidCheck shrinks each setting back to it.
// Also counts, over a fuzz run, how many scenarios used each non-default setting.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/model_api.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::fuzz {

struct Setting {
  enum class Kind : std::uint8_t { Param, Option, Variant };
  Kind kind = Kind::Param;
  std::string name;
  Value fallback = 0;         // Param: its default; Option, Variant: 0 (off)
  std::vector<Value> values;  // what a non-zero choice picks from (never the default); {1}: on
};

// Every setting of `model`, in a fixed order: its parameters in descriptor order (setting i is
// parameter i), then the scenario options that apply to it, then its variants.
[[nodiscard]] std::vector<Setting> config_space(const model::ModelDescriptor& model);

// How many settings, from the front of config_space(), the generator chooses: parameters and
// options, and the variants too when `variants` (the M-/F- variants break or fix the seed on
// purpose, so they are left out unless asked for).
[[nodiscard]] std::size_t fuzzed_settings(const model::ModelDescriptor& model, bool variants);

// The values a parameter deviates to: every value of a range of at most 9, else the minimum and
// the three values above it; rounded down to powers of two where the doc says "power of two";
// only the minimum for a panic limit (small values would trip the panic by design).
[[nodiscard]] std::vector<Value> param_values(const model::ParamSpec& p);

// The value choice `choice` stands for: the default for 0, else values[(|choice| - 1) % size].
[[nodiscard]] Value setting_value(const Setting& s, int choice);

// False for a scenario option the parser accepts for every model but that does not apply to this
// one (its rules' options_off: biglock is the execution mode of the sem seed's kernel alone).
[[nodiscard]] bool option_applies(const model::ModelDescriptor& model, const std::string& option);

// How many checked scenarios used each non-default setting, and each thread count.
struct ConfigStats {
  std::uint64_t cases = 0;
  std::map<std::size_t, std::uint64_t> threads;                  // thread count -> scenarios
  std::map<std::string, std::map<Value, std::uint64_t>> params;  // name -> value -> scenarios
  std::map<std::string, std::uint64_t> options;                  // option -> scenarios
  std::map<std::string, std::uint64_t> variants;                 // not the fixed ones

  // Counts one scenario; `fixed` are the variants every scenario has (--variant).
  void add(const scenario::Scenario& s, const std::vector<std::string>& fixed);
  void merge(const ConfigStats& other);
  // One line per thread count and per setting of `model` (zeros included, so a setting never
  // reached shows), each with its count and share; parameters with a count per value.
  [[nodiscard]] std::string format(const model::ModelDescriptor& model) const;
};

}  // namespace kmc::fuzz
