#include "bench/bench.hpp"

#include <fmt/format.h>

#include "bench/classic.hpp"

namespace kmc::bench {

const std::vector<Benchmark>& benchmarks() {
  static const std::vector<Benchmark> all = {
      {"lastzero", "thread 0 scans an array for its last zero while N threads fill it", 1, 16,
       [](int n) -> std::optional<std::uint64_t> {
         return n == 1 ? 2 : static_cast<std::uint64_t>(n + 3) << (n - 2);
       },
       lastzero},
      {"readers", "one writer of x, N readers each load x once", 1, 20,
       [](int n) -> std::optional<std::uint64_t> { return 1ull << n; }, readers},
      {"filesystem", "inode/block allocation under locks (NUMINODE 32, NUMBLOCKS 26)", 1, 32,
       [](int n) -> std::optional<std::uint64_t> {
         if (n < 13) return 1;
         return 1ull << (n - 13);
       },
       filesystem},
      {"indexer", "hash-table insertion with CAS under per-slot mutexes (SIZE 128, MAX 4)", 1, 20,
       [](int n) -> std::optional<std::uint64_t> {
         if (n < 11) return 1;
         return 1ull << (3 * (n - 11));
       },
       indexer},
      {"steps", "two threads store to one variable N times each: the cost of a scheduling point",
       1, 50'000'000, [](int) -> std::optional<std::uint64_t> { return std::nullopt; }, steps},
      {"abba", "two threads take locks A and B in opposite orders (N is ignored)", 1, 1,
       [](int) -> std::optional<std::uint64_t> { return std::nullopt; }, abba},
  };
  return all;
}

const Benchmark* find_benchmark(std::string_view name) {
  for (const Benchmark& b : benchmarks())
    if (b.name == name) return &b;
  return nullptr;
}

std::unique_ptr<Program> make_benchmark(std::string_view name, int n, std::string& error) {
  const Benchmark* b = find_benchmark(name);
  if (b == nullptr) {
    std::string names;
    for (const Benchmark& x : benchmarks()) names += (names.empty() ? "" : ", ") + x.name;
    error = fmt::format("unknown benchmark '{}' (one of: {})", name, names);
    return nullptr;
  }
  if (n < b->min_n || n > b->max_n) {
    error = fmt::format("{} takes N from {} to {}, not {}", b->name, b->min_n, b->max_n, n);
    return nullptr;
  }
  return b->make(n);
}

}  // namespace kmc::bench
