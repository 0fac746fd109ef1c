// Checks the racy cache and prints what kmc found: the counterexample, its replay token and (with
// a folder argument) the trace graph. Exit 1 when a violation was found, as `kmc run`.
#include <iostream>

#include "cache.hpp"

int main(int argc, char** argv) {
  const kmc::Result r = kmc::check(kmc::Options{}, [] { cache::model(cache::Fix::None); });
  std::cout << r << "\n";
  if (argc > 1) {
    for (const auto& folder : r.write_graphs(argv[1])) std::cout << "graph: " << folder << "\n";
  }
  return r.ok() ? 0 : 1;
}
