// File references: fget and friends (seed R533-613), fput and filp_close (not in seed), the
// close-on-exec bit (R614-634), iterate_fd (R747-765) and struct file creation and freeing.
#include <fmt/format.h>

#include "checker/primitives/sleep.hpp"
#include "model/fd/fd_api.hpp"

namespace kmc::fd {

namespace {
// f_mode is set at creation and never changes: a plain read of the file's memory.
bool is_path(const Ptr<File>& p, Site site) {
  return (p.at(site).f_mode & kFMODE_PATH) != 0;
}
}  // namespace

File* FdSystem::file_by_handle(Value handle) const {
  if (handle <= 0 || handle > static_cast<Value>(files_.size())) return nullptr;
  return files_[static_cast<std::size_t>(handle - 1)].unchecked();
}

File* FdSystem::create_file(const FileSpec& spec, const Holder& holder, Site site) {
  if (inject_failure(site)) return nullptr;
  files_.emplace_back();  // reserve the handle before the allocation's scheduling point
  const auto h = static_cast<Value>(files_.size());
  Ptr<File> p = make<File>(ex_, "file", site, /*may_sleep=*/true, ex_, h, spec, holder);
  files_[static_cast<std::size_t>(h - 1)] = p;
  return p.unchecked();
}

// file_free through RCU (not in seed: __fput -> file_free -> call_rcu).
void FdSystem::free_file_rcu(File& file) {
  heap_of(ex_).free(files_[static_cast<std::size_t>(file.handle - 1)].cell(), "file_free_rcu");
}

void FdSystem::get_file(File& file, const Holder& holder, Site site) {
  file.f_count.inc(holder, site);
}

void FdSystem::fput(File& file, const Holder& holder, Site site) {
  if (!file.f_count.dec_and_test(holder, site)) return;
  // __fput (not in seed; deferred in the kernel, run here by the thread that dropped the count).
  if (file.last_fput_done) {
    ex_.fail(ViolationKind::DoubleFree,
             fmt::format("file#{} released a second time (__fput after f_count reached 0 again)",
                         file.handle),
             site);
  }
  file.last_fput_done = true;
  if (hooks.last_fput) hooks.last_fput(file, site);
  rcu_->call_rcu([this, &file] { free_file_rcu(file); }, "__fput: call_rcu(file_free)");
}

Value FdSystem::filp_close(File& file, FilesStruct& files, const Holder& holder) {
  (void)files;
  check_sleep("filp_close", "filp_close");  // ->flush and locks_remove_posix may sleep
  if (file.f_count.read("filp_close: file_count") == 0) return 0;  // printk and return
  fput(file, holder, "filp_close: fput");
  return 0;
}

// fcheck_files under RCU (or with files->count == 1): two lockless loads.
File* FdSystem::fcheck_rcu(FilesStruct& files, Value fd, Site site) {
  FdTable* fdt = table(files.fdt.rcu_load(site));
  if (fd < 0 || fd >= fdt->max(site)) return nullptr;
  return file_by_handle(fdt->slot(fd, site).rcu_load(site));
}

File* FdSystem::fcheck_locked(FilesStruct& files, Value fd, Site site) {
  FdTable* fdt = locked_fdt(files, site);
  if (fd < 0 || fd >= fdt->max(site)) return nullptr;
  return file_by_handle(fdt->slot(fd, site).locked_get(site));
}

// fget (R533-546). M-FD-plaininc takes the reference with a plain atomic_long_inc.
File* FdSystem::fget(FilesStruct& files, Value fd, const Holder& holder) {
  rcu_->read_lock("R536");
  File* file = fcheck_rcu(files, fd, "R537");
  if (file != nullptr) {
    if (is_path(files_[static_cast<std::size_t>(file->handle - 1)], "R541")) {
      file = nullptr;
    } else if (config_.variants.plaininc) {
      get_file(*file, holder, "R541");
    } else if (!file->f_count.inc_not_zero(holder, "R541")) {
      file = nullptr;
    }
  }
  rcu_->read_unlock("R544");
  return file;
}

File* FdSystem::fget_raw(FilesStruct& files, Value fd, const Holder& holder) {
  rcu_->read_lock("R551");
  File* file = fcheck_rcu(files, fd, "R552");
  if (file != nullptr && !file->f_count.inc_not_zero(holder, "R556")) file = nullptr;
  rcu_->read_unlock("R559");
  return file;
}

// fget_light (R571-592): with files->count == 1 the pointer is borrowed without a reference.
// F-FD-light-noshortcut always takes the shared path (fixes fd-1 and fd-3).
File* FdSystem::fget_light(FilesStruct& files, Value fd, bool& needed, const Holder& holder) {
  needed = false;
  File* file = nullptr;
  if (!config_.variants.light_noshortcut && files.count.read("R575") == 1) {
    file = fcheck_rcu(files, fd, "R576");
    if (file != nullptr && is_path(files_[static_cast<std::size_t>(file->handle - 1)], "R577"))
      file = nullptr;
    if (file != nullptr) borrows_.push_back(Borrow{ex_.current(), &files, fd, file});
  } else {
    rcu_->read_lock("R580");
    file = fcheck_rcu(files, fd, "R581");
    if (file != nullptr) {
      if (!is_path(files_[static_cast<std::size_t>(file->handle - 1)], "R583") &&
          file->f_count.inc_not_zero(holder, "R583")) {
        needed = true;
      } else {
        file = nullptr;
      }
    }
    rcu_->read_unlock("R589");
  }
  return file;
}

File* FdSystem::fget_raw_light(FilesStruct& files, Value fd, bool& needed, const Holder& holder) {
  needed = false;
  File* file = nullptr;
  if (!config_.variants.light_noshortcut && files.count.read("R598") == 1) {
    file = fcheck_rcu(files, fd, "R599");
    if (file != nullptr) borrows_.push_back(Borrow{ex_.current(), &files, fd, file});
  } else {
    rcu_->read_lock("R601");
    file = fcheck_rcu(files, fd, "R602");
    if (file != nullptr) {
      if (file->f_count.inc_not_zero(holder, "R604")) {
        needed = true;
      } else {
        file = nullptr;
      }
    }
    rcu_->read_unlock("R610");
  }
  return file;
}

// fput_light (not in seed): fput when a reference was taken; else the borrow ends.
void FdSystem::fput_light(File& file, bool needed, const Holder& holder) {
  if (needed) {
    fput(file, holder, "fput_light");
    return;
  }
  for (auto it = borrows_.begin(); it != borrows_.end(); ++it) {
    if (it->thread == ex_.current() && it->file == &file) {
      borrows_.erase(it);
      return;
    }
  }
}

// set_close_on_exec (R614-624): no check of fd against max_fds (callers checked the fd).
void FdSystem::set_close_on_exec(FilesStruct& files, Value fd, bool flag) {
  files.file_lock.lock("R617");
  FdTable* fdt = locked_fdt(files, "R618");
  if (flag) {
    fdt->close_on_exec.set_visible(fd, "R620");
  } else {
    fdt->close_on_exec.reset_visible(fd, "R622");
  }
  files.file_lock.unlock("R623");
}

// get_close_on_exec (R625-634): the bit is tested under RCU only.
bool FdSystem::get_close_on_exec(FilesStruct& files, Value fd) {
  rcu_->read_lock("R629");
  FdTable* fdt = table(files.fdt.rcu_load("R630"));
  const bool res = fdt->close_on_exec.test_lockless(fd, "R631");
  rcu_->read_unlock("R632");
  return res;
}

// iterate_fd (R747-765): the callback runs under file_lock.
Value FdSystem::iterate_fd(FilesStruct* files, Value n,
                           const std::function<Value(File&, Value)>& f) {
  Value res = 0;
  if (files == nullptr) return 0;
  files->file_lock.lock("R753");
  for (FdTable* fdt = locked_fdt(*files, "R754"); n < fdt->max("R754"); ++n) {
    File* file = file_by_handle(fdt->slot(n, "R756").locked_get("R756"));
    if (file == nullptr) continue;
    res = f(*file, n);  // R759
    if (res != 0) break;
  }
  files->file_lock.unlock("R763");
  return res;
}

void FdSystem::check_sleep(Site site, const char* what) {
  ex_.check_may_sleep(site, what);  // a spinlock or an RCU read section (FD-I7)
}

bool FdSystem::inject_failure(Site site) {
  if (!config_.fault_injection) return false;
  return ex_.choose(2, site) == 1;
}

}  // namespace kmc::fd
