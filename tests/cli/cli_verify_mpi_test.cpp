// `mpirun -np 3 kmc verify`: three ranks (rank 0 coordinating and working) write the same JSON,
// the same found/ scenarios and the same exit status as one process. Skipped when kmc was built
// without MPI.
#include <gtest/gtest.h>

#include <map>

#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

#ifdef KMC_MPIEXEC
// Every file under `dir` (relative path -> contents).
std::map<std::string, std::string> files_under(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[std::filesystem::relative(e.path(), dir).string()] = read_file(e.path());
  return out;
}

// `kmc verify` under mpirun on this machine: shared memory only (no network probing), as root
// in CI, more ranks than cores.
std::vector<std::string> mpirun(int ranks, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {KMC_MPIEXEC,
                                   "--allow-run-as-root",
                                   "--oversubscribe",
                                   "--mca",
                                   "btl",
                                   "self,vader",
                                   "--mca",
                                   "btl_vader_single_copy_mechanism",
                                   "none",
                                   "-np",
                                   std::to_string(ranks),
                                   KMC_BINARY_DIR "/kmc"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}
#endif

// With no known findings every sem finding is new, so found/ is written too; the report
// directory has the same name in both runs (its path is in the JSON) and is moved aside between.
TEST(CliVerifyMpi, ThreeRanksWriteWhatOneProcessWrites) {
#ifndef KMC_MPIEXEC
  GTEST_SKIP() << "kmc was built without MPI (KMC_MPI off)";
#else
  const std::filesystem::path dir = fresh_dir("cli_verify_mpi");
  const std::string known = write_file(dir / "none.md", "# no findings\n");
  const std::vector<std::string> args = {"verify",  "--model", "sem",      "--bound",
                                         "2x1",     "--jobs",  "1",        "-q",
                                         "--known", known,     "--report", (dir / "out").string()};
  const KmcOutput one = run_kmc(args);
  ASSERT_EQ(one.code, 1) << one.out << one.err;
  std::filesystem::rename(dir / "out", dir / "one");
  const KmcOutput three = run_program(mpirun(3, args));
  EXPECT_EQ(three.code, one.code) << three.out << three.err;
  ASSERT_TRUE(std::filesystem::exists(dir / "out" / "verify-sem.json")) << three.err;
  const auto want = files_under(dir / "one");
  const auto got = files_under(dir / "out");
  EXPECT_GT(want.size(), 1u);
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [name, text] : want) EXPECT_TRUE(got.at(name) == text) << name << " differs";
  // The text report too, but for its last line (the time and the ranks x jobs).
  const auto without_last_line = [](const std::string& s) {
    return s.substr(0, s.rfind('\n', s.size() - 2));
  };
  EXPECT_EQ(without_last_line(three.out), without_last_line(one.out));
  EXPECT_NE(three.out.find("3 ranks x 1 job(s)"), std::string::npos) << three.out;
#endif
}

// Bad input found on rank 0 after the ranks have joined still ends every rank (no hang), with
// the error printed once and the usage exit status.
TEST(CliVerifyMpi, BadInputOnRankZeroReleasesTheOtherRanks) {
#ifndef KMC_MPIEXEC
  GTEST_SKIP() << "kmc was built without MPI (KMC_MPI off)";
#else
  const KmcOutput r = run_program(mpirun(3, {"verify", "--model", "sem", "--bound", "9x9"}));
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  const std::size_t first = r.err.find("--bound 9x9");
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("--bound 9x9", first + 1), std::string::npos) << r.err;
#endif
}

}  // namespace
}  // namespace kmc::testing
