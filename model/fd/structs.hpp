// The data structures of the fd model: struct file, struct fdtable, struct files_struct and the
// task's ->files pointer (spec §2.1). Engine objects built in their constructors belong to the
// heap cell being constructed, so any use of them after the free is a use-after-free.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/refcount.hpp"
#include "checker/primitives/variables.hpp"
#include "model/fd/fd_consts.hpp"
#include "model/fd/rcu_fields.hpp"

namespace kmc::fd {

// Data another model keeps inside a struct file (the kq model: f_klist and its token). Built by
// FileSpec::make_ext inside the file's constructor, so its engine objects die with the file.
class FileExt {
 public:
  virtual ~FileExt() = default;
};

// What to create: the type and private data of a new struct file (spec §4: DTYPE_KQUEUE + kq).
struct FileSpec {
  int type = kDTYPE_VNODE;
  void* data = nullptr;  // f_data
  unsigned mode = 0;     // f_mode: kFMODE_PATH for an O_PATH file
  std::function<std::unique_ptr<FileExt>(Execution&)> make_ext;  // optional
};

// struct file (not in seed): f_count with ghost holders, f_mode, and the composition's fields.
// Its memory is freed through RCU after the last fput (FdSystem::fput).
class File {
 public:
  // `holder` takes the creation reference (f_count = 1).
  File(Execution& ex, Value handle, const FileSpec& spec, const Holder& holder);
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  const Value handle;  // the model's name for this file (scenario results, slots)
  const unsigned f_mode;
  const int f_type;
  void* f_data;
  RefCount f_count;
  Shared<int> f_pos;  // a field ordinary file operations touch ("use" in scenarios)
  std::unique_ptr<FileExt> ext;
  bool last_fput_done = false;  // ghost: __fput already ran (a second one is a double release)
};

// struct fdtable (not in seed): max_fds, the slot array fd[] and the two bitmaps. Either embedded
// in a files_struct (fdtab) or a heap object of its own (alloc_fdtable, R95-135).
class FdTable {
 public:
  FdTable(Execution& ex, std::string name, Value handle, int max_fds, int bits_per_word,
          bool embedded);
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;

  // max_fds, a plain field: checks that the table's memory is still live.
  [[nodiscard]] int max(Site site) const;
  // fdt->fd[fd]: the slot; an index past max_fds is an out-of-bounds access (FD-I3 violation).
  [[nodiscard]] RcuVar& slot(Value fd, Site site);
  // The heap cell holding this table (its own, or the files_struct's for the embedded table).
  [[nodiscard]] CellHeader* cell() const { return container_.cell(); }

  const Value handle;
  const int max_fds;
  const bool embedded;
  std::vector<std::unique_ptr<RcuVar>> fd;
  Bitmap open_fds;
  Bitmap close_on_exec;

 private:
  Execution& ex_;
  Container container_{ex_};
};

// struct files_struct (not in seed: fdtable.h): count, file_lock, the RCU pointer fdt, next_fd,
// the embedded table, and spec §4's closedcounter. Ghost state follows the real fields.
class FilesStruct {
 public:
  FilesStruct(Execution& ex, Value id, Value fdtab_handle, int bits_per_word);
  FilesStruct(const FilesStruct&) = delete;
  FilesStruct& operator=(const FilesStruct&) = delete;

  [[nodiscard]] CellHeader* cell() const { return container_.cell(); }
  // Checks the files_struct memory is live (for plain fields read without an engine object).
  void touch(Site site) const;

  const Value id;  // ghost name used in holders ("fd-slot"(id, fd))
  RefCount count;
  SpinLock file_lock;
  RcuVar fdt;  // handle of the current table (rcu pointer)
  Tracked<Value> next_fd;
  FdTable fdtab;
  Tracked<std::uint64_t> closedcounter;  // spec §4: bumped under file_lock when a slot is cleared

  // Ghost state.
  bool published = false;                 // reachable by other threads (some task's ->files)
  bool dead = false;                      // count reached zero: being torn down or freed
  std::multimap<Value, ThreadId> larval;  // fd allocated by __alloc_fd, not installed: owner(s)
  int max_seen = 0;                       // the largest max_fds seen (FD-I3: it never decreases)

 private:
  Execution& ex_;
  Container container_{ex_};
};

// A task: its pid, task_lock (alloc_lock) and ->files. Not a heap object: tasks outlive the run.
class Task {
 public:
  Task(Execution& ex, Value pid);
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  const Value pid;
  SpinLock alloc_lock;          // task_lock(task)
  Tracked<FilesStruct*> files;  // written under task_lock; read without it by the task itself
  bool exited = false;          // ghost: exit_files ran
};

// Ghost holders of f_count and files->count (spec §2.4).
[[nodiscard]] inline Holder slot_holder(const FilesStruct& files, Value fd) {
  return Holder{kHolderSlot, files.id, fd, false};
}
[[nodiscard]] inline Holder task_holder(Value pid) {
  return Holder{kHolderTask, pid, 0, false};
}
// A thread's temporary reference; `kind` names why it is held ("fget", "closing", ...).
[[nodiscard]] inline Holder temp_holder(const char* kind, ThreadId t, Value tag) {
  return Holder{kind, static_cast<Value>(t), tag, true};
}

}  // namespace kmc::fd
