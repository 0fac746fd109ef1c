// Runs the built kmc binary for the CLI tests and captures its exit code, stdout and stderr.
#pragma once

#include <csignal>
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
// closed. `signal_after_s` > 0 sends each of `signals` (back to back) after that many seconds.
// `code` is the exit status, or 128 + the signal when a signal ended kmc.
[[nodiscard]] KmcOutput run_kmc(const std::vector<std::string>& args, double signal_after_s = 0,
                                const std::vector<int>& signals = {SIGINT});

// run_kmc under /usr/bin/env with the arguments `env` put before kmc: assignments
// ("COLUMNS=100", "NO_COLOR=1") and unsettings ("-u", "NO_COLOR").
[[nodiscard]] KmcOutput run_kmc_env(const std::vector<std::string>& env,
                                    const std::vector<std::string>& args);

// Runs `program` (argv[0] a path) like run_kmc: in the source tree, stdin closed, output captured.
[[nodiscard]] KmcOutput run_program(const std::vector<std::string>& program,
                                    double signal_after_s = 0,
                                    const std::vector<int>& signals = {SIGINT});

// As run_kmc, with kmc's stdout going to `stdout_path` (such as /dev/full); `out` stays empty.
[[nodiscard]] KmcOutput run_kmc_stdout_to(const std::vector<std::string>& args,
                                          const std::string& stdout_path);

// A fresh empty directory for one test.
[[nodiscard]] std::filesystem::path fresh_dir(const std::string& name);

// Writes `text` to `path` (creating its directory) and returns the path as a string.
std::string write_file(const std::filesystem::path& path, const std::string& text);

[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace kmc::testing
