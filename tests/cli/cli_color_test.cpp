// --color auto|always|never (issue 15): verdicts and a trace's violating event are coloured on a
// terminal, never into pipes, files, JSON or reports; NO_COLOR turns auto off (no-color.org),
// `always` overrides it; every verb that prints a verdict takes the flag.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/kmc_process.hpp"

extern char** environ;

namespace kmc::testing {
namespace {

constexpr const char* kViolating = "scenarios/fd/dup3_close-earlyfcheck.scn";
constexpr const char* kPassing = "scenarios/sem/wait_post_trywait.scn";
constexpr const char* kRed = "\x1b[1;31m";
constexpr const char* kGreen = "\x1b[32m";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Any SGR escape (a colour or a reset); the progress line's erase (ESC [K) is not one.
bool coloured(const std::string& text) {
  static const std::regex kSgr("\x1b\\[[0-9;]*m");
  return std::regex_search(text, kSgr);
}

// kmc ARGS... with stdout and stderr on a pseudo-terminal, NO_COLOR set to `no_color` (unset when
// null); everything kmc printed there. The environment is built before the fork, so the child
// only calls chdir and execve.
std::string run_on_terminal(const std::vector<std::string>& args, const char* no_color) {
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "NO_COLOR=", 9) != 0) env_s.emplace_back(*e);
  if (no_color != nullptr) env_s.push_back(std::string("NO_COLOR=") + no_color);
  std::vector<char*> env;
  for (std::string& e : env_s) env.push_back(e.data());
  env.push_back(nullptr);
  std::vector<std::string> argv_s = {std::string(KMC_BINARY_DIR) + "/kmc"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  winsize size{};
  size.ws_col = 250;
  size.ws_row = 50;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) {
    ADD_FAILURE() << "forkpty failed";
    return {};
  }
  if (pid == 0) {
    if (chdir(KMC_SOURCE_DIR) != 0) _exit(127);
    execve(argv[0], argv.data(), env.data());
    _exit(127);
  }
  std::string out;
  char buf[4096];
  // The read fails (EIO) once kmc has exited and the terminal has no writer left.
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status)) << out;
  return out;
}

TEST(CliColor, NoneIntoPipesByDefault) {
  const KmcOutput run = run_kmc({"run", kViolating, "-q"});
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_TRUE(has(run.out, "VIOLATION")) << run.out;
  EXPECT_FALSE(coloured(run.out + run.err)) << run.out;
  const KmcOutput test = run_kmc({"test", kViolating, "-q"});
  EXPECT_TRUE(has(test.out, "ok")) << test.out;
  EXPECT_FALSE(coloured(test.out + test.err)) << test.out;
  const KmcOutput bench = run_kmc({"bench", "lastzero", "2"});
  EXPECT_FALSE(coloured(bench.out + bench.err)) << bench.out;
}

TEST(CliColor, AlwaysColoursTheVerdictsAndTheViolatingEventEvenWithNoColor) {
  for (const std::vector<std::string>& env :
       {std::vector<std::string>{"-u", "NO_COLOR"}, std::vector<std::string>{"NO_COLOR=1"}}) {
    const KmcOutput r = run_kmc_env(env, {"run", kViolating, "-q", "--color", "always"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_TRUE(has(r.out, std::string(kRed) + "VIOLATION use-after-free:")) << r.out;
    EXPECT_TRUE(has(r.out, std::string(kRed) + "VIOLATION: use-after-free")) << r.out;
    // The trace's violating row, and no other, is painted as a whole.
    EXPECT_TRUE(has(r.out, std::string(kRed) + ">")) << r.out;
    const KmcOutput pass = run_kmc_env(env, {"run", kPassing, "-q", "--color", "always"});
    EXPECT_EQ(pass.code, 0) << pass.err;
    EXPECT_TRUE(has(pass.out, std::string(kGreen) + "pass: all invariants hold")) << pass.out;
  }
  const KmcOutput never = run_kmc({"run", kViolating, "-q", "--color", "never"});
  EXPECT_FALSE(coloured(never.out + never.err)) << never.out;
}

TEST(CliColor, FilesJsonAndReportsAreNeverColoured) {
  const auto dir = fresh_dir("color_files");
  const KmcOutput r =
      run_kmc({"run", kViolating, "-q", "--color", "always", "--report", (dir / "rep").string(),
               "--junit", (dir / "j.xml").string(), "--sarif", (dir / "s.sarif").string()});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(coloured(r.out)) << r.out;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".svg") continue;
    ++files;
    EXPECT_FALSE(coloured(read_file(entry.path()))) << entry.path();
  }
  EXPECT_GE(files, 4u);  // trace.txt, result.json, index.html, the JUnit and SARIF files
  // With --json - the JSON has stdout to itself; the text (on stderr) still follows --color.
  const KmcOutput json = run_kmc({"run", kViolating, "-q", "--color", "always", "--json", "-"});
  EXPECT_FALSE(coloured(json.out)) << json.out;
  EXPECT_TRUE(coloured(json.err)) << json.err;
}

TEST(CliColor, EveryVerbThatPrintsAVerdictTakesTheFlag) {
  const KmcOutput test = run_kmc({"test", kViolating, kPassing, "-q", "--color", "always"});
  EXPECT_EQ(test.code, 0) << test.err;
  EXPECT_TRUE(has(test.out, std::string(kGreen) + "ok")) << test.out;
  const KmcOutput bench = run_kmc({"bench", "lastzero", "2", "--color", "always"});
  EXPECT_TRUE(has(bench.out, std::string(kGreen) + "(matched)")) << bench.out;
  const KmcOutput abba = run_kmc({"bench", "abba", "1", "--color", "always"});
  EXPECT_TRUE(has(abba.out, std::string(kRed) + "VIOLATION")) << abba.out;
  const auto dir = fresh_dir("color_fuzz");
  const KmcOutput none = run_kmc({"fuzz", "--model", "sem", "--runs", "2", "--kind", "livelock",
                                  "-q", "--out", dir.string(), "--color", "always"});
  EXPECT_EQ(none.code, 0) << none.err;
  EXPECT_TRUE(has(none.out, std::string(kGreen) + "fuzz sem: no violation")) << none.out;
  // Seed 1 finds S3 at once (reports/FINDINGS.md).
  const KmcOutput find = run_kmc(
      {"fuzz", "--model", "sem", "--runs", "2", "-q", "--out", dir.string(), "--color", "always"});
  EXPECT_EQ(find.code, 1) << find.err;
  EXPECT_TRUE(has(find.out, std::string(kRed) + "fuzz sem: VIOLATION")) << find.out;
  const KmcOutput verify =
      run_kmc({"verify", "--model", "sem", "--bound", "2x1", "-q", "--color", "always"});
  // Only known findings (reports/FINDINGS.md): exit 0, and the counts line says so in green.
  EXPECT_EQ(verify.code, 0) << verify.err;
  EXPECT_TRUE(has(verify.out, std::string(kGreen) + "  proved ")) << verify.out;
  const std::string token = "K2.GwERAgQDBQIBAA.fd-4af427-efdfe4-dc62d4-9c8b0c-e1.b39332d2";
  const KmcOutput replay =
      run_kmc({"replay", "scenarios/fd/dup2_larval-noebusy.scn", token, "--color", "always"});
  EXPECT_TRUE(has(replay.out, kRed)) << replay.out << replay.err;
}

TEST(CliColor, AutoColoursATerminalUnlessNoColorIsSet) {
  const std::vector<std::string> args = {"run", kViolating, "-q"};
  const std::string plain = run_on_terminal(args, nullptr);
  EXPECT_TRUE(has(plain, std::string(kRed) + "VIOLATION")) << plain;
  EXPECT_TRUE(coloured(run_on_terminal(args, "")));  // an empty NO_COLOR is no request
  EXPECT_FALSE(coloured(run_on_terminal(args, "1")));
  EXPECT_FALSE(coloured(run_on_terminal({"run", kViolating, "-q", "--color", "never"}, nullptr)));
}

TEST(CliColor, AnUnknownValueIsAUsageErrorNamingTheFlag) {
  const std::vector<std::vector<std::string>> verbs = {{"run", kPassing},
                                                       {"replay", kPassing, "K2.x"},
                                                       {"test", kPassing},
                                                       {"fuzz", "--model", "sem", "--runs", "1"},
                                                       {"verify", "--model", "sem"},
                                                       {"bench", "lastzero", "2"}};
  for (std::vector<std::string> args : verbs) {
    args.insert(args.end(), {"--color", "blue"});
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 2) << args[0] << ": " << r.err;
    EXPECT_TRUE(has(r.err, "--color")) << args[0] << ": " << r.err;
  }
}

}  // namespace
}  // namespace kmc::testing
