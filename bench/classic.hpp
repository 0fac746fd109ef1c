// Program factories for the classic benchmarks (see bench.hpp for the list and counts).
#pragma once

#include <memory>

#include "checker/program.hpp"

namespace kmc::bench {

// lastzero(N): array[0..N] = 0; thread 0 scans i = N down while array[i] != 0; thread j (1..N)
// does array[j] = array[j-1] + 1. (N+3)*2^(N-2) traces for N >= 2.
[[nodiscard]] std::unique_ptr<Program> lastzero(int n);
// readers(N): one writer stores x, N readers load x once each. 2^N traces.
[[nodiscard]] std::unique_ptr<Program> readers(int n);
// filesystem(N) (Flanagan-Godefroid): N threads allocate inodes and blocks under per-inode and
// per-block locks (NUMINODE 32, NUMBLOCKS 26). 2^(N-13) traces for N >= 13.
[[nodiscard]] std::unique_ptr<Program> filesystem(int n);
// indexer(N) (Flanagan-Godefroid): N threads insert MAX=4 values each into a hash table of SIZE
// 128 with a compare-and-swap under a per-slot mutex. 8^(N-11) traces for N >= 11.
[[nodiscard]] std::unique_ptr<Program> indexer(int n);
// steps(N): two threads each store to a shared variable N times: one long execution that
// measures the engine's cost per scheduling point (run it with --strategy random).
[[nodiscard]] std::unique_ptr<Program> steps(int n);
// abba: one thread takes A then B, the other B then A (a lock-order cycle and a deadlock).
[[nodiscard]] std::unique_ptr<Program> abba(int n);

}  // namespace kmc::bench
