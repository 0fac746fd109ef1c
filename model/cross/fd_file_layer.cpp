#include "model/cross/fd_file_layer.hpp"

#include <fmt/format.h>

namespace kmc::cross {

namespace {
kq::KFile* resolve(CellHeader* cell) {
  fd::File* file = static_cast<Cell<fd::File>*>(cell)->get();
  auto* ext = dynamic_cast<KqFileExt*>(file->ext.get());
  return ext != nullptr ? &ext->kf : nullptr;
}

int fd_type(int kq_type) {
  if (kq_type == kq::DTYPE_KQUEUE) return fd::kDTYPE_KQUEUE;
  if (kq_type == kq::DTYPE_MFILE) return fd::kDTYPE_MFILE;
  return fd::kDTYPE_VNODE;
}
}  // namespace

KqFileExt::KqFileExt(Execution& ex, std::uint64_t serial, int type, int mfile)
    : kf(ex, serial, type, mfile), cell(heap_of(ex).constructing()) {}

FdFileLayer::FdFileLayer(Execution& ex, fd::FdSystem& sys) : ex_(ex), sys_(sys) {}

kq::FilePtr FdFileLayer::ref_of(fd::File& file) const {
  auto* ext = dynamic_cast<KqFileExt*>(file.ext.get());
  if (ext == nullptr) {
    ex_.fail(
        ViolationKind::Assertion,
        fmt::format("harness: file#{} has no kq part (made outside the composition)", file.handle),
        "composition");
  }
  return kq::FilePtr(heap_of(ex_), ext->cell, &resolve);
}

fd::File* FdFileLayer::file_of(const kq::FilePtr& fp) {
  return static_cast<fd::File*>(fp.unchecked()->layer);
}

fd::FilesStruct* FdFileLayer::files(kq::FdpId fdp) const {
  return fdp == 0 ? nullptr : sys_.files_by_id(fdp);
}

kq::FdpId FdFileLayer::fdp_of(Value pid) {
  fd::FilesStruct* f = sys_.current_files(pid);
  return f == nullptr ? 0 : f->id;
}

kq::FilePtr FdFileLayer::holdfp(kq::FdpId fdp, Value fd, const Holder& h, Site site) {
  fd::FilesStruct* f = files(fdp);
  if (f == nullptr) return {};
  fd::File* file = sys_.fget_raw(*f, fd, h);
  (void)site;
  return file == nullptr ? kq::FilePtr{} : ref_of(*file);
}

void FdFileLayer::lock_table(kq::FdpId fdp, Site site) {
  if (fd::FilesStruct* f = files(fdp)) f->file_lock.lock(site);
}

void FdFileLayer::unlock_table(kq::FdpId fdp, Site site) {
  if (fd::FilesStruct* f = files(fdp)) f->file_lock.unlock(site);
}

kq::FilePtr FdFileLayer::holdfp_locked(kq::FdpId fdp, Value fd, const Holder& h, Site site) {
  fd::FilesStruct* f = files(fdp);
  if (f == nullptr) return {};
  fd::File* file = sys_.fcheck_locked(*f, fd, site);
  if (file == nullptr) return {};
  sys_.get_file(*file, h, site);  // the slot's reference keeps f_count > 0 under file_lock
  return ref_of(*file);
}

void FdFileLayer::fdrop(const kq::FilePtr& fp, const Holder& h, Site site) {
  sys_.fput(*file_of(fp), h, site);
}

void FdFileLayer::transfer(const kq::FilePtr& fp, const Holder& from, const Holder& to, Site site) {
  file_of(fp)->f_count.transfer(from, to, site);
}

// fd_closedcounter read without the lock (K818, K1147): one step, ordered against the lock's
// critical sections (which is where the counter changes) for the search.
Value FdFileLayer::closedcounter(kq::FdpId fdp, Site site) {
  fd::FilesStruct* f = files(fdp);
  if (f == nullptr) return 0;
  PendingOp op(OpKind::Load, f->closedcounter.id(), AccessKind::Read, site);
  op.accesses.add({f->file_lock.id(), AccessKind::Read});
  if (f->cell() != nullptr) op.accesses.add({f->cell()->id, AccessKind::Read});
  ex_.visible(op);
  f->touch(site);
  const auto v = static_cast<Value>(f->closedcounter.peek());
  ex_.last_event().value = v;
  return v;
}

// checkfdclosed (spec §4): cc still current, or fd still maps to fp, under file_lock.
int FdFileLayer::checkfdclosed(kq::FdpId fdp, Value fd, const kq::FilePtr& fp, Value cc,
                               Site site) {
  fd::FilesStruct* f = files(fdp);
  if (f == nullptr) return kq::kEBADF;
  f->file_lock.lock(site);
  int error = 0;
  if (static_cast<Value>(f->closedcounter.get(site)) != cc) {
    fd::File* now = sys_.fcheck_locked(*f, fd, site);
    if (now == nullptr || !(ref_of(*now) == fp)) error = kq::kEBADF;
  }
  f->file_lock.unlock(site);
  return error;
}

kq::FilePtr FdFileLayer::falloc(Value pid, int type, int mfile, const Holder& h, Value& fd,
                                int& error, Site site) {
  fd::FilesStruct* f = sys_.current_files(pid);
  if (f == nullptr) {
    error = -fd::kESRCH;
    return {};
  }
  const Value r = sys_.get_unused_fd_flags(*f, 0);
  if (r < 0) {
    error = static_cast<int>(r);
    return {};
  }
  fd::FileSpec spec;
  spec.type = fd_type(type);
  const std::uint64_t serial = next_serial_++;
  spec.make_ext = [serial, type, mfile](Execution& ex) -> std::unique_ptr<fd::FileExt> {
    return std::make_unique<KqFileExt>(ex, serial, type, mfile);
  };
  fd::File* file = sys_.create_file(spec, h, site);
  if (file == nullptr) {
    sys_.put_unused_fd(*f, r);
    error = -fd::kENOMEM;
    return {};
  }
  kq::FilePtr fp = ref_of(*file);
  fp.unchecked()->layer = file;
  if (kq_ != nullptr) kq_->bind_file(fp);
  all_.push_back(fp);
  fd = r;
  return fp;
}

void FdFileLayer::fsetfd(Value pid, Value fd, const kq::FilePtr& fp, const Holder& h, Site site) {
  fd::FilesStruct* f = sys_.current_files(pid);
  (void)site;
  if (f == nullptr) {
    ex_.fail(ViolationKind::Assertion, "harness: fsetfd after the process lost its table",
             "fsetfd");
  }
  sys_.fd_install(*f, fd, *file_of(fp), h);
}

bool FdFileLayer::peek_installed(kq::FdpId fdp, Value fd, const kq::FilePtr& fp) const {
  if (!fp.live()) return false;
  const Holder slot{fd::kHolderSlot, fdp, fd, false};
  for (const Holder& h : file_of(fp)->f_count.holders())
    if (h.same(slot)) return true;
  return false;
}

bool FdFileLayer::peek_fdp_live(kq::FdpId fdp) const {
  const fd::FilesStruct* f = files(fdp);
  if (f == nullptr || f->dead) return false;
  return f->cell() != nullptr && f->cell()->live;
}

}  // namespace kmc::cross
