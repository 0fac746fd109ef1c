// The descriptor layer kern_event.c expects (spec §4), implemented over the fd model: holdfp is
// fget_raw, fdrop is fput, the filedesc is the files_struct with its closedcounter, falloc/fsetfd
// are __alloc_fd + file creation + fd_install. Every file made here carries the kq part (KFile) as
// its FileExt, so f_klist lives and dies with the file's memory.
#pragma once

#include <memory>
#include <vector>

#include "model/fd/fd_api.hpp"
#include "model/kq/file_layer.hpp"
#include "model/kq/kq.hpp"

namespace kmc::cross {

// The kq part of a struct file, kept in the fd model's File.
class KqFileExt final : public fd::FileExt {
 public:
  KqFileExt(Execution& ex, std::uint64_t serial, int type, int mfile);
  kq::KFile kf;
  CellHeader* cell;  // the File's heap cell (captured while the File is being built)
};

class FdFileLayer final : public kq::FileLayer {
 public:
  FdFileLayer(Execution& ex, fd::FdSystem& sys);
  // The kq module, for binding the pool token of each new file's f_klist.
  void set_kq(kq::Kq& kq) { kq_ = &kq; }

  // The kq view of an fd-model file (every file made through this layer has one).
  [[nodiscard]] kq::FilePtr ref_of(fd::File& file) const;
  [[nodiscard]] static fd::File* file_of(const kq::FilePtr& fp);
  // Every file this layer made (for the leak roots).
  [[nodiscard]] const std::vector<kq::FilePtr>& all_files() const { return all_; }

  [[nodiscard]] kq::FdpId fdp_of(Value pid) override;
  [[nodiscard]] kq::FilePtr holdfp(kq::FdpId fdp, Value fd, const Holder& h, Site site) override;
  void lock_table(kq::FdpId fdp, Site site) override;
  void unlock_table(kq::FdpId fdp, Site site) override;
  [[nodiscard]] kq::FilePtr holdfp_locked(kq::FdpId fdp, Value fd, const Holder& h,
                                          Site site) override;
  void fdrop(const kq::FilePtr& fp, const Holder& h, Site site) override;
  void transfer(const kq::FilePtr& fp, const Holder& from, const Holder& to, Site site) override;
  [[nodiscard]] Value closedcounter(kq::FdpId fdp, Site site) override;
  [[nodiscard]] int checkfdclosed(kq::FdpId fdp, Value fd, const kq::FilePtr& fp, Value cc,
                                  Site site) override;
  [[nodiscard]] kq::FilePtr falloc(Value pid, int type, int mfile, const Holder& h, Value& fd,
                                   int& error, Site site) override;
  void fsetfd(Value pid, Value fd, const kq::FilePtr& fp, const Holder& h, Site site) override;
  [[nodiscard]] bool peek_installed(kq::FdpId fdp, Value fd, const kq::FilePtr& fp) const override;
  [[nodiscard]] bool peek_fdp_live(kq::FdpId fdp) const override;

 private:
  [[nodiscard]] fd::FilesStruct* files(kq::FdpId fdp) const;

  Execution& ex_;
  fd::FdSystem& sys_;
  kq::Kq* kq_ = nullptr;
  std::uint64_t next_serial_ = 1;
  std::vector<kq::FilePtr> all_;
};

}  // namespace kmc::cross
