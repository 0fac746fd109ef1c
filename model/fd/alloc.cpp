// Descriptor allocation, installation and close (seed R395-499), and open (not in seed).
#include <fmt/format.h>

#include "model/fd/fd_api.hpp"

namespace kmc::fd {

namespace {
// Ghost: the calling thread's larval fd is installed or given back (another thread's entry if
// the caller had none, e.g. an fd allocated by one thread and installed by another).
void drop_larval(FilesStruct& files, Value fd, ThreadId me) {
  auto range = files.larval.equal_range(fd);
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second == me) {
      files.larval.erase(it);
      return;
    }
  }
  if (range.first != range.second) files.larval.erase(range.first);
}
}  // namespace

// __alloc_fd (R395-438). `goto repeat` after expand_files returned 1, because every value
// computed before the lock was dropped is stale (M-FD-norepeat falls through instead).
Value FdSystem::alloc_fd(FilesStruct& files, Value start, Value end, Value flags) {
  Value error = 0;
  Value fd = 0;
  FdTable* fdt = nullptr;
  files.file_lock.lock("R399");
  for (;;) {  // repeat: (R400)
    fdt = locked_fdt(files, "R401");
    fd = start;
    const Value next = files.next_fd.get("R403");
    if (fd < next) fd = next;
    const int max = fdt->max("R405");
    if (fd < max) {
      while (fd < max && fdt->open_fds.test(fd, "R406")) ++fd;  // find_next_zero_bit
    }
    error = -kEMFILE;
    if (fd >= end) goto out;
    error = expand_files(files, fd);
    if (error < 0) goto out;
    if (error != 0 && !config_.variants.norepeat) continue;  // R418-419
    break;
  }
  if (start <= files.next_fd.get("R420")) files.next_fd.set(fd + 1, "R421");
  fdt->open_fds.set(fd, "R422");
  if ((flags & kO_CLOEXEC) != 0) {
    fdt->close_on_exec.set_visible(fd, "R424");
  } else {
    fdt->close_on_exec.reset_visible(fd, "R426");
  }
  error = fd;
  // The sanity check compiled in by `#if 1` (R428-434): a non-NULL slot here means a reference
  // is about to be lost (the seed sets it to NULL without fput), so it is reported (FD-I6).
  if (const Value old = fdt->slot(fd, "R430").locked_get("R430"); old != 0) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("alloc_fd: slot {} not NULL! (R431; file#{} would be dropped without "
                         "fput at R432)",
                         fd, old),
             "R431");
  }
  files.larval.emplace(fd, ex_.current());
out:
  files.file_lock.unlock("R436");
  return error;
}

Value FdSystem::get_unused_fd_flags(FilesStruct& files, Value flags) {
  return alloc_fd(files, 0, rlimit(), flags);  // R442-444
}

// __put_unused_fd (R446-451), with file_lock held.
void FdSystem::put_unused_locked(FilesStruct& files, Value fd) {
  FdTable* fdt = locked_fdt(files, "R447");
  fdt->open_fds.reset(fd, "R448");
  if (fd < files.next_fd.get("R449")) files.next_fd.set(fd, "R450");
}

void FdSystem::put_unused_fd(FilesStruct& files, Value fd) {
  files.file_lock.lock("R454");
  put_unused_locked(files, fd);
  drop_larval(files, fd, ex_.current());
  files.file_lock.unlock("R456");
}

// __fd_install (R469-476). It does not look at the open bit.
void FdSystem::fd_install(FilesStruct& files, Value fd, File& file, const Holder& from) {
  files.file_lock.lock("R471");
  FdTable* fdt = locked_fdt(files, "R472");
  RcuVar& slot = fdt->slot(fd, "R473");
  if (const Value old = slot.locked_get("R473"); old != 0) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("BUG_ON(fdt->fd[fd] != NULL) at R473: fd {} already holds file#{} while "
                         "file#{} is installed",
                         fd, old, file.handle),
             "R473");
  }
  slot.publish(file.handle, "R474");
  file.f_count.transfer(from, slot_holder(files, fd), "R474");
  drop_larval(files, fd, ex_.current());
  files.file_lock.unlock("R475");
}

// __close_fd (R481-494) up to and including the unlock. The slot's reference moves to `to`.
FdSystem::Detached FdSystem::close_fd_detach(FilesStruct& files, Value fd, const Holder& to) {
  files.file_lock.lock("R484");
  FdTable* fdt = locked_fdt(files, "R485");
  if (fd < 0 || fd >= fdt->max("R486")) {  // fd is unsigned in the seed
    files.file_lock.unlock("R497");
    return Detached{-kEBADF, nullptr};
  }
  RcuVar& slot = fdt->slot(fd, "R488");
  const Value h = slot.locked_get("R488");
  if (h == 0) {  // never opened, closed already, or larval
    files.file_lock.unlock("R497");
    return Detached{-kEBADF, nullptr};
  }
  File* file = file_by_handle(h);
  slot.publish(0, "R491");
  file->f_count.transfer(slot_holder(files, fd), to, "R491");
  fdt->close_on_exec.reset_visible(fd, "R492");
  put_unused_locked(files, fd);  // R493
  // spec §4: closedcounter changes under file_lock whenever a non-NULL slot is cleared.
  files.closedcounter.set(files.closedcounter.get("R491") + 1, "R491");
  files.file_lock.unlock("R494");
  return Detached{0, file};
}

Value FdSystem::close_fd(FilesStruct& files, Value fd) {
  const Holder to = temp_holder("closing", ex_.current(), fd);
  const Detached d = close_fd_detach(files, fd, to);
  if (d.file == nullptr) return d.err;
  if (hooks.before_filp_close) hooks.before_filp_close(files, fd, *d.file);
  return filp_close(*d.file, files, to);  // R495
}

// open (not in seed: do_sys_open): the file is created between __alloc_fd and fd_install, so the
// fd is larval (bit set, slot NULL) while the allocation may sleep.
Value FdSystem::open(FilesStruct& files, Value flags) {
  const Value fd = get_unused_fd_flags(files, flags);
  if (fd < 0) return fd;
  const Holder creator = temp_holder("open", ex_.current(), fd);
  FileSpec spec;
  spec.mode = (flags & kO_PATH) != 0 ? kFMODE_PATH : 0u;
  File* file = create_file(spec, creator, "do_sys_open (not in seed)");
  if (file == nullptr) {
    put_unused_fd(files, fd);
    return -kENOMEM;
  }
  fd_install(files, fd, *file, creator);
  return fd;
}

}  // namespace kmc::fd
