// Single operations of the fd model run by one thread: the fds returned, the errors, the
// reference counts and the table sizes the seed gives (every interleaving with the RCU callback
// thread is explored, and none may report a violation).
#include "model/fd/fd_consts.hpp"
#include "tests/fd/fd_fixture.hpp"

namespace kmc::fd::testing {
namespace {

FdConfig config(int w = 2, int nr_open = 8) {
  FdConfig c;
  c.params.W = w;
  c.params.nr_open = nr_open;
  return c;
}

// Runs `body` as the only thread (in task 1) and expects no violation. The RCU callback thread
// still interleaves with it: every call_rcu races with the callbacks queued before it, so the
// number of executions grows quickly with the number of fputs; the results checked here do not
// depend on those interleavings, so the first 25 executions under DPOR are enough.
void run_alone(FdConfig c, const FdThreadFn& body) {
  FdLambdaProgram program(c, {[body](FdSystem& s) { body(s); }});
  const Outcome o = explore(program, "dpor", {}, /*max_executions=*/25);
  EXPECT_TRUE(o.kinds.empty()) << o.describe();
  EXPECT_GE(o.result.stats.executions, 1u);
}

long count_of(FdSystem& s, FilesStruct& f, Value fd) {
  File* file = s.peek_slot(f, fd);
  return file == nullptr ? -1 : file->f_count.count();
}

TEST(FdUnit, OpenReturnsTheLowestFreeFd) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.open(f, 0), 1);
    EXPECT_EQ(s.open(f, 0), 2);
    EXPECT_EQ(s.close_fd(f, 1), 0);
    EXPECT_EQ(s.open(f, 0), 1);
    EXPECT_EQ(count_of(s, f, 0), 1);
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 1), 0);
    EXPECT_EQ(s.close_fd(f, 2), 0);
  });
}

TEST(FdUnit, TableGrowsByGranulesUpToNrOpen) {
  run_alone(config(2, 16), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.peek_max_fds(f), 2);  // the embedded table: NR_OPEN_DEFAULT = W
    for (Value i = 0; i < 2; ++i) EXPECT_EQ(s.open(f, 0), i);
    EXPECT_EQ(s.open(f, 0), 2);
    EXPECT_EQ(s.peek_max_fds(f), 4);  // alloc_fdtable(2): G * roundup_pow_of_two(2/G + 1)
    for (Value i = 3; i < 5; ++i) EXPECT_EQ(s.open(f, 0), i);
    EXPECT_EQ(s.peek_max_fds(f), 8);
    for (Value i = 5; i < 16; ++i) EXPECT_EQ(s.open(f, 0), i);
    EXPECT_EQ(s.peek_max_fds(f), 16);
    EXPECT_EQ(s.open(f, 0), -kEMFILE);  // fd 16 >= rlimit = nr_open
    for (Value i = 0; i < 16; ++i) EXPECT_EQ(s.close_fd(f, i), 0);
  });
}

TEST(FdUnit, CloseErrors) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.close_fd(f, 7), -kEBADF);  // past max_fds
    EXPECT_EQ(s.close_fd(f, 1), -kEBADF);  // never opened
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 0), -kEBADF);  // closed already
  });
}

TEST(FdUnit, DupSharesTheFile) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.dup(f, 0), 1);
    EXPECT_EQ(s.peek_slot(f, 0), s.peek_slot(f, 1));
    EXPECT_EQ(count_of(s, f, 0), 2);
    EXPECT_EQ(s.dup(f, 5), -kEBADF);
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(count_of(s, f, 1), 1);
    EXPECT_EQ(s.close_fd(f, 1), 0);
  });
}

TEST(FdUnit, Dup2ReplacesAndReleasesTheOldFile) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.open(f, 0), 1);
    File* old = s.peek_slot(f, 1);
    EXPECT_EQ(s.dup2(f, 0, 1), 1);
    EXPECT_EQ(old->f_count.count(), 0);
    EXPECT_TRUE(old->last_fput_done);
    EXPECT_EQ(count_of(s, f, 0), 2);
    EXPECT_EQ(s.dup2(f, 0, 0), 0);        // same fd: only checks it is open
    EXPECT_EQ(s.dup2(f, 3, 3), -kEBADF);  // same fd, not open
    EXPECT_EQ(s.dup2(f, 0, 5), 5);        // grows the table
    EXPECT_EQ(s.peek_max_fds(f), 8);
    EXPECT_EQ(count_of(s, f, 0), 3);
    for (Value fd : {0, 1, 5}) EXPECT_EQ(s.close_fd(f, fd), 0);
  });
}

TEST(FdUnit, Dup3Errors) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.dup3(f, 0, 0, 0), -kEINVAL);  // oldfd == newfd
    EXPECT_EQ(s.dup3(f, 0, 1, 1), -kEINVAL);  // flags other than O_CLOEXEC
    EXPECT_EQ(s.dup3(f, 0, 8, 0), -kEBADF);   // newfd >= rlimit
    EXPECT_EQ(s.dup3(f, 1, 0, 0), -kEBADF);   // oldfd not open
    EXPECT_EQ(s.dup3(f, 0, 1, kO_CLOEXEC), 1);
    EXPECT_TRUE(s.get_close_on_exec(f, 1));
    EXPECT_FALSE(s.get_close_on_exec(f, 0));
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 1), 0);
  });
}

TEST(FdUnit, LarvalFdIsBusyForDup2UntilGivenBack) {
  run_alone(config(4, 16), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.alloc_fd(f, 0, s.rlimit(), 0), 1);
    EXPECT_EQ(s.dup2(f, 0, 1), -kEBUSY);
    EXPECT_EQ(s.close_fd(f, 1), -kEBADF);  // a larval slot is NULL
    s.put_unused_fd(f, 1);
    EXPECT_EQ(s.dup2(f, 0, 1), 1);
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 1), 0);
  });
}

TEST(FdUnit, FcntlDupfdStartsAtFrom) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.fcntl_dupfd(f, 0, 3, kO_CLOEXEC), 3);
    EXPECT_TRUE(s.get_close_on_exec(f, 3));
    EXPECT_EQ(s.fcntl_dupfd(f, 0, 8, 0), -kEINVAL);  // from >= rlimit
    EXPECT_EQ(s.fcntl_dupfd(f, 2, 0, 0), -kEBADF);
    EXPECT_EQ(s.open(f, 0), 1);  // next_fd was not moved by the F_DUPFD above fd 0
    for (Value fd : {0, 1, 3}) EXPECT_EQ(s.close_fd(f, fd), 0);
  });
}

TEST(FdUnit, FgetRefusesOPathButFgetRawTakesIt) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, kO_PATH), 0);
    const Holder h = temp_holder("test", s.execution().current(), 0);
    EXPECT_EQ(s.fget(f, 0, h), nullptr);
    File* raw = s.fget_raw(f, 0, h);
    ASSERT_NE(raw, nullptr);
    EXPECT_EQ(raw->f_count.count(), 2);
    s.fput(*raw, h, "test");
    EXPECT_EQ(s.fget_raw(f, 1, h), nullptr);
    EXPECT_EQ(s.close_fd(f, 0), 0);
  });
}

TEST(FdUnit, FgetLightBorrowsOnlyWhileTheTableIsNotShared) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    const Holder h = temp_holder("test", s.execution().current(), 0);
    bool needed = true;
    File* file = s.fget_light(f, 0, needed, h);
    ASSERT_NE(file, nullptr);
    EXPECT_FALSE(needed);
    EXPECT_EQ(file->f_count.count(), 1);
    s.fput_light(*file, needed, h);
    const Value sibling = s.clone_files(1);
    file = s.fget_light(f, 0, needed, h);
    ASSERT_NE(file, nullptr);
    EXPECT_TRUE(needed);
    EXPECT_EQ(file->f_count.count(), 2);
    s.fput_light(*file, needed, h);
    EXPECT_EQ(s.exit(sibling), 0);
    EXPECT_EQ(s.close_fd(f, 0), 0);
  });
}

TEST(FdUnit, ForkCopiesReferencesAndExitDropsThem) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.open(f, kO_CLOEXEC), 1);
    EXPECT_EQ(s.open(f, 0), 2);  // the parent's table grows to 4
    const Value child = s.fork(1);
    ASSERT_GT(child, 1);
    FilesStruct& c = *s.current_files(child);
    EXPECT_NE(&c, &f);
    EXPECT_EQ(s.peek_max_fds(c), 4);
    EXPECT_EQ(s.peek_slot(c, 2), s.peek_slot(f, 2));
    EXPECT_EQ(count_of(s, f, 2), 2);
    EXPECT_EQ(s.exec(child), 0);  // not shared: no copy; closes fd 1 (O_CLOEXEC)
    EXPECT_EQ(s.peek_slot(c, 1), nullptr);
    EXPECT_EQ(count_of(s, f, 1), 1);
    EXPECT_EQ(s.exit(child), 0);
    EXPECT_EQ(s.current_files(child), nullptr);
    EXPECT_EQ(count_of(s, f, 0), 1);
    EXPECT_EQ(count_of(s, f, 2), 1);
    for (Value fd : {0, 1, 2}) EXPECT_EQ(s.close_fd(f, fd), 0);
  });
}

TEST(FdUnit, ExecOfASharedTableWorksOnACopy) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, kO_CLOEXEC), 0);
    const Value sibling = s.clone_files(1);
    EXPECT_EQ(f.count.count(), 2);
    EXPECT_EQ(s.exec(sibling), 0);
    FilesStruct& copy = *s.current_files(sibling);
    EXPECT_NE(&copy, &f);
    EXPECT_EQ(f.count.count(), 1);
    EXPECT_EQ(s.peek_slot(copy, 0), nullptr);  // closed on exec in the copy only
    EXPECT_EQ(count_of(s, f, 0), 1);
    EXPECT_EQ(s.exit(sibling), 0);
    EXPECT_EQ(s.close_fd(f, 0), 0);
  });
}

// exec 1: the exec fails after unshare_files; reset_files_struct (R352-360) gives the task its
// shared table back and frees the copy (its close_files drops the copy's references).
TEST(FdUnit, AFailedExecPutsTheDisplacedTableBack) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, kO_CLOEXEC), 0);
    const Value sibling = s.clone_files(1);
    EXPECT_EQ(s.exec(sibling, /*fail=*/true), -kENOEXEC);
    EXPECT_EQ(s.current_files(sibling), &f);
    EXPECT_EQ(f.count.count(), 2);
    EXPECT_EQ(count_of(s, f, 0), 1);  // not closed on exec; the copy's reference is gone
    EXPECT_EQ(s.exec(1, /*fail=*/true), -kENOEXEC);
    EXPECT_EQ(s.exit(sibling), 0);
    EXPECT_EQ(s.exec(1, /*fail=*/true), -kENOEXEC);  // not shared: nothing to give back
    EXPECT_EQ(s.current_files(1), &f);
    EXPECT_EQ(s.close_fd(f, 0), 0);
  });
}

// reset_files_struct with a table from get_files_struct: the task shares it from now on, and its
// old table, whose last count that was, is closed and freed (R359 -> R336-351).
TEST(FdUnit, ResetFilesStructSharesTheNewTableAndPutsTheOld) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& old = *s.current_files(1);
    EXPECT_EQ(s.open(old, 0), 0);
    const Value other = s.create_process();
    const Holder h = temp_holder("get_files", s.execution().current(), other);
    FilesStruct* files = s.get_files_struct(*s.find_task(other), h);
    ASSERT_NE(files, nullptr);
    s.reset_files_struct(*s.find_task(1), *files, h);
    EXPECT_EQ(s.current_files(1), files);
    EXPECT_EQ(files->count.count(), 2);
    EXPECT_FALSE(old.cell()->live);
    EXPECT_EQ(s.open(*files, 0), 0);
    EXPECT_EQ(s.close_fd(*files, 0), 0);
    EXPECT_EQ(s.exit(other), 0);
  });
}

TEST(FdUnit, ReplaceFdAndIterateFd) {
  run_alone(config(), [](FdSystem& s) {
    FilesStruct& f = *s.current_files(1);
    EXPECT_EQ(s.open(f, 0), 0);
    EXPECT_EQ(s.open(f, 0), 1);
    const Holder h = temp_holder("test", s.execution().current(), 0);
    File* file = s.fget(f, 0, h);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(s.replace_fd(f, 3, file, 0), 3);
    EXPECT_EQ(s.replace_fd(f, 1, file, 0), 1);  // replaces (and releases) fd 1's file
    EXPECT_EQ(s.replace_fd(f, 8, file, 0), -kEBADF);
    s.fput(*file, h, "test");
    EXPECT_EQ(count_of(s, f, 0), 3);
    Value seen = 0;
    EXPECT_EQ(s.iterate_fd(&f, 1, [&seen](File&, Value) -> Value { return ++seen, 0; }), 0);
    EXPECT_EQ(seen, 2);                            // fds 1 and 3
    EXPECT_EQ(s.replace_fd(f, 3, nullptr, 0), 0);  // NULL closes
    EXPECT_EQ(s.close_fd(f, 0), 0);
    EXPECT_EQ(s.close_fd(f, 1), 0);
  });
}

TEST(FdUnit, GetFilesStructOfAnExitedTaskIsNull) {
  run_alone(config(), [](FdSystem& s) {
    const Value child = s.fork(1);
    const Holder h = temp_holder("get_files", s.execution().current(), 0);
    FilesStruct* files = s.get_files_struct(*s.find_task(child), h);
    ASSERT_NE(files, nullptr);
    EXPECT_EQ(files->count.count(), 2);
    EXPECT_EQ(s.exit(child), 0);
    EXPECT_EQ(files->count.count(), 1);
    EXPECT_EQ(s.get_files_struct(*s.find_task(child), h), nullptr);
    s.put_files_struct(*files, h);  // the last reference frees it
  });
}

}  // namespace
}  // namespace kmc::fd::testing
