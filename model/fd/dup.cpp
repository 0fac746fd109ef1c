// dup, dup2, dup3, F_DUPFD and replace_fd (seed R635-746).
#include <fmt/format.h>

#include "model/fd/fd_api.hpp"

namespace kmc::fd {

// do_dup2 (R635-666): entered with file_lock held (by dup3 or replace_fd), releases it.
Value FdSystem::do_dup2(FilesStruct& files, File& file, Value fd, Value flags) {
  const ThreadId me = ex_.current();
  FdTable* fdt = locked_fdt(files, "R648");
  RcuVar& slot = fdt->slot(fd, "R649");
  File* tofree = file_by_handle(slot.locked_get("R649"));
  // R650-651: a larval target (bit set, slot NULL) is refused; M-FD-noebusy drops the test.
  if (tofree == nullptr && !config_.variants.noebusy && fdt->open_fds.test(fd, "R650")) {
    files.file_lock.unlock("R664");
    return -kEBUSY;
  }
  const Holder fresh = temp_holder("dup2", me, fd);
  get_file(file, fresh, "R652");
  slot.publish(file.handle, "R653");
  file.f_count.transfer(fresh, slot_holder(files, fd), "R653");
  const Holder freeing = temp_holder("tofree", me, fd);
  if (tofree != nullptr) tofree->f_count.transfer(slot_holder(files, fd), freeing, "R653");
  fdt->open_fds.set(fd, "R654");
  if ((flags & kO_CLOEXEC) != 0) {
    fdt->close_on_exec.set_visible(fd, "R656");
  } else {
    fdt->close_on_exec.reset_visible(fd, "R658");
  }
  // spec §4: closedcounter changes under file_lock when a non-NULL slot is replaced.
  if (tofree != nullptr) files.closedcounter.set(files.closedcounter.get("R653") + 1, "R653");
  files.file_lock.unlock("R659");
  if (tofree != nullptr) {
    if (hooks.before_filp_close) hooks.before_filp_close(files, fd, *tofree);
    (void)filp_close(*tofree, files, freeing);  // R661
  }
  return fd;
}

// replace_fd (R667-682): the caller holds a reference on `file`.
Value FdSystem::replace_fd(FilesStruct& files, Value fd, File* file, Value flags) {
  if (file == nullptr) return close_fd(files, fd);  // R670-671
  if (fd < 0 || fd >= rlimit()) return -kEBADF;     // R672-673
  files.file_lock.lock("R674");
  const Value err = expand_files(files, fd);  // R675
  if (err < 0) {
    files.file_lock.unlock("R680");
    return err;
  }
  return do_dup2(files, *file, fd, flags);  // R678
}

// dup3 (R683-709). The lookup of oldfd comes after expand_files (which may drop the lock), so the
// file is in the table while get_file runs; M-FD-earlyfcheck looks it up before.
Value FdSystem::dup3(FilesStruct& files, Value oldfd, Value newfd, Value flags) {
  if ((flags & ~kO_CLOEXEC) != 0) return -kEINVAL;     // R687-688
  if (oldfd == newfd) return -kEINVAL;                 // R689-690
  if (newfd < 0 || newfd >= rlimit()) return -kEBADF;  // R691-692
  files.file_lock.lock("R693");
  File* file = nullptr;
  if (config_.variants.earlyfcheck) file = fcheck_locked(files, oldfd, "R695");
  Value err = expand_files(files, newfd);  // R694
  if (!config_.variants.earlyfcheck) file = fcheck_locked(files, oldfd, "R695");
  if (file == nullptr) {
    err = -kEBADF;  // R696-697, R705
  } else if (err < 0) {
    if (err == -kEMFILE) err = -kEBADF;  // R698-701
  } else {
    return do_dup2(files, *file, newfd, flags);  // R703
  }
  files.file_lock.unlock("R707");
  return err;
}

// dup2 (R710-723): oldfd == newfd only checks that oldfd is open, under RCU.
Value FdSystem::dup2(FilesStruct& files, Value oldfd, Value newfd) {
  if (newfd == oldfd) {
    Value retval = oldfd;
    rcu_->read_lock("R716");
    if (fcheck_rcu(files, oldfd, "R717") == nullptr) retval = -kEBADF;
    rcu_->read_unlock("R719");
    return retval;
  }
  return dup3(files, oldfd, newfd, 0);  // R722
}

// dup (R724-735): the reference from fget_raw becomes the new slot's reference.
Value FdSystem::dup(FilesStruct& files, Value fildes) {
  Value ret = -kEBADF;
  const Holder ref = temp_holder("dup", ex_.current(), fildes);
  File* file = fget_raw(files, fildes, ref);  // R726
  if (file != nullptr) {
    ret = get_unused_fd_flags(files, 0);  // R728
    if (ret >= 0) {
      fd_install(files, ret, *file, ref);  // R730
    } else {
      fput(*file, ref, "R732");
    }
  }
  return ret;
}

// f_dupfd (R736-746): the caller holds a reference on `file`; get_file makes the new slot's.
Value FdSystem::f_dupfd(FilesStruct& files, Value from, File& file, Value flags) {
  if (from < 0 || from >= rlimit()) return -kEINVAL;         // R738-739
  const Value err = alloc_fd(files, from, rlimit(), flags);  // R740
  if (err >= 0) {
    const Holder ref = temp_holder("f_dupfd", ex_.current(), err);
    get_file(file, ref, "R742");
    fd_install(files, err, file, ref);  // R743
  }
  return err;
}

// do_fcntl F_DUPFD / F_DUPFD_CLOEXEC (not in seed): fget_raw_light, f_dupfd, fput_light.
Value FdSystem::fcntl_dupfd(FilesStruct& files, Value fd, Value from, Value flags) {
  bool needed = false;
  const Holder ref = temp_holder("fcntl", ex_.current(), fd);
  File* file = fget_raw_light(files, fd, needed, ref);
  if (file == nullptr) return -kEBADF;
  const Value err = f_dupfd(files, from, *file, flags);
  fput_light(*file, needed, ref);
  return err;
}

}  // namespace kmc::fd
