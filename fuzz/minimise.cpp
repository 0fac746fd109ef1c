#include "fuzz/minimise.hpp"

namespace kmc::fuzz {

std::vector<RawScenario> one_smaller(const RawScenario& raw) {
  std::vector<RawScenario> out;
  for (std::size_t t = 0; raw.threads.size() >= 2 && t < raw.threads.size(); ++t) {
    RawScenario c = raw;
    c.threads.erase(c.threads.begin() + static_cast<std::ptrdiff_t>(t));
    out.push_back(std::move(c));
  }
  for (std::size_t t = 0; t < raw.threads.size(); ++t) {
    for (std::size_t k = 0; raw.threads[t].ops.size() >= 2 && k < raw.threads[t].ops.size(); ++k) {
      RawScenario c = raw;
      auto& ops = c.threads[t].ops;
      ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(k));
      out.push_back(std::move(c));
    }
  }
  for (std::size_t k = 0; k < raw.setup.size(); ++k) {
    RawScenario c = raw;
    c.setup.erase(c.setup.begin() + static_cast<std::ptrdiff_t>(k));
    out.push_back(std::move(c));
  }
  return out;
}

bool minimise_raw(RawScenario& raw, const std::function<bool(const RawScenario&)>& fails,
                  const std::function<bool()>& out_of_budget, int& steps) {
  for (bool smaller = true; smaller;) {
    smaller = false;
    for (RawScenario& c : one_smaller(raw)) {
      if (out_of_budget()) return false;
      if (!fails(c)) continue;
      raw = std::move(c);
      ++steps;
      smaller = true;  // start again from the smaller scenario
      break;
    }
  }
  return true;
}

}  // namespace kmc::fuzz
