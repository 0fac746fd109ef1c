// Tasks and their life cycle (not in seed: copy_files, unshare_files, exec, exit), built on the
// seed's dup_fd, do_close_on_exec, exit_files and put_files_struct; and the leak roots.
#include <fmt/format.h>

#include "model/fd/fd_api.hpp"
#include "model/fd/invariants.hpp"

namespace kmc::fd {

FdSystem::FdSystem(Execution& ex, FdConfig config)
    : ex_(ex),
      config_(config),
      rcu_(std::make_unique<Rcu>(ex)),
      sysctl_nr_open_(ex, "sysctl_nr_open", config.params.nr_open) {
  (void)create_process();  // pid 1
  // The sysctl write a scenario asks for (nr_open_to): one store at any point of the run.
  if (config_.params.nr_open_to != 0)
    ex.spawn(
        "sysctl", [this] { (void)set_nr_open(config_.params.nr_open_to); }, /*daemon=*/true);
  FdInvariants::install(*this);
  // Work-around for an engine teardown order problem: ~Execution destroys refcount_service
  // before heap_service, and the RefCounts inside heap cells (f_count, files->count) then
  // unregister from a destroyed registry. Dropping the registry at teardown (after every check
  // ran) makes their destructors skip it.
  ex.on_teardown([&ex] { ex.refcount_service.reset(); });
}

FdSystem::~FdSystem() = default;

Task& FdSystem::new_task(Value pid) {
  tasks_.push_back(std::make_unique<Task>(ex_, pid));
  return *tasks_.back();
}

Task* FdSystem::find_task(Value pid) {
  if (pid <= 0 || pid > static_cast<Value>(tasks_.size())) return nullptr;
  return tasks_[static_cast<std::size_t>(pid - 1)].get();
}

// A new process with an empty files_struct, a heap object wherever it is made: before the
// threads start it stands for a process the kernel set up earlier. Only init_files (R381-393) is
// static, and pid 1 here is an ordinary process that scenarios exit, so its last put frees it.
Value FdSystem::create_process() {
  const auto pid = static_cast<Value>(tasks_.size() + 1);
  FilesStruct* files = new_files_struct(task_holder(pid), "copy_process (not in seed)");
  files->fdt.init(files->fdtab.handle, "R383");
  files->published = true;
  Task& task = new_task(pid);
  task.files.set(files, "R381");
  return pid;
}

FilesStruct* FdSystem::current_files(Value pid) {
  Task* task = find_task(pid);
  return task == nullptr ? nullptr : task->files.get("current->files");
}

// copy_files with CLONE_FILES (not in seed): the new task shares the table.
Value FdSystem::clone_files(Value pid) {
  FilesStruct* oldf = current_files(pid);
  const auto child = static_cast<Value>(tasks_.size() + 1);
  Task& task = new_task(child);
  if (oldf != nullptr) {
    oldf->count.inc(task_holder(child), "copy_files: atomic_inc(&oldf->count) (not in seed)");
    task.files.set(oldf, "copy_files (not in seed)");
  }
  return child;
}

// A thread created with CLONE_FILES shares its process's table and, as copy_files does, holds a
// files->count reference of its own (the atomic_inc of get_files_struct, R332), which only its
// exit_files/put_files_struct (R361-367) drops: a scenario thread that ends its operations stays
// in user space, so it keeps it. With two threads the count is 2 and fget_light takes its shared
// path (R575, R598). From a thread this is clone_files; before the threads start (no steps) the
// reference joins the initial count, as init_files's does (R381-393).
Value FdSystem::add_thread(Value pid) {
  if (ex_.in_thread()) return clone_files(pid);
  Task* leader = find_task(pid);
  FilesStruct* files = leader == nullptr ? nullptr : leader->files.peek();
  const auto tid = static_cast<Value>(tasks_.size() + 1);
  Task& task = new_task(tid);
  if (files != nullptr) {
    std::vector<Holder> holders = files->count.holders();
    holders.push_back(task_holder(tid));
    files->count.init(std::move(holders));
    task.files.set(files, "copy_files (not in seed)");
  }
  return tid;
}

// fork: copy_files without CLONE_FILES (not in seed) -> dup_fd -> after_fork.
Value FdSystem::fork(Value pid) {
  Task& parent = *find_task(pid);
  FilesStruct* oldf = current_files(pid);
  const auto child_pid = static_cast<Value>(tasks_.size() + 1);
  Task& child = new_task(child_pid);
  if (oldf != nullptr) {
    Value err = 0;
    FilesStruct* newf = dup_fd(*oldf, task_holder(child_pid), err);
    if (newf == nullptr) {
      child.exited = true;  // copy_process fails: the child never runs
      return err;
    }
    child.files.set(newf, "copy_files: tsk->files = newf (not in seed)");
    newf->published = true;
  }
  if (hooks.after_fork) hooks.after_fork(parent, child);
  return child_pid;
}

// exec (not in seed): unshare_files (dup_fd when the table is shared, switched under task_lock),
// then do_close_on_exec; the displaced table is put once exec has succeeded. An exec that fails
// before the point of no return (do_execve_common's out_files, not in seed) never reaches
// do_close_on_exec and gives the displaced table back with reset_files_struct (R352-360).
Value FdSystem::exec(Value pid, bool fail) {
  Task& task = *find_task(pid);
  FilesStruct* files = current_files(pid);
  if (files == nullptr) return -kESRCH;
  const ThreadId me = ex_.current();
  FilesStruct* displaced = nullptr;
  const Holder displaced_ref = temp_holder("displaced", me, pid);
  if (files->count.read("unshare_fd: atomic_read(&fd->count) > 1 (not in seed)") > 1) {
    const Holder copy_ref = temp_holder("unshare", me, pid);
    Value err = 0;
    FilesStruct* copy = dup_fd(*files, copy_ref, err);
    if (copy == nullptr) return err;
    task.alloc_lock.lock("unshare_files: task_lock (not in seed)");
    task.files.set(copy, "unshare_files: task->files = copy (not in seed)");
    copy->count.transfer(copy_ref, task_holder(pid), "unshare_files (not in seed)");
    files->count.transfer(task_holder(pid), displaced_ref, "unshare_files (not in seed)");
    copy->published = true;
    task.alloc_lock.unlock("unshare_files: task_unlock (not in seed)");
    displaced = files;
    files = copy;
  }
  if (fail) {
    if (displaced != nullptr) reset_files_struct(task, *displaced, displaced_ref);
    return -kENOEXEC;
  }
  do_close_on_exec(*files);
  if (displaced != nullptr) put_files_struct(*displaced, displaced_ref);
  if (hooks.after_exec) hooks.after_exec(task);
  return 0;
}

Value FdSystem::exit(Value pid) {
  Task& task = *find_task(pid);
  exit_files(task);
  if (hooks.after_exit) hooks.after_exit(task);
  return 0;
}

void FdSystem::mark_roots() {
  Heap& heap = heap_of(ex_);
  for (const auto& task : tasks_) {
    FilesStruct* files = task->files.peek();
    if (files == nullptr) continue;
    heap.mark(files->cell());
    FdTable* fdt = table(files->fdt.peek());
    if (fdt == nullptr) continue;
    heap.mark(fdt->cell());
    for (const auto& slot : fdt->fd) {
      if (File* file = file_by_handle(slot->peek()); file != nullptr)
        heap.mark(files_[static_cast<std::size_t>(file->handle - 1)].cell());
    }
  }
  if (hooks.mark_roots) hooks.mark_roots();
}

}  // namespace kmc::fd
