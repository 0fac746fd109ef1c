// Runs the built kmc binary for the CLI tests and captures its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kmc::testing {

struct KmcOutput {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `KMC_BINARY_DIR/kmc ARGS...` in the source tree (so `scenarios/...` resolves), with stdin
// closed. `interrupt_after_s` > 0 sends SIGINT after that many seconds.
[[nodiscard]] KmcOutput run_kmc(const std::vector<std::string>& args, double interrupt_after_s = 0);

// A fresh empty directory for one test.
[[nodiscard]] std::filesystem::path fresh_dir(const std::string& name);

// Writes `text` to `path` (creating its directory) and returns the path as a string.
std::string write_file(const std::filesystem::path& path, const std::string& text);

[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace kmc::testing
