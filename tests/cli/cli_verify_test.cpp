// `kmc verify`: usage errors, and found scenarios that replay and match with `kmc test`.
#include <gtest/gtest.h>

#include <regex>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

TEST(CliVerify, BadFlagsExitTwoNamingTheFlag) {
  KmcOutput r = run_kmc({"verify", "--model", "sem", "--bound", "9x9"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--bound"), std::string::npos) << r.err;
  r = run_kmc({"verify", "--model", "nope"});
  EXPECT_EQ(r.code, 2);
  r = run_kmc({"verify", "--model", "sem", "--known", "/nonexistent/FINDINGS.md"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--known"), std::string::npos) << r.err;
}

// With no known findings every sem finding is new: each is written with its smallest scenario,
// `kmc test` matches its expectation, and its replay command reproduces the violation.
TEST(CliVerify, NewFindingsAreWrittenAndReplay) {
  const std::filesystem::path dir = fresh_dir("cli_verify_found");
  const std::string known = write_file(dir / "none.md", "# no findings\n");
  const KmcOutput r = run_kmc({"verify", "--model", "sem", "--bound", "2x1", "-q", "--known", known,
                               "--report", (dir / "out").string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("NEW"), std::string::npos) << r.out;
  const KmcOutput t = run_kmc({"test", (dir / "out" / "found").string(), "-q"});
  EXPECT_EQ(t.code, 0) << t.out << t.err;
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "out" / "found")) {
    ++files;
    const std::string text = read_file(e.path());
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("--replay (K1\\.[^ \\n]+)"))) << text;
    std::smatch kind;
    ASSERT_TRUE(std::regex_search(text, kind, std::regex("\\(([a-z-]+)\\)\\n")));
    const KmcOutput replay =
        run_kmc({"run", e.path().string(), "--keep-going", "--replay", m[1].str()});
    EXPECT_EQ(replay.code, 1) << replay.out << replay.err;
    EXPECT_NE(replay.out.find("VIOLATION " + kind[1].str()), std::string::npos) << replay.out;
  }
  EXPECT_GT(files, 0u);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "verify-sem.json"));
}

}  // namespace
}  // namespace kmc::testing
