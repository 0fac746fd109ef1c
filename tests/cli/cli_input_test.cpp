// Hostile input and failing output (issue 18): every bad input is exit 2 naming the flag or the
// file:line:col, nothing hangs on a device or a FIFO, and every failed write is exit 3 with the
// path and the system error.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A kq scenario whose setup opens model file `obj` (the default nmfiles=2 has files 0 and 1).
std::string mfile_scenario(const std::string& model, const std::string& obj) {
  return "model " + model + "\nsetup\n  mfile_open " + obj + " -> f\nexpect pass\n";
}

TEST(CliInput, ModelFileOutOfRangeIsAParseError) {
  const auto dir = fresh_dir("mfile");
  for (const std::string model : {"kq", "cross"}) {
    for (const std::string obj : {"99", "-1", "2"}) {
      const std::string f = write_file(dir / (model + obj + ".scn"), mfile_scenario(model, obj));
      const KmcOutput r = run_kmc({"run", f});
      EXPECT_EQ(r.code, 2) << model << " " << obj << "\n" << r.out << r.err;
      EXPECT_TRUE(has(
          r.err, f + ":3:14: error: argument 'obj' of 'mfile_open': " + obj + " is out of range"))
          << r.err;
      EXPECT_FALSE(has(r.out, "assertion")) << r.out;
    }
  }
  // A larger nmfiles, even set after the operations, makes the same index valid.
  const std::string f =
      write_file(dir / "more.scn", mfile_scenario("kq", "5") + "config nmfiles=8\n");
  EXPECT_EQ(run_kmc({"run", f}).code, 0);
}

// A harness rule broken with what only the run knows (a call after the thread's own exit) is a
// contract error of the scenario: exit 2, and nothing reads as a finding.
TEST(CliInput, RunTimeHarnessBreachIsNotAFinding) {
  const std::string f = write_file(fresh_dir("harness") / "h.scn",
                                   "model sem\nthread T\n  exit\n  init 0\nexpect pass\n");
  const KmcOutput r = run_kmc({"run", f});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "breaks a rule of the model harness at run time, which is not a finding"))
      << r.err;
  EXPECT_FALSE(has(r.out, "VIOLATION")) << r.out;
}

TEST(CliInput, EmptyOrBlankReplayTokensAreRefused) {
  const std::string f = write_file(fresh_dir("replay") / "p.scn", kPassScenario);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", f, "--replay", ""},
        std::vector<std::string>{"run", f, "--replay", " "},
        std::vector<std::string>{"run", f, "--replay="}, std::vector<std::string>{"replay", f, ""},
        std::vector<std::string>{"replay", f, "K1."},
        std::vector<std::string>{"run", f, "--replay", "K1..00000000"}}) {
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 2) << args[0] << " '" << args.back() << "'\n" << r.out << r.err;
    EXPECT_TRUE(has(r.err, "--replay") || has(r.err, "token")) << r.err;
  }
}

TEST(CliInput, SeedsOutside64BitsAreRefused) {
  const std::string f = write_file(fresh_dir("seed") / "p.scn", kPassScenario);
  for (const std::string seed :
       {"-1", "18446744073709551616", "99999999999999999999999", "1x", "0x10", ""}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"run", f, "--strategy", "random", "--seed", seed},
          std::vector<std::string>{"test", f, "--seed", seed},
          std::vector<std::string>{"bench", "lastzero", "3", "--seed", seed},
          std::vector<std::string>{"fuzz", "--model", "fd", "--runs", "1", "--seed", seed}}) {
      const KmcOutput r = run_kmc(args);
      EXPECT_EQ(r.code, 2) << args[0] << " --seed '" << seed << "'\n" << r.err;
      EXPECT_TRUE(has(r.err, "--seed")) << r.err;
    }
  }
  EXPECT_EQ(run_kmc({"run", f, "--seed", "18446744073709551615"}).code, 0);
}

TEST(CliInput, FuzzReproduceAndOutAreChecked) {
  const auto dir = fresh_dir("fuzzflags");
  KmcOutput r = run_kmc({"fuzz", "--model", "fd", "--reproduce", "JUNK"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "--reproduce")) << r.err;
  r = run_kmc({"fuzz", "--model", "fd", "--reproduce", ""});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(has(r.err, "--reproduce")) << r.err;
  const std::string file = write_file(dir / "regular", "x");
  r = run_kmc({"fuzz", "--model", "fd", "--runs", "1", "--out", file});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "--out: " + file)) << r.err;
  // Nothing is created for a run that finds nothing.
  r = run_kmc({"fuzz", "--model", "fd", "--runs", "1", "-q", "--out", (dir / "new").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "new"));
}

TEST(CliInput, DevicesAndFifosAreRefusedWithoutHanging) {
  const auto dir = fresh_dir("devices");
  const std::string fifo = (dir / "pipe.scn").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string path : {"/dev/zero", "/dev/urandom", fifo.c_str()}) {
    for (const char* verb : {"run", "test", "list"}) {
      const KmcOutput r = run_kmc({verb, path});
      EXPECT_EQ(r.code, 2) << verb << " " << path << "\n" << r.out << r.err;
      EXPECT_TRUE(has(r.err, path + ": error: not a regular file")) << verb << "\n" << r.err;
    }
  }
}

// verify --known and fuzz --known read a list of findings / patterns: a device or a FIFO is
// refused the same way (they used to read /dev/zero without end and wait on a FIFO forever).
TEST(CliInput, KnownListsMustBeRegularFiles) {
  const auto dir = fresh_dir("known-devices");
  const std::string fifo = (dir / "pipe.md").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string path : {"/dev/zero", fifo.c_str()}) {
    const KmcOutput v = run_kmc({"verify", "--model", "sem", "--known", path, "-q"});
    EXPECT_EQ(v.code, 2) << path << "\n" << v.out << v.err;
    EXPECT_TRUE(has(v.err, "--known: " + path + ": not a regular file")) << v.err;
    const KmcOutput f = run_kmc({"fuzz", "--model", "sem", "--runs", "1", "--known", path, "-q"});
    EXPECT_EQ(f.code, 2) << path << "\n" << f.out << f.err;
    EXPECT_TRUE(has(f.err, path + ": not a regular file")) << f.err;
  }
}

TEST(CliInput, UnusableOutputPathsAreRefusedBeforeExploring) {
  const auto dir = fresh_dir("outputs");
  const std::string f = write_file(dir / "p.scn", kPassScenario);
  const std::string file = write_file(dir / "regular", "x");
  const std::string under_file = file + "/sub";
  for (const auto& [args, flag] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"run", f, "--report", under_file}, "--report"},
           {{"run", f, "--report", file}, "--report"},
           {{"run", f, "--json", under_file + "/r.json"}, "--json"},
           {{"run", f, "--json", dir.string()}, "--json"},
           {{"run", f, "--json", "/proc/kmc.json"}, "--json"},
           {{"test", f, "--report", under_file}, "--report"},
           {{"test", f, "--json", under_file}, "--json"},
           {{"bench", "lastzero", "3", "--json", under_file}, "--json"},
           {{"verify", "--model", "fd", "--report", under_file}, "--report"},
           {{"verify", "--model", "fd", "--json", "/proc/kmc.json"}, "--json"}}) {
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 2) << args[0] << " " << flag << "\n" << r.out << r.err;
    EXPECT_TRUE(has(r.err, flag + ": ")) << r.err;
    EXPECT_FALSE(has(r.out, "pass")) << "explored before the check:\n" << r.out;
  }
}

TEST(CliInput, FailedWritesAreExit3WithTheSystemError) {
  const auto dir = fresh_dir("writes");
  const std::string f = write_file(dir / "p.scn", kPassScenario);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", f, "--json", "/dev/full"},
        std::vector<std::string>{"test", f, "--json", "/dev/full"},
        std::vector<std::string>{"bench", "lastzero", "3", "--json", "/dev/full"}}) {
    const KmcOutput r = run_kmc(args);
    EXPECT_EQ(r.code, 3) << args[0] << "\n" << r.err;
    EXPECT_TRUE(has(r.err, "/dev/full: No space left on device")) << r.err;
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", f}, std::vector<std::string>{"run", f, "--json", "-"},
        std::vector<std::string>{"test", f}, std::vector<std::string>{"list", "--ops"}}) {
    const KmcOutput r = run_kmc_stdout_to(args, "/dev/full");
    EXPECT_EQ(r.code, 3) << args[0] << "\n" << r.err;
    EXPECT_TRUE(has(r.err, "cannot write to stdout: No space left on device")) << r.err;
  }
  // A report file that cannot be written (a folder is in its place).
  const auto report = dir / "report";
  std::filesystem::create_directories(report / "fd" / "v" / "trace.txt");
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const KmcOutput r = run_kmc({"run", v, "--report", report.string()});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "trace.txt: Is a directory")) << r.err;
}

TEST(CliInput, ReportsLeaveNoTemporaryFiles) {
  const auto dir = fresh_dir("atomic");
  const std::string v = write_file(dir / "v.scn", kViolationScenario);
  const std::string json = (dir / "r.json").string();
  write_file(json, "old");
  const KmcOutput r = run_kmc({"run", v, "--report", (dir / "rep").string(), "--json", json});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(read_file(json).rfind("{", 0), 0u);
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    EXPECT_FALSE(has(e.path().filename().string(), "kmc-tmp")) << e.path();
  EXPECT_TRUE(std::filesystem::exists(dir / "rep" / "index.html"));
}

}  // namespace
}  // namespace kmc::testing
