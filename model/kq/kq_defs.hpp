// Constants and small value types of the kq model: the kevent structure, the filter, flag, note
// and knote-status bits of DragonFly's sys/event.h (values as DragonFly defines them; the status
// bits only need to be distinct), and the model's parameters and variant switches.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "checker/types.hpp"

namespace kmc::kq {

// Filters (sys/event.h). The seed indexes sysfilt_ops[] with ~filter (K176-187).
inline constexpr int EVFILT_READ = -1;
inline constexpr int EVFILT_WRITE = -2;
inline constexpr int EVFILT_AIO = -3;
inline constexpr int EVFILT_VNODE = -4;
inline constexpr int EVFILT_PROC = -5;
inline constexpr int EVFILT_SIGNAL = -6;
inline constexpr int EVFILT_TIMER = -7;
inline constexpr int EVFILT_EXCEPT = -8;
inline constexpr int EVFILT_USER = -9;
inline constexpr int EVFILT_FS = -10;
inline constexpr int EVFILT_SYSCOUNT = 10;
inline constexpr int EVFILT_MARKER = 0xF;

// Action and status flags of a kevent.
inline constexpr unsigned EV_ADD = 0x0001;
inline constexpr unsigned EV_DELETE = 0x0002;
inline constexpr unsigned EV_ENABLE = 0x0004;
inline constexpr unsigned EV_DISABLE = 0x0008;
inline constexpr unsigned EV_ONESHOT = 0x0010;
inline constexpr unsigned EV_CLEAR = 0x0020;
inline constexpr unsigned EV_RECEIPT = 0x0040;
inline constexpr unsigned EV_DISPATCH = 0x0080;
inline constexpr unsigned EV_SYSFLAGS = 0xF800;
inline constexpr unsigned EV_FLAG1 = 0x2000;
inline constexpr unsigned EV_NODATA = 0x1000;
inline constexpr unsigned EV_ERROR = 0x4000;
inline constexpr unsigned EV_EOF = 0x8000;

// Filter-specific flags (fflags).
inline constexpr unsigned NOTE_TRIGGER = 0x01000000;
inline constexpr unsigned NOTE_FFNOP = 0x00000000;
inline constexpr unsigned NOTE_FFAND = 0x40000000;
inline constexpr unsigned NOTE_FFOR = 0x80000000;
inline constexpr unsigned NOTE_FFCOPY = 0xc0000000;
inline constexpr unsigned NOTE_FFCTRLMASK = 0xc0000000;
inline constexpr unsigned NOTE_FFLAGSMASK = 0x00ffffff;
inline constexpr unsigned NOTE_EXIT = 0x80000000;
inline constexpr unsigned NOTE_FORK = 0x40000000;
inline constexpr unsigned NOTE_EXEC = 0x20000000;
inline constexpr unsigned NOTE_PCTRLMASK = 0xf0000000;
inline constexpr unsigned NOTE_PDATAMASK = 0x000fffff;
inline constexpr unsigned NOTE_TRACK = 0x00000001;
inline constexpr unsigned NOTE_TRACKERR = 0x00000002;
inline constexpr unsigned NOTE_CHILD = 0x00000004;
// The model signal filter (not in seed): a flag bit of the hint; the low bits carry the signal.
inline constexpr unsigned NOTE_SIGNAL = 0x08000000;

// kn_status bits.
inline constexpr unsigned KN_ACTIVE = 0x01;
inline constexpr unsigned KN_QUEUED = 0x02;
inline constexpr unsigned KN_DISABLED = 0x04;
inline constexpr unsigned KN_DETACHED = 0x08;
inline constexpr unsigned KN_REPROCESS = 0x10;
inline constexpr unsigned KN_DELETING = 0x20;
inline constexpr unsigned KN_PROCESSING = 0x40;
inline constexpr unsigned KN_WAITING = 0x80;

// kq_state bits.
inline constexpr unsigned KQ_ASYNC = 0x02;
inline constexpr unsigned KQ_REGWAIT = 0x10;

// Filter-ops flags (K137-148).
inline constexpr unsigned FILTEROP_ISFD = 0x0001;
inline constexpr unsigned FILTEROP_MPSAFE = 0x0002;

inline constexpr int KNOTE_CACHE_MAX = 8;  // K69

// Errors, positive as the seed returns them.
inline constexpr int kEPERM = 1;
inline constexpr int kESRCH = 3;
inline constexpr int kEINTR = 4;
inline constexpr int kENXIO = 6;
inline constexpr int kEBADF = 9;
inline constexpr int kENOMEM = 12;
inline constexpr int kEACCES = 13;
inline constexpr int kEFAULT = 14;
inline constexpr int kEINVAL = 22;
inline constexpr int kEMFILE = 24;
inline constexpr int kEWOULDBLOCK = 35;
inline constexpr int kEOPNOTSUPP = 45;
inline constexpr int kENOENT = 2;
inline constexpr int kENOTTY = 25;

// Signals and ioctl commands (sys/signal.h, sys/filio.h; not in seed).
inline constexpr int kSIGIO = 23;
inline constexpr unsigned long FIOASYNC = 0x8004667dUL;   // _IOW('f', 125, int)
inline constexpr unsigned long FIOSETOWN = 0x8004667cUL;  // _IOW('f', 124, int)
inline constexpr int kERESTART = -1;

// struct kevent.
struct KEvent {
  Value ident = 0;
  int filter = 0;
  unsigned flags = 0;
  unsigned fflags = 0;
  Value data = 0;
  Value udata = 0;
};

// Parameters and variant switches of the kq model (off = the seed's behaviour).
struct KqParams {
  int kq_nevents = 4;       // KQ_NEVENTS (sys/eventvar.h, not in seed; 8 in DragonFly)
  int kq_calloutmax = 4096;  // K151
  int kn_hashsize = 64;     // KN_HASHSIZE (K167); a power of two
  long kq_checkloop = 1000000;  // K154
  int timer_fires = 1;      // how often a callout may fire in one execution (virtual time bound)
  int token_pool = 0;       // 0: one pool token per object; N: N tokens shared by hashing
  // How often one thread may be blocked by a token held outside the scenario in one execution
  // (counting blocks that let another thread in): a pool token (the pool is the whole kernel's),
  // or the own token of the model file's f_event and fo_close or of pfind/zpfind. 0: only the
  // scenario's threads contend, and those never block (model/kq/README.md).
  int outside_blocks = 1;
  bool mfile_mpsafe = true;  // the model file's filter ops carry FILTEROP_MPSAFE
  bool strict_liveness = true;   // flag sleeps that only a forced timeout ended (KQ-I13 strict)
  bool inherit_kqueue = false;   // fork: the child inherits kqueue descriptors (spec §4 option)
  bool fault_injection = false;  // copyin/copyout kEFAULT, PCATCH sleeps broken by a signal
  // Variants (spec, last section).
  bool nocheckfd = false;    // M-KQ-nocheckfd: no close interlock after filter_attach (K1291)
  bool nohack = false;       // M-KQ-nohack: no verification hack in knote() (K1742-1750)
  bool calloutstop = false;  // M-KQ-calloutstop: filt_timerdetach stops without waiting (K510)
  // Upstream fixes of findings kq-5 and kq-4 (reports/findings/kq.md), and a half fix.
  bool fpfix = false;     // M-KQ-fpfix: drop fp[count-1] before `goto loop` and at `done`
  bool listfix = false;   // M-KQ-listfix: `list` and `kn` start NULL for every change
  bool listonly = false;  // M-KQ-listonly: only `list` starts NULL for every change
  // Fix of finding kq-6: knote_enqueue's SIGIO waits until the thread owns no knote.
  bool sigiodefer = false;  // M-KQ-sigiodefer
  // Fix of finding kq-2: knote_drop wakes the sleepers a KN_WAITING knote still has.
  bool dropwake = false;  // M-KQ-dropwake
  // Fix of finding kq-7: a scan that re-queues a level-triggered knote wakes kqread sleepers.
  bool requeuewake = false;  // M-KQ-requeuewake
};

// Bits that name a kevent change for the helpers below.
[[nodiscard]] constexpr bool is_sysfilter(int filter) {
  return filter < 0 && filter + EVFILT_SYSCOUNT >= 0;
}

// The symbols a scenario may use in Flags arguments of the kq and cross models.
[[nodiscard]] std::vector<std::pair<std::string, Value>> kq_symbols();

}  // namespace kmc::kq
