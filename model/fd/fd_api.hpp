// The fd model's C++ API (Linux fs/file.c, seed 003, spec §2 and §4): tasks with their
// files_struct, every seed operation step by step, and the hooks the composition layer uses.
// Every function runs on the calling model thread and makes the seed's scheduling points.
// Returned errors are negative errno values, as in the seed. Stable: other models build on it.
//
// Tasks: a pid names one task (a Linux thread) with its own ->files pointer. Scenario threads
// placed in the same pid act as that one task; tasks that share a table are made with
// clone_files (CLONE_FILES), so that files->count counts them as the seed expects.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/primitives/rcu.hpp"
#include "model/fd/structs.hpp"
#include "model/model_api.hpp"

namespace kmc::fd {

// Scale parameters (spec §2.1): W = BITS_PER_LONG = NR_OPEN_DEFAULT, granule G = 2W.
struct FdParams {
  int W = 2;
  int nr_open = 8;  // sysctl_nr_open
  int rlimit = 0;   // RLIMIT_NOFILE; 0 means "equal to nr_open"
  // 0: sysctl_nr_open is the constant nr_open. N: a sysctl thread writes it to N at any point
  // (refused, as proc_dointvec_minmax would, if N < W), and reads of it become steps.
  int nr_open_to = 0;
  [[nodiscard]] int granule() const { return 2 * W; }
  [[nodiscard]] int nofile() const { return rlimit > 0 ? rlimit : nr_open; }
};

// The M-FD-* switches; all off is the seed's behaviour.
struct FdVariants {
  bool noebusy = false;
  bool dupfd_noclear = false;
  bool norepeat = false;
  bool alloc_locked = false;
  bool plaininc = false;
  bool earlyfcheck = false;
  bool noexpandcheck = false;
  bool cloexec_refetch = false;   // F-FD-cloexec-refetch: the fix offered for finding fd-2
  bool light_noshortcut = false;  // F-FD-light-noshortcut: the fix offered for fd-1 and fd-3
};

struct FdConfig {
  FdParams params;
  FdVariants variants;
  bool fault_injection = false;  // alloc_fdtable / dup_fd / file allocation may return NULL
};

// Reads the fd parameters and variants out of a scenario configuration (which must contain the
// fd parameters: include fd_param_specs() in the descriptor).
[[nodiscard]] FdConfig fd_config_from(const model::ModelConfig& config);
[[nodiscard]] std::vector<model::ParamSpec> fd_param_specs();
[[nodiscard]] std::vector<model::VariantSpec> fd_variant_specs();

// Points where another model plugs in (spec §4). Unset hooks do nothing.
struct FdHooks {
  // On the last fput of a file, before its memory is queued for RCU freeing (kqueue_close).
  // `site` is the fput's own (the caller's line).
  std::function<void(File&, Site)> last_fput;
  // In every close path, after file_lock was dropped and before filp_close(file): __close_fd,
  // do_dup2's tofree, do_close_on_exec, close_files (the composition's knote_fdclose).
  std::function<void(FilesStruct&, Value fd, File&)> before_filp_close;
  std::function<void(Task& parent, Task& child)> after_fork;  // after copy_files
  std::function<void(Task&)> after_exec;                      // after do_close_on_exec
  std::function<void(Task&)> after_exit;                      // after exit_files
  std::function<void()> mark_roots;                           // more leak roots
};

// The whole fd model of one execution: tasks, files structs, tables, files, RCU, ghost state.
class FdSystem {
 public:
  // Builds process 1 (pid 1) with an empty files_struct, and the RCU domain. Call before threads.
  FdSystem(Execution& ex, FdConfig config);
  FdSystem(const FdSystem&) = delete;
  FdSystem& operator=(const FdSystem&) = delete;
  ~FdSystem();

  // ---- tasks ----
  // A new task with a fresh, empty files_struct (before the threads start); returns its pid.
  [[nodiscard]] Value create_process();
  // A further thread of process `pid`: a task sharing its table (clone(CLONE_FILES)); returns the
  // new task's id. The thread's calls still name `pid`; the task holds its files->count reference.
  [[nodiscard]] Value add_thread(Value pid);
  [[nodiscard]] Task* find_task(Value pid);
  // current->files of task `pid`, read by the task itself (NULL after exit, or no such task).
  [[nodiscard]] FilesStruct* current_files(Value pid);

  // ---- lifecycle (composite entry points; each runs its hook) ----
  // clone(CLONE_FILES): a new task sharing the table (atomic_inc(count)); returns its pid.
  [[nodiscard]] Value clone_files(Value pid);
  // fork: copy_files -> dup_fd (R215-297) -> after_fork; the child's pid, or -ENOMEM/-EMFILE.
  [[nodiscard]] Value fork(Value pid);
  // exec: unshare_files -> do_close_on_exec (R500-532) -> put the displaced table -> after_exec.
  // `fail`: the exec fails after unshare_files, before the point of no return, and puts the
  // displaced table back with reset_files_struct (R352-360); -ENOEXEC.
  [[nodiscard]] Value exec(Value pid, bool fail = false);
  // exit: exit_files (R361-369) -> after_exit. Returns 0.
  Value exit(Value pid);

  // ---- files_struct (R215-369) ----
  // dup_fd: a private copy of `oldf` whose count (1) is held by `holder`; NULL with `err` set.
  [[nodiscard]] FilesStruct* dup_fd(FilesStruct& oldf, const Holder& holder, Value& err);
  // get_files_struct(task): +1 on files->count for `holder` under task_lock; NULL if exited.
  [[nodiscard]] FilesStruct* get_files_struct(Task& task, const Holder& holder);
  // put_files_struct: -1; at zero close_files, free a separate table at once, free files.
  void put_files_struct(FilesStruct& files, const Holder& holder);
  // reset_files_struct: current->files = files under task_lock, then put the old one.
  void reset_files_struct(Task& task, FilesStruct& files, const Holder& new_holder);
  void exit_files(Task& task);
  void do_close_on_exec(FilesStruct& files);

  // ---- descriptors (R395-499) ----
  // __alloc_fd: the fd (larval: bit set, slot NULL, owned by the calling thread) or
  // -EMFILE/-ENOMEM.
  [[nodiscard]] Value alloc_fd(FilesStruct& files, Value start, Value end, Value flags);
  [[nodiscard]] Value get_unused_fd_flags(FilesStruct& files, Value flags);
  void put_unused_fd(FilesStruct& files, Value fd);
  // __fd_install: BUG_ON(slot != NULL) is an `assertion`; `from`'s reference becomes the slot's.
  void fd_install(FilesStruct& files, Value fd, File& file, const Holder& from);
  // __close_fd up to and including the unlock: the slot's reference moves to `to`.
  struct Detached {
    Value err = 0;  // 0, or -EBADF (then `file` is NULL)
    File* file = nullptr;
  };
  [[nodiscard]] Detached close_fd_detach(FilesStruct& files, Value fd, const Holder& to);
  // __close_fd (R481-499): detach -> before_filp_close hook -> filp_close. 0 or -EBADF.
  Value close_fd(FilesStruct& files, Value fd);
  // filp_close (not in seed): may sleep; f_count already 0 only warns; then fput by `holder`.
  Value filp_close(File& file, FilesStruct& files, const Holder& holder);

  // ---- file references (R533-613) ----
  // fget / fget_raw: RCU + inc_not_zero for `holder`; NULL when absent or dying (or O_PATH).
  [[nodiscard]] File* fget(FilesStruct& files, Value fd, const Holder& holder);
  [[nodiscard]] File* fget_raw(FilesStruct& files, Value fd, const Holder& holder);
  // fget_light / fget_raw_light: `needed` false means a borrowed pointer (no reference) that
  // FD-I8 watches until fput_light.
  [[nodiscard]] File* fget_light(FilesStruct& files, Value fd, bool& needed, const Holder& holder);
  [[nodiscard]] File* fget_raw_light(FilesStruct& files, Value fd, bool& needed,
                                     const Holder& holder);
  void fput_light(File& file, bool needed, const Holder& holder);
  // fput: atomic_long_dec_and_test; at zero the last_fput hook, then the file is freed by RCU.
  void fput(File& file, const Holder& holder, Site site);
  // get_file: atomic_long_inc (from zero is a `refcount` violation).
  void get_file(File& file, const Holder& holder, Site site);
  // Allocates a struct file (may sleep) whose only reference is `holder`'s. NULL only under fault
  // injection (the allocation failed).
  [[nodiscard]] File* create_file(const FileSpec& spec, const Holder& holder, Site site);

  // ---- syscalls (R614-763) ----
  // open (not in seed: do_sys_open): get_unused_fd_flags -> create the file -> fd_install.
  [[nodiscard]] Value open(FilesStruct& files, Value flags);
  [[nodiscard]] Value dup(FilesStruct& files, Value fd);
  [[nodiscard]] Value dup2(FilesStruct& files, Value oldfd, Value newfd);
  [[nodiscard]] Value dup3(FilesStruct& files, Value oldfd, Value newfd, Value flags);
  // f_dupfd: the caller holds a reference on `file`.
  [[nodiscard]] Value f_dupfd(FilesStruct& files, Value from, File& file, Value flags);
  // do_fcntl(F_DUPFD[_CLOEXEC]) (not in seed): fget_raw_light + f_dupfd + fput_light.
  [[nodiscard]] Value fcntl_dupfd(FilesStruct& files, Value fd, Value from, Value flags);
  // replace_fd: `file` NULL closes; the caller holds a reference on `file`.
  [[nodiscard]] Value replace_fd(FilesStruct& files, Value fd, File* file, Value flags);
  void set_close_on_exec(FilesStruct& files, Value fd, bool flag);
  // A write of sysctl_nr_open (R18; not in seed: proc_dointvec_minmax with the bounds of R19-20,
  // scaled): 0, or -EINVAL outside [W, kNrOpenMax]. Run by the sysctl thread of nr_open_to.
  [[nodiscard]] Value set_nr_open(Value nr);
  // A lockless load of sysctl_nr_open (R111, R112, R186): a step only when a sysctl may write it.
  [[nodiscard]] Value nr_open(Site site);
  [[nodiscard]] bool get_close_on_exec(FilesStruct& files, Value fd);
  // iterate_fd: calls `f` (which must not sleep) under file_lock for each non-NULL slot >= n.
  [[nodiscard]] Value iterate_fd(FilesStruct* files, Value n,
                                 const std::function<Value(File&, Value)>& f);

  // ---- for the composition ----
  // fcheck_files(files, fd) with file_lock held by the caller (no step).
  [[nodiscard]] File* fcheck_locked(FilesStruct& files, Value fd, Site site);
  [[nodiscard]] File* file_by_handle(Value handle) const;
  // The current table's max_fds and slot, read without any step or check (for invariants, end
  // checks and tests; not for model steps).
  [[nodiscard]] int peek_max_fds(const FilesStruct& files) const;
  [[nodiscard]] File* peek_slot(const FilesStruct& files, Value fd) const;
  [[nodiscard]] FilesStruct* files_by_id(Value id) const;
  [[nodiscard]] const FdConfig& config() const { return config_; }
  [[nodiscard]] Value rlimit() const { return config_.params.nofile(); }
  [[nodiscard]] Rcu& rcu() { return *rcu_; }
  [[nodiscard]] Execution& execution() { return ex_; }
  // Marks the fd model's leak roots (tasks' tables, their tables, files in slots) and the hook's.
  void mark_roots();
  FdHooks hooks;

 private:
  friend class FdInvariants;
  struct Borrow {  // a fget_light pointer taken without a reference (FD-I8)
    ThreadId thread;
    FilesStruct* files;
    Value fd;
    File* file;
  };
  struct TableRef {  // a handle's table and the cell generation it was allocated in
    FdTable* table = nullptr;
    std::uint32_t generation = 0;
  };

  // fdtable.cpp
  [[nodiscard]] FdTable* table(Value handle) const;
  [[nodiscard]] FdTable* locked_fdt(FilesStruct& files, Site site);
  [[nodiscard]] FdTable* alloc_fdtable(Value nr);
  void free_fdtable(FdTable& fdt, Site site);
  void free_fdtable_rcu(FdTable& fdt);
  void copy_fdtable(FdTable& nfdt, FdTable& ofdt);
  [[nodiscard]] Value expand_fdtable(FilesStruct& files, Value nr);
  [[nodiscard]] Value expand_files(FilesStruct& files, Value nr);
  [[nodiscard]] int count_open_files(FdTable& fdt);
  // alloc.cpp
  void put_unused_locked(FilesStruct& files, Value fd);
  [[nodiscard]] File* fcheck_rcu(FilesStruct& files, Value fd, Site site);
  // dup.cpp
  [[nodiscard]] Value do_dup2(FilesStruct& files, File& file, Value fd, Value flags);
  // process.cpp
  void close_files(FilesStruct& files);
  void release_unpublished(FilesStruct& files);
  [[nodiscard]] FilesStruct* new_files_struct(const Holder& holder, Site site);
  [[nodiscard]] Value reserve_table_handle();
  [[nodiscard]] Task& new_task(Value pid);
  void free_file_rcu(File& file);
  [[nodiscard]] bool inject_failure(Site site);
  void check_sleep(Site site, const char* what);

  Execution& ex_;
  FdConfig config_;
  std::unique_ptr<Rcu> rcu_;
  // sysctl_nr_open (R18): a plain int a sysctl may write at any time, read without a lock.
  Shared<Value> sysctl_nr_open_;
  std::vector<std::unique_ptr<Task>> tasks_;  // index pid - 1
  std::vector<FilesStruct*> files_structs_;   // index id - 1
  std::vector<TableRef> tables_;              // index handle - 1
  std::vector<Ptr<File>> files_;              // index handle - 1
  std::vector<Borrow> borrows_;
};

}  // namespace kmc::fd
