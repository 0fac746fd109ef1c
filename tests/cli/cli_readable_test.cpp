// Traces a person can read (issue 15): the layout fits the terminal's width, one event per line
// at many threads; the notation is spelled out; colour only where it is wanted; flags the
// strategy ignores are never dropped silently.
#include <gtest/gtest.h>

#include <sstream>

#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/sem/sem_descriptor.hpp"
#include "tests/cli/kmc_process.hpp"

namespace kmc::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The trace of the first counterexample: from its header line to the first blank line.
std::vector<std::string> trace_lines(const std::string& out) {
  std::istringstream in(out);
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#  ", 0) == 0) inside = true;
    if (inside && line.empty()) break;
    if (inside) lines.push_back(line);
  }
  return lines;
}

constexpr const char* kFourThreads = "scenarios/sem/exec_multithread.scn";
constexpr const char* kTwoThreads = "scenarios/fd/dup3_close-earlyfcheck.scn";

TEST(CliTraceLayout, NarrowTerminalGetsOneEventPerLineNamingItsThread) {
  const KmcOutput r = run_kmc_env({"COLUMNS=100"}, {"run", kFourThreads, "-q"});
  ASSERT_EQ(r.code, 1) << r.err;
  const std::vector<std::string> lines = trace_lines(r.out);
  ASSERT_GT(lines.size(), 10u) << r.out;
  EXPECT_EQ(lines[0].rfind("#    thread  event", 0), 0u) << lines[0];
  bool t4 = false;
  for (const std::string& l : lines) {
    EXPECT_LE(l.size(), 100u) << l;
    t4 = t4 || has(l, "  T4  ");
  }
  EXPECT_TRUE(t4) << "each line names its thread:\n" << r.out;
}

TEST(CliTraceLayout, FourThreadsOnAWideTerminalStillGetLines) {
  const KmcOutput r = run_kmc_env({"COLUMNS=400"}, {"run", kFourThreads, "-q"});
  ASSERT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(trace_lines(r.out).at(0).rfind("#    thread  event", 0), 0u) << r.out;
}

TEST(CliTraceLayout, PipesAndWideTerminalsKeepTheColumns) {
  // No COLUMNS and a pipe: no limit, so the table.
  const KmcOutput pipe = run_kmc_env({"-u", "COLUMNS"}, {"run", kFourThreads, "-q"});
  ASSERT_EQ(pipe.code, 1) << pipe.err;
  const std::string head = trace_lines(pipe.out).at(0);
  EXPECT_TRUE(has(head, "setup") && has(head, "T1") && has(head, "T4")) << head;
  const KmcOutput wide = run_kmc_env({"COLUMNS=250"}, {"run", kTwoThreads, "-q"});
  ASSERT_EQ(wide.code, 1) << wide.err;
  EXPECT_TRUE(has(trace_lines(wide.out).at(0), "T2")) << wide.out;
  // Two threads whose table is wider than the terminal get lines too.
  const KmcOutput narrow = run_kmc_env({"COLUMNS=60"}, {"run", kTwoThreads, "-q"});
  EXPECT_EQ(trace_lines(narrow.out).at(0).rfind("#    thread", 0), 0u) << narrow.out;
}

TEST(CliTraceLayout, FlagForcesEitherLayout) {
  const KmcOutput lines =
      run_kmc_env({"-u", "COLUMNS"}, {"run", kTwoThreads, "-q", "--trace-layout", "lines"});
  EXPECT_EQ(trace_lines(lines.out).at(0).rfind("#    thread", 0), 0u) << lines.out;
  const KmcOutput columns =
      run_kmc_env({"COLUMNS=80"}, {"run", kFourThreads, "-q", "--trace-layout", "columns"});
  EXPECT_TRUE(has(trace_lines(columns.out).at(0), "T4")) << columns.out;
  EXPECT_EQ(run_kmc({"run", kTwoThreads, "--trace-layout", "wide"}).code, 2);
}

TEST(CliTraceLayout, ReportFilesKeepTheColumns) {
  const std::filesystem::path dir = fresh_dir("layout-report");
  const KmcOutput r =
      run_kmc_env({"COLUMNS=80"}, {"run", kFourThreads, "-q", "--report", dir.string()});
  ASSERT_EQ(r.code, 1) << r.err;
  const std::string text = read_file(dir / "sem" / "exec_multithread" / "trace.txt");
  EXPECT_TRUE(has(trace_lines(text).at(0), "T4")) << text;
}

TEST(CliNotation, ReadModifyWritesShowTheChangeAndErrorsTheirNames) {
  const KmcOutput fd = run_kmc({"run", kTwoThreads, "-q", "--trace-layout", "lines"});
  ASSERT_EQ(fd.code, 1) << fd.err;
  EXPECT_TRUE(has(fd.out, "fetch_add f_count#1 -1: 1 -> 0 ")) << fd.out;
  EXPECT_TRUE(has(fd.out, "fetch_add files#1.count +1: 1 -> 2 ")) << fd.out;
  // The use-after-free stopped the increment: no value that would mean nothing.
  bool stopped = false;
  for (const std::string& line : trace_lines(fd.out))
    stopped = stopped || (line.rfind(">24  T1 ", 0) == 0 &&
                          has(line, " fetch_add f_count#1 (stopped by the check before it)  R652"));
  EXPECT_TRUE(stopped) << fd.out;
  EXPECT_FALSE(has(fd.out, "fetch_add f_count#1 = ")) << fd.out;
  const KmcOutput sem = run_kmc({"run", kFourThreads, "-q", "--trace-layout", "lines"});
  EXPECT_TRUE(has(sem.out, "[wait a] => EINTR ")) << sem.out;            // a positive NetBSD errno
  EXPECT_TRUE(has(sem.out, "[open /s O_CREAT -> a] => 1 ")) << sem.out;  // an id stays a number
}

TEST(CliNotation, EachModelNamesItsErrnoValuesByItsOwnConvention) {
  const model::ModelDescriptor& fd = fd::fd_descriptor();
  EXPECT_EQ(fd.result_text(fd.find_op("close"), -9), "-EBADF");
  EXPECT_EQ(fd.result_text(fd.find_op("dup2"), -16), "-EBUSY");
  EXPECT_EQ(fd.result_text(fd.find_op("dup2"), 5), "5");
  const model::ModelDescriptor& sem = model::sem::descriptor();
  EXPECT_EQ(sem.result_text(sem.find_op("wait"), 4), "EINTR");
  EXPECT_EQ(sem.result_text(sem.find_op("trywait"), 35), "EAGAIN");  // NetBSD's 35, not Linux's 11
  EXPECT_EQ(sem.result_text(sem.find_op("open"), 4), "4");           // an id
  EXPECT_EQ(sem.result_text(sem.find_op("open"), -17), "-EEXIST");
  const model::ModelDescriptor& kq = cross::kq_descriptor();
  EXPECT_EQ(kq.result_text(kq.find_op("read"), 6), "ENXIO");
  EXPECT_EQ(kq.result_text(kq.find_op("kevent"), 1), "1");  // kevent's event count 1 is no EPERM
  EXPECT_EQ(kq.result_text(kq.find_op("kqueue"), 3), "3");
  EXPECT_EQ(kq.result_text(kq.find_op("kqueue"), -24), "-EMFILE");
}

}  // namespace
}  // namespace kmc::testing
