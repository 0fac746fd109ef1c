#include "tests/cli/kmc_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace kmc::testing {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("kmc_cli_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

KmcOutput run_kmc(const std::vector<std::string>& args, double signal_after_s,
                  const std::vector<int>& signals) {
  std::vector<std::string> argv = {KMC_BINARY_DIR "/kmc"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, signal_after_s, signals);
}

namespace {
// run_program with stdout to `stdout_path` instead of a capture file when it is not empty.
KmcOutput spawn(const std::vector<std::string>& program, double signal_after_s,
                const std::vector<int>& signals, const std::string& stdout_path) {
  static int counter = 0;
  const auto dir = std::filesystem::path(::testing::TempDir()) / "kmc_cli_io";
  std::filesystem::create_directories(dir);
  // ctest runs each test in its own process, several at once: the pid keeps their files apart.
  const std::string tag = std::to_string(getpid()) + "_" + std::to_string(counter++);
  const std::string out_path = (dir / ("out" + tag)).string();
  const std::string err_path = (dir / ("err" + tag)).string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1,
                                   stdout_path.empty() ? out_path.c_str() : stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addchdir_np(&actions, KMC_SOURCE_DIR);
  std::vector<std::string> argv_s = program;
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  KmcOutput result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    ADD_FAILURE() << "cannot start " << argv[0];
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  if (signal_after_s > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(signal_after_s));
    for (int sig : signals) kill(pid, sig);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (stdout_path.empty()) result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}
}  // namespace

KmcOutput run_program(const std::vector<std::string>& program, double signal_after_s,
                      const std::vector<int>& signals) {
  return spawn(program, signal_after_s, signals, "");
}

KmcOutput run_kmc_env(const std::vector<std::string>& env, const std::vector<std::string>& args) {
  std::vector<std::string> command = {"/usr/bin/env"};
  command.insert(command.end(), env.begin(), env.end());
  command.push_back(KMC_BINARY_DIR "/kmc");
  command.insert(command.end(), args.begin(), args.end());
  return run_program(command);
}

KmcOutput run_kmc_stdout_to(const std::vector<std::string>& args, const std::string& stdout_path) {
  std::vector<std::string> argv = {KMC_BINARY_DIR "/kmc"};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn(argv, 0, {}, stdout_path);
}

}  // namespace kmc::testing
