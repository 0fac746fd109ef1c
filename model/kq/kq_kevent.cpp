// The system calls: sys_kqueue (K723-746), sys_kevent (K1037-1075) and kern_kevent (K796-1032)
// with its registration batches, error posting, marker, sleep and scan loop.
#include <fmt/format.h>

#include <algorithm>

#include "model/kq/kq.hpp"

namespace kmc::kq {

int Kq::copy_fault(Site site, const char* what) {
  // Without fault injection a copyin/copyout touches no shared state, so it commutes with every
  // other step and is not made a scheduling point.
  (void)what;
  if (!params_.fault_injection) return 0;
  return ex_.choose(2, site) == 1 ? kEFAULT : 0;
}

Value Kq::sys_kqueue(Value pid) {
  const ThreadId me = ex_.current();
  const Holder falloc_ref{"falloc", me, static_cast<Value>(next_serial_), true};
  Value fd = -1;
  int error = 0;
  const FilePtr fp = files_.falloc(pid, DTYPE_KQUEUE, -1, falloc_ref, fd, error, "K731");
  if (!fp) return error;
  // K734-736: f_flag, f_type and f_ops were set by falloc for DTYPE_KQUEUE.
  const FdpId fdp = files_.fdp_of(pid);
  const KqPtr kq =
      make<Kqueue>(ex_, "kqueue", "K738", /*may_sleep=*/true, ex_, next_serial_++, fdp);
  (void)kq_token(kq);  // the pool token and sleep channels of this address, made by its creator
  (void)chan({kq.cell(), 0}, fmt::format("kq#{}", kq->serial));
  (void)chan({kq.cell(), 1}, fmt::format("kq#{}.kq_regtd", kq->serial));
  kq->ki_note.bind(tokens_.of({kq.cell(), 1}, fmt::format("pool(kq#{}.ki_note)", kq->serial)));
  kqueues_.push_back(kq);
  kqueue_init(kq);
  fp.at("K740").f_data.set(kq, "K740");
  files_.fsetfd(pid, fd, fp, falloc_ref, "K742");  // fsetfd + fdrop (K742-744)
  return fd;
}

Value Kq::sys_kevent(Value pid, Value kqfd, std::vector<KEvent> changes, int nevents, Value timeout,
                     std::vector<KEvent>* out) {
  if (timeout >= 0) {
    if (const int error = copy_fault("K1048", "copyin"); error != 0) return error;
  }
  const ThreadId me = ex_.current();
  const Holder ref{"kevent", me, static_cast<Value>(next_serial_++), true};
  const FdpId fdp = files_.fdp_of(pid);
  const FilePtr fp = files_.holdfp(fdp, kqfd, ref, "K1055");
  if (!fp) return kEBADF;
  if (fp.at("K1058").f_type != DTYPE_KQUEUE) {
    files_.fdrop(fp, ref, "K1059");
    return kEBADF;
  }
  const KqPtr kq = fp.at("K1063").f_data.get("K1063");
  Value res = 0;
  const int error = kern_kevent(kq, nevents, &res, changes, timeout, out);
  files_.fdrop(fp, ref, "K1072");  // dropfp
  return error != 0 ? error : res;
}

int Kq::kern_kevent(const KqPtr& kq, int nevents, Value* res, std::vector<KEvent>& changes,
                    Value timeout, std::vector<KEvent>* out) {
  int nerrors = 0;
  long limit = params_.kq_checkloop;
  *res = 0;
  ++kq.at("K816").in_kevent;
  struct Leave {
    const KqPtr& kq;
    ~Leave() {
      if (kq.live()) --kq.unchecked()->in_kevent;
    }
  } leave{kq};

  const Value closedcounter = files_.closedcounter(kq.at("K818").kq_fdp, "K818");
  const std::size_t nev = static_cast<std::size_t>(params_.kq_nevents);
  std::vector<KEvent> kev(nev);
  std::size_t pchanges = 0;
  const auto copyout = [&](std::size_t from, int count, Site site) {
    if (const int error = copy_fault(site, "copyout"); error != 0) {
      *res = -1;
      return error;
    }
    if (out != nullptr)
      out->insert(out->end(), kev.begin() + static_cast<long>(from),
                  kev.begin() + static_cast<long>(from) + count);
    *res += count;
    return 0;
  };

  // Registration (K820-859).
  for (;;) {
    const std::size_t n = std::min(changes.size() - pchanges, nev);
    if (n > 0) {
      if (const int error = copy_fault("K822", "copyin"); error != 0) return error;
    }
    if (n == 0) break;
    std::copy_n(changes.begin() + static_cast<long>(pchanges), n, kev.begin());
    pchanges += n;
    for (std::size_t i = 0; i < n; ++i) kev[i].flags &= ~EV_SYSFLAGS;
    for (std::size_t i = 0; i < n; ++i) {
      int gobbled = static_cast<int>(n - i);
      const int error = kqueue_register(kq, &kev[i], &gobbled);
      i += static_cast<std::size_t>(gobbled - 1);
      KEvent& kevp = kev[i];
      if (error != 0 || (kevp.flags & EV_RECEIPT)) {
        kevp.flags = EV_ERROR;
        kevp.data = error;
        const Value lres = *res;
        (void)copyout(i, 1, "K850");
        if (*res < 0) return error;
        if (lres != *res) {
          --nevents;
          ++nerrors;
        }
      }
    }
  }
  if (nerrors != 0) return 0;

  // Collect events (K888-1026).
  int total = 0;
  int error = 0;
  const StackObject<Knote> marker_mem(ex_, "marker", "K890", ex_, next_marker_++, "marker");
  const KnPtr& marker = marker_mem.ptr();
  init_marker(marker, "K890", "K891");
  Token& tok = kq_token(kq);
  tok.get("K893");
  kq.at("K894").kq_knpend.insert_tail(marker, "K894");
  tok.release("K895");
  const auto move_marker_to_tail = [&](Site remove_site, Site insert_site) {
    kq.at(remove_site).kq_knpend.remove(marker, remove_site);
    kq->kq_knpend.insert_tail(marker, insert_site);
  };
  std::map<std::uint64_t, int> seen;  // KQ-I10: knotes returned by this call
  int n = 0;
  while ((n = nevents - total) > 0) {
    if (n > params_.kq_nevents) n = params_.kq_nevents;
    if (kq.at("K908").kq_count.load("K908") == 0 && *res == 0) {
      if (timeout == 0) {
        error = kEWOULDBLOCK;
        break;
      }
      tok.get("K945");
      if (kq.at("K946").kq_count.load("K946") == 0) {
        unsigned cnt = kq->kq_sleep_cnt.get("K947") + 1;
        if (cnt == 0) cnt = 2;  // K948-954
        kq->kq_sleep_cnt.set(cnt, "K947");
        kqread_sleepers_[ex_.current()] = kq;
        const std::string chan_name = fmt::format("kq#{}", kq->serial);
        const SleepResult r = tsleep({kq.cell(), 0}, chan_name, "kqread",
                                     /*timeout=*/timeout > 0, /*pcatch=*/true, "K961");
        kqread_sleepers_.erase(ex_.current());
        // The caller's timeout (K909-928) is timeout-driven by definition, unless an event is
        // queued: then kqueue_wakeup (K1640-1652) should have ended the sleep (KQ-I13).
        const int queued = kq.unchecked()->kq_count.peek();
        strict_timeout(r, /*documented=*/queued == 0, chan_name, "kqread", "K961", queued);
        error = r == SleepResult::Woken ? 0 : timed_out(r) ? kEWOULDBLOCK : kEINTR;
        if (error != 0) {
          tok.release("K969");
          break;
        }
        move_marker_to_tail("K973", "K974");
      }
      tok.release("K977");
    }
    const int i = kqueue_scan(kq, kev, n, marker, closedcounter, seen);
    if (i != 0) {
      const Value lres = *res;
      error = copyout(0, i, "K987");
      total += static_cast<int>(*res - lres);
      if (error != 0) break;
    }
    if (limit != 0 && --limit == 0) {
      ex_.fail(ViolationKind::Assertion, fmt::format("panic: kqueue: checkloop failed i={}", i),
               "K993");
    }
    if (i < n && *res != 0) break;
    if (i == 0) {
      tok.get("K1018");
      move_marker_to_tail("K1019", "K1020");
      tok.release("K1021");
    }
  }
  tok.get("K1024");
  kq.at("K1025").kq_knpend.remove(marker, "K1025");
  tok.release("K1026");
  if (error == kEWOULDBLOCK) error = 0;
  return error;
}

}  // namespace kmc::kq
