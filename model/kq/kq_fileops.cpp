// The descriptor operations of a kqueue file (kqueueops, K95-103): kqueue_read, kqueue_write,
// kqueue_ioctl and kqueue_stat (K1562-1620), reached through the system-call glue that holds the
// file for the call (not in seed); and the SIGIO owner that FIOSETOWN records and knote_enqueue
// signals (K1974-1975) through fsetown/pgsigio (not in seed).
#include <fmt/format.h>

#include "model/kq/kq.hpp"

namespace kmc::kq {

Value Kq::sys_fileop(Value pid, Value fd, FileOp op, Value com, Value data) {
  // sys_read / sys_write / sys_ioctl / sys_fstat (not in seed): holdfp, fo_*, fdrop.
  const ThreadId me = ex_.current();
  const Holder ref{"fileop", me, static_cast<Value>(next_serial_++), true};
  const FilePtr fp = files_.holdfp(files_.fdp_of(pid), fd, ref, "fileop: holdfp (not in seed)");
  if (!fp) return op == FileOp::Stat ? -kEBADF : kEBADF;
  Value result = 0;
  if (fp.at("fo_ops").f_type != DTYPE_KQUEUE) {
    // Only a kqueue's fileops are in the seed; the other files of the model have none.
    result = op == FileOp::Stat ? -kEOPNOTSUPP : kEOPNOTSUPP;
  } else {
    switch (op) {
      case FileOp::Read:
        result = kqueue_read(fp);
        break;
      case FileOp::Write:
        result = kqueue_write(fp);
        break;
      case FileOp::Ioctl:
        result = kqueue_ioctl(fp, static_cast<unsigned long>(com), data);
        break;
      case FileOp::Stat:
        result = kqueue_stat(fp);
        break;
    }
  }
  files_.fdrop(fp, ref, "fileop: fdrop (not in seed)");
  return result;
}

// K1562-1565: reading a kqueue is not supported.
int Kq::kqueue_read(const FilePtr& fp) {
  (void)fp;
  return kENXIO;
}

// K1571-1574: nor is writing one.
int Kq::kqueue_write(const FilePtr& fp) {
  (void)fp;
  return kENXIO;
}

int Kq::kqueue_ioctl(const FilePtr& fp, unsigned long com, Value data) {
  const KqPtr kq = fp.at("K1586").f_data.get("K1586");
  Token& tok = kq_token(kq);
  tok.get("K1587");
  int error = 0;
  switch (com) {
    case FIOASYNC: {
      const unsigned state = kq.at("K1590").kq_state.get("K1590");
      kq->kq_state.set(data != 0 ? state | KQ_ASYNC : state & ~KQ_ASYNC, "K1591");
      break;
    }
    case FIOSETOWN:
      error = fsetown(kq, data);  // K1597
      break;
    default:
      error = kENOTTY;  // K1600
      break;
  }
  tok.release("K1603");
  return error;
}

Value Kq::kqueue_stat(const FilePtr& fp) {
  const KqPtr kq = fp.at("K1613").f_data.get("K1613");
  // st_size is kq_count, read without the kq token (K1616).
  return kq.at("K1616").kq_count.load("K1616");
}

int Kq::fsetown(const KqPtr& kq, Value pgid) {
  // fsetown(pgid, &kq->kq_sigio) (not in seed): 0 removes the owner; a positive pgid names a
  // process, which must exist. Process groups (negative pgid) are not modelled.
  if (pgid == 0) {
    kq.at("fsetown").kq_sigio.set(0, "fsetown: funsetown (not in seed)");
    return 0;
  }
  if (pgid < 0) return kESRCH;
  if (procs_.pfind(pgid, "fsetown: pfind (not in seed)") == nullptr) return kESRCH;
  kq.at("fsetown").kq_sigio.set(static_cast<int>(pgid), "fsetown (not in seed)");
  return 0;
}

void Kq::send_deferred_sigio() {
  // A signal may enqueue another knote and so queue another SIGIO: send until none is left.
  auto& pending = deferred_sigio_[ex_.current()];
  while (!pending.empty()) {
    const Value pid = pending.front();
    pending.erase(pending.begin());
    pgsigio(pid);
  }
}

void Kq::pgsigio(Value pid) {
  // pgsigio(sigio, SIGIO, 0) -> ksignal(p, SIGIO) -> KNOTE(&p->p_klist, NOTE_SIGNAL | SIGIO), run
  // by the caller (kern_sig.c, not in seed): the `signal` event source of spec Appendix A.
  KProc* p = procs_.proc_of(pid);
  if (p == nullptr) return;
  knote(p->p_klist, static_cast<long>(NOTE_SIGNAL | kSIGIO));
}

}  // namespace kmc::kq
