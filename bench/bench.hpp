// The classic DPOR benchmarks of DESIGN §5 (lastzero, readers, filesystem, indexer) and abba,
// written against the engine, with the Mazurkiewicz trace counts optimal DPOR must find.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/program.hpp"

namespace kmc::bench {

struct Benchmark {
  std::string name;
  std::string doc;
  int min_n = 1;
  int max_n = 1;
  // The number of traces for size n, where the literature gives it.
  std::function<std::optional<std::uint64_t>(int)> expected_traces;
  std::function<std::unique_ptr<Program>(int)> make;
};

[[nodiscard]] const std::vector<Benchmark>& benchmarks();
[[nodiscard]] const Benchmark* find_benchmark(std::string_view name);
// The program for benchmark `name` of size n; nullptr with `error` set for a bad name or size.
[[nodiscard]] std::unique_ptr<Program> make_benchmark(std::string_view name, int n,
                                                     std::string& error);

}  // namespace kmc::bench
