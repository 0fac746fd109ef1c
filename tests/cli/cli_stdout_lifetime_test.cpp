// std::cout's buffer and the end of a run: kmc::main gives std::cout its own buffer back before
// it returns, so iostreams' flush at exit never reaches kmc's buffer after it is gone (under the
// sanitizers that was an ASan SEGV in std::ostream::flush after SIGTERM), and a kmc test stopped
// by SIGTERM while two workers explore still exits 4 with its whole table and no sanitizer report.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "kmc/main.hpp"
#include "tests/cli/cli_scenarios.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliStdout, MainGivesStdCoutItsBufferBack) {
  std::ostringstream sink;
  std::streambuf* const before = std::cout.rdbuf(sink.rdbuf());
  std::string verb = "kmc";
  std::string flag = "--version";
  std::vector<char*> argv = {verb.data(), flag.data(), nullptr};
  const int code = kmc::main(2, argv.data(), {});
  std::streambuf* const after = std::cout.rdbuf(before);
  EXPECT_EQ(code, 0);
  // kmc's buffer lives only as long as kmc::main: anything printed later must not go to it.
  EXPECT_EQ(after, sink.rdbuf());
  // What kmc printed went through its buffer to fd 1, not into the caller's stream.
  EXPECT_EQ(sink.str(), "");
}

TEST(CliStdout, SigtermWithTwoJobsExitsFourWithTheWholeTable) {
  const auto dir = fresh_dir("test_sigterm_jobs");
  for (const char* name : {"a_long.scn", "b_long.scn"})
    write_file(dir / name, read_file(KMC_SOURCE_DIR "/scenarios/kq/timer_delete.scn"));
  write_file(dir / "c.scn", kPassScenario);
  // Two seconds: long enough for a sanitized kmc to have started both workers, far shorter than
  // the minutes either long scenario takes under plain DFS, so c.scn never starts.
  const KmcOutput r = run_kmc({"test", dir.string(), "-q", "--jobs", "2", "--strategy", "dfs"},
                              /*signal_after_s=*/2.0, {SIGTERM});
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, " 3 without; 0 matched, 0 mismatched, 0 errors, 2 incomplete, 1 not run"))
      << r.out;
  // A sanitized kmc that crashes at exit prints its report here (and exits 1, not 4).
  EXPECT_FALSE(has(r.err, "Sanitizer")) << r.err;
  EXPECT_FALSE(has(r.err, "runtime error")) << r.err;
}

}  // namespace
}  // namespace kmc::testing
