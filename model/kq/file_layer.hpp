// What kern_event.c needs from the world around it (not in seed): the descriptor layer (holdfp,
// fdrop, checkfdclosed, closedcounter, falloc/fsetfd for sys_kqueue) and the process table (pfind,
// zpfind). The composition (spec §4) implements them over the fd model; tests may use a small one.
#pragma once

#include <functional>

#include "checker/primitives/refcount.hpp"
#include "model/kq/knote.hpp"

namespace kmc::kq {

// Identity of a descriptor table (DragonFly struct filedesc, Linux files_struct); 0 is none.
using FdpId = Value;

class FileLayer {
 public:
  virtual ~FileLayer() = default;
  // td->td_proc->p_fd of process `pid` (kNoFdp-like 0 when the process has none).
  [[nodiscard]] virtual FdpId fdp_of(Value pid) = 0;
  // holdfp(td, fd, -1): the file at `fd` of `fdp` with one more reference held by `h`, or null.
  [[nodiscard]] virtual FilePtr holdfp(FdpId fdp, Value fd, const Holder& h, Site site) = 0;
  // spin_lock_shared / spin_unlock_shared(&fdp->fd_spin) around holdfp_fdp_locked (K1094, K1116).
  virtual void lock_table(FdpId fdp, Site site) = 0;
  virtual void unlock_table(FdpId fdp, Site site) = 0;
  // holdfp_fdp_locked: as holdfp, with the table lock held by the caller (never blocks).
  [[nodiscard]] virtual FilePtr holdfp_locked(FdpId fdp, Value fd, const Holder& h, Site site) = 0;
  // fdrop: drops `h`'s reference; the last one closes the file (kqueue_close for a kqueue, through
  // the close hook) and frees it. May block.
  virtual void fdrop(const FilePtr& fp, const Holder& h, Site site) = 0;
  // Moves a reference between ghost holders (no step).
  virtual void transfer(const FilePtr& fp, const Holder& from, const Holder& to, Site site) = 0;
  // fdp->fd_closedcounter, read without a lock (one step).
  [[nodiscard]] virtual Value closedcounter(FdpId fdp, Site site) = 0;
  // checkfdclosed(td, fdp, fd, fp, cc): 0 when cc is still current or fd still maps to fp, else
  // kEBADF (spec §4).
  [[nodiscard]] virtual int checkfdclosed(FdpId fdp, Value fd, const FilePtr& fp, Value cc,
                                          Site site) = 0;
  // falloc: a new file of `type` with one reference held by `h` and a reserved descriptor in the
  // caller's table, written to `fd`; null (with `error` set) on failure.
  [[nodiscard]] virtual FilePtr falloc(Value pid, int type, int mfile, const Holder& h, Value& fd,
                                       int& error, Site site) = 0;
  // fsetfd + fdrop: installs `fp` at the reserved `fd`; `h`'s reference becomes the table's.
  virtual void fsetfd(Value pid, Value fd, const FilePtr& fp, const Holder& h, Site site) = 0;
  // Whether `fp` is installed at `fd` of `fdp` now, without a step (for end checks).
  [[nodiscard]] virtual bool peek_installed(FdpId fdp, Value fd, const FilePtr& fp) const = 0;
  // Whether the table is still alive (for end checks).
  [[nodiscard]] virtual bool peek_fdp_live(FdpId fdp) const = 0;
};

class ProcLayer {
 public:
  virtual ~ProcLayer() = default;
  // pfind(pid): a running process (PHOLD'd), or null. One step.
  [[nodiscard]] virtual KProc* pfind(Value pid, Site site) = 0;
  // zpfind(pid): a zombie process, or null. One step.
  [[nodiscard]] virtual KProc* zpfind(Value pid, Site site) = 0;
  // curproc of a thread of process `pid` (no lookup, no step); null when there is none.
  [[nodiscard]] virtual KProc* proc_of(Value pid) = 0;
};

}  // namespace kmc::kq
