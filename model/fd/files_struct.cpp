// files_struct life cycle (seed R215-369) and do_close_on_exec (R500-532).
#include <fmt/format.h>

#include "model/fd/fd_api.hpp"

namespace kmc::fd {

FilesStruct* FdSystem::files_by_id(Value id) const {
  if (id <= 0 || id > static_cast<Value>(files_structs_.size())) return nullptr;
  return files_structs_[static_cast<std::size_t>(id - 1)];
}

// kmem_cache_alloc(files_cachep) + the initialisation of R224-232: count 1 (held by `holder`),
// next_fd 0, the embedded table with max_fds = NR_OPEN_DEFAULT. fdt is set by the caller.
// Before the threads start (a process the scenario declares) the allocation makes no step, but
// the files_struct is a heap object all the same: its last put_files_struct frees it (R349).
FilesStruct* FdSystem::new_files_struct(const Holder& holder, Site site) {
  files_structs_.push_back(nullptr);  // reserve the id and the embedded table's handle
  const auto id = static_cast<Value>(files_structs_.size());
  const Value tab = reserve_table_handle();
  Ptr<FilesStruct> p =
      ex_.in_thread()
          ? make<FilesStruct>(ex_, "files_struct", site, /*may_sleep=*/true, ex_, id, tab,
                              config_.params.W)
          : make_initial<FilesStruct>(ex_, "files_struct", site, ex_, id, tab, config_.params.W);
  FilesStruct* files = p.unchecked();
  files->count.init({holder});
  files_structs_[static_cast<std::size_t>(id - 1)] = files;
  tables_[static_cast<std::size_t>(tab - 1)] = TableRef{&files->fdtab, p.cell()->generation};
  return files;
}

// kmem_cache_free of a files_struct that was never published (dup_fd's out_release, R294). Its
// count of 1 is not a reference anyone holds, so the ghost holder goes first (no step).
void FdSystem::release_unpublished(FilesStruct& files) {
  files.count.init({});
  heap_of(ex_).free(files.cell(), "R294");
}

// dup_fd (R215-297). The expansion loop drops and retakes oldf->file_lock; slots that are NULL
// while their bit is set (a sibling's larval fd) get the bit cleared in the copy (R270-275).
FilesStruct* FdSystem::dup_fd(FilesStruct& oldf, const Holder& holder, Value& err) {
  err = -kENOMEM;  // R220
  if (inject_failure("R222")) return nullptr;
  FilesStruct* newf = new_files_struct(holder, "R221");
  FdTable* new_fdt = &newf->fdtab;  // R227-232
  oldf.file_lock.lock("R233");
  FdTable* old_fdt = locked_fdt(oldf, "R234");
  int open_files = count_open_files(*old_fdt);  // R235
  while (open_files > new_fdt->max("R238")) {
    oldf.file_lock.unlock("R239");
    if (new_fdt != &newf->fdtab) free_fdtable(*new_fdt, "R241");
    new_fdt = alloc_fdtable(open_files - 1);  // R242
    if (new_fdt == nullptr) {
      err = -kENOMEM;  // R244
      release_unpublished(*newf);
      return nullptr;
    }
    if (new_fdt->max("R249") < open_files) {
      free_fdtable(*new_fdt, "R250");
      err = -kEMFILE;  // R251
      release_unpublished(*newf);
      return nullptr;
    }
    oldf.file_lock.lock("R257");
    old_fdt = locked_fdt(oldf, "R258");
    open_files = count_open_files(*old_fdt);  // R259
  }
  const int words = open_files / config_.params.W;
  for (int i = 0; i < words; ++i) {
    new_fdt->open_fds.set_word(i, old_fdt->open_fds.word(i, "R263"), "R263");
    new_fdt->close_on_exec.set_word(i, old_fdt->close_on_exec.word(i, "R264"), "R264");
  }
  for (int i = 0; i < open_files; ++i) {  // R265: i counts down in the seed; same order of fds
    const Value h = old_fdt->slot(i, "R266").locked_get("R266");
    if (File* f = file_by_handle(h); f != nullptr) {
      get_file(*f, slot_holder(*newf, i), "R268");
    } else if (!config_.variants.dupfd_noclear) {
      new_fdt->open_fds.reset(i, "R274");
    }
    new_fdt->slot(i, "R276").init(h, "R276");
  }
  oldf.file_lock.unlock("R278");
  // R281-290: the rest of the new arrays is zero already (the table was just built).
  newf->fdt.init(new_fdt->handle, "R291");
  return newf;
}

// close_files (R298-326): the last reference, so no lock; larval (NULL) slots are skipped.
void FdSystem::close_files(FilesStruct& files) {
  const ThreadId me = ex_.current();
  rcu_->read_lock("R305");
  FdTable* fdt = table(files.fdt.rcu_load("R306"));
  rcu_->read_unlock("R307");
  for (int j = 0;;) {
    Value i = static_cast<Value>(j) * config_.params.W;
    if (i >= fdt->max("R311")) break;
    std::uint64_t set = fdt->open_fds.word(j++, "R313");
    while (set != 0) {
      if ((set & 1u) != 0) {
        File* file = file_by_handle(fdt->slot(i, "R316").exchange(0, "R316"));
        if (file != nullptr) {
          const Holder closing = temp_holder("close_files", me, i);
          file->f_count.transfer(slot_holder(files, i), closing, "R316");
          // spec §4 asks for the increment under file_lock; close_files takes no lock (nobody
          // else can reach a files_struct whose count is zero), so neither does the model.
          files.closedcounter.set(files.closedcounter.get("R316") + 1, "R316");
          if (hooks.before_filp_close) hooks.before_filp_close(files, i, *file);
          (void)filp_close(*file, files, closing);  // R318
          check_sleep("R319", "cond_resched");
        }
      }
      ++i;
      set >>= 1;
    }
  }
}

FilesStruct* FdSystem::get_files_struct(Task& task, const Holder& holder) {
  task.alloc_lock.lock("R329");
  FilesStruct* files = task.files.get("R330");
  if (files != nullptr) files->count.inc(holder, "R332");
  task.alloc_lock.unlock("R333");
  return files;
}

void FdSystem::put_files_struct(FilesStruct& files, const Holder& holder) {
  if (!files.count.dec_and_test(holder, "R338")) return;
  files.dead = true;
  close_files(files);  // R339
  rcu_->read_lock("R342");
  FdTable* fdt = table(files.fdt.rcu_load("R343"));
  rcu_->read_unlock("R344");
  if (fdt != &files.fdtab) free_fdtable(*fdt, "R348");  // at once: nobody can see it
  heap_of(ex_).free(files.cell(), "R349");
}

// reset_files_struct (R352-360): ->files is read without task_lock (only the task changes it).
void FdSystem::reset_files_struct(Task& task, FilesStruct& files, const Holder& new_holder) {
  const ThreadId me = ex_.current();
  FilesStruct* old = task.files.get("R355");
  task.alloc_lock.lock("R356");
  task.files.set(&files, "R357");
  files.count.transfer(new_holder, task_holder(task.pid), "R357");
  files.published = true;
  const Holder dropping = temp_holder("reset", me, task.pid);
  old->count.transfer(task_holder(task.pid), dropping, "R357");
  task.alloc_lock.unlock("R358");
  put_files_struct(*old, dropping);  // R359
}

void FdSystem::exit_files(Task& task) {
  FilesStruct* files = task.files.get("R362");
  if (files != nullptr) {
    const Holder exiting = temp_holder("exit", ex_.current(), task.pid);
    task.alloc_lock.lock("R364");
    task.files.set(nullptr, "R365");
    files->count.transfer(task_holder(task.pid), exiting, "R365");
    task.alloc_lock.unlock("R366");
    put_files_struct(*files, exiting);  // R367
  }
  task.exited = true;
}

// do_close_on_exec (R500-532). The table pointer is read once per word (R509) and used after the
// lock was dropped and retaken around filp_close (R525-528): exec unshared the table first (R504),
// so nobody else could have expanded it meanwhile. A holder from get_files_struct can (finding
// fd-2); F-FD-cloexec-refetch reads files->fdt again once the lock is retaken.
void FdSystem::do_close_on_exec(FilesStruct& files) {
  const ThreadId me = ex_.current();
  const int w = config_.params.W;
  files.file_lock.lock("R505");
  for (int i = 0;; ++i) {
    Value fd = static_cast<Value>(i) * w;
    FdTable* fdt = locked_fdt(files, "R509");
    if (fd >= fdt->max("R510")) break;
    std::uint64_t set = fdt->close_on_exec.word(i, "R512");
    if (set == 0) continue;
    fdt->close_on_exec.set_word_visible(i, 0, "R515");
    for (; set != 0; ++fd, set >>= 1) {
      if ((set & 1u) == 0) continue;
      RcuVar& slot = fdt->slot(fd, "R520");
      File* file = file_by_handle(slot.locked_get("R520"));
      if (file == nullptr) continue;
      slot.publish(0, "R523");
      const Holder closing = temp_holder("exec-close", me, fd);
      file->f_count.transfer(slot_holder(files, fd), closing, "R523");
      put_unused_locked(files, fd);                                          // R524
      files.closedcounter.set(files.closedcounter.get("R523") + 1, "R523");  // spec §4
      files.file_lock.unlock("R525");
      if (hooks.before_filp_close) hooks.before_filp_close(files, fd, *file);
      (void)filp_close(*file, files, closing);  // R526
      check_sleep("R527", "cond_resched");
      files.file_lock.lock("R528");
      if (config_.variants.cloexec_refetch) fdt = locked_fdt(files, "R528");
    }
  }
  files.file_lock.unlock("R531");
}

}  // namespace kmc::fd
