// The files_structs a scenario starts with (pid 1's and each declared process's) are heap objects:
// their last put_files_struct frees them (R349), so a use after it is a use-after-free, not only
// a data race, and a table nobody uses any more is not left behind.
#include "tests/fd/fd_fixture.hpp"

namespace kmc::fd::testing {
namespace {

// T1 closes an fd through a files_struct handle after dropping its own reference, while T2, the
// table's owner, exits: once both puts ran the table is gone. `pid1_owns`: the table is pid 1's,
// else P2's.
std::string use_after_put(bool pid1_owns) {
  const std::string owner = pid1_owns ? "1" : "P2";
  const std::string t1_in = pid1_owns ? " in P2" : "";
  const std::string t2_in = pid1_owns ? "" : " in P2";
  return "model fd\nprocess P2\nsetup\n  open -> a\nthread T1" + t1_in + "\n  get_files " + owner +
         " -> h\n  put_files h\n  close_foreign h a\nthread T2" + t2_in +
         "\n  exit\nexpect violation use-after-free\n";
}

TEST(FdLifetime, UseAfterTheLastPutOfPid1sTableIsAUseAfterFree) {
  auto p = parse(use_after_put(true));
  ASSERT_NE(p, nullptr);
  const Outcome o = run_scenario(*p, "dpor");
  EXPECT_TRUE(o.has(ViolationKind::UseAfterFree)) << o.describe();
}

TEST(FdLifetime, UseAfterTheLastPutOfADeclaredProcesssTableIsAUseAfterFree) {
  auto p = parse(use_after_put(false));
  ASSERT_NE(p, nullptr);
  const Outcome o = run_scenario(*p, "dpor");
  EXPECT_TRUE(o.has(ViolationKind::UseAfterFree)) << o.describe();
}

// Exit frees the table of pid 1 and of a declared process; a get_files reference keeps it alive
// until its put; nothing is reported (no leak, no FD-I9).
TEST(FdLifetime, ExitAndTheLastPutFreeTheStartingTables) {
  (void)expect_passes(R"(model fd
process P2
setup
  open -> a
thread T1
  get_files P2 -> h
  iterate_fd 0 h
  put_files h
  exit
thread T2 in P2
  open
  exit
expect pass
)");
}

}  // namespace
}  // namespace kmc::fd::testing
