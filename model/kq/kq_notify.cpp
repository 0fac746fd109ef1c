// Event delivery and teardown: knote() (K1729-1798) with its verification hack, knote_fdclose
// (K1863-1894), knote_assume_knotes (K1830-1858), kqueue_init/terminate (K684-718) and
// kqueue_close (K1625-1637); and the model event sources.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/kq/kq.hpp"

namespace kmc::kq {

void Kq::knote(Klist& list, long hint) {
  list.token().get("K1736");
  // KQ-I11 (ghost): the knotes on the list when the call starts, and how often each got the hint,
  // by serial: a knote freed and reallocated at the same address during the call is another knote.
  std::vector<std::uint64_t> at_start;
  if (hint != 0)
    for (const Knote* k : list.peek_all()) at_start.push_back(k->serial);
  std::map<std::uint64_t, int> hinted;
restart:
  for (KnPtr kn = list.first("K1738"); kn; kn = list.next(kn, "K1738")) {
    const KqPtr kq = kn.at("K1739").kn_kq.get("K1739");
    Token& kqtok = kq_token(kq);
    kqtok.get("K1740");
    if (!params_.nohack) {
      // The temporary verification hack (K1742-1750): kn may have left the list while the kq
      // token was contended (the list token was given up meanwhile).
      KnPtr kntmp;
      for (kntmp = list.first("K1743"); kntmp; kntmp = list.next(kntmp, "K1743"))
        if (kn == kntmp) break;
      if (kn != kntmp || kn.at("K1747").kn_kq.get("K1747") != kq) {
        kqtok.release("K1748");
        goto restart;
      }
    }
    if (status(kn, "K1752") & KN_PROCESSING) {
      if (hint == 0) {
        status_set(kn, KN_REPROCESS, "K1759");
        kqtok.release("K1760");
        continue;
      }
      status_set(kn, KN_WAITING | KN_REPROCESS, "K1773");
      // Not documented as timeout-driven: the wait is there so that the hint is not lost
      // (K1764-1771), i.e. for knote_release's wakeup (K228-230); a forced timeout is flagged.
      const std::string chan_name = kn_name(kn);
      const SleepResult r = tsleep({kn.cell(), 0}, chan_name, "knotec", /*timeout=*/true,
                                   /*pcatch=*/false, "K1774");
      strict_timeout(r, /*documented=*/false, chan_name, "knotec", "K1774");
      kqtok.release("K1775");
      goto restart;
    }
    status_set(kn, KN_PROCESSING, "K1786");
    if ((status(kn, "K1787") & KN_DELETING) == 0) {
      if (hint != 0 && ++hinted[kn.unchecked()->serial] > 1) {
        ex_.warn(ViolationKind::Invariant,
                 fmt::format("KQ-I11: {} gets filter_event(hint {:#x}) a second time in one "
                             "knote() call (the scan restarted)",
                             kn_name(kn), static_cast<unsigned long>(hint)),
                 "K1788");
      }
      if (filter_event(kn, hint, "K1788")) knote_activate(kn, "K1789");
    }
    if (knote_release(kn)) {
      kqtok.release("K1792");
      goto restart;
    }
    kqtok.release("K1795");
  }
  if (hint != 0) {
    for (const std::uint64_t serial : at_start) {
      const Knote* k = list.peek_find(serial);
      if (k == nullptr || hinted.count(serial) != 0) continue;
      if (k->kn_status.peek() & (KN_DETACHED | KN_DELETING)) continue;
      ex_.warn(ViolationKind::Invariant,
               fmt::format("KQ-I11: knote#{} stays on {} but never got filter_event(hint {:#x})",
                           serial, list.name(), static_cast<unsigned long>(hint)),
               "K1797");
    }
  }
  list.token().release("K1797");
}

void Kq::knote_fdclose(const FilePtr& fp, FdpId fdp, Value fd) {
  Klist& fl = fp.at("K1870").f_klist;
  fl.token().get("K1870");
restart:
  for (KnPtr kn = fl.first("K1872"); kn; kn = fl.next(kn, "K1872")) {
    const KqPtr kq0 = kn.at("K1873").kn_kq.get("K1873");
    if (kq0.at("K1873").kq_fdp == fdp && kn->kn_id.get("K1873") == fd) {
      const KqPtr kq = kn.at("K1874").kn_kq.get("K1874");
      Token& kqtok = kq_token(kq);
      kqtok.get("K1875");
      KnPtr kntmp;
      for (kntmp = fl.first("K1878"); kntmp; kntmp = fl.next(kntmp, "K1878"))
        if (kn == kntmp) break;
      if (kn != kntmp || kn.at("K1882").kn_kq.get("K1882").at("K1882").kq_fdp != fdp ||
          kn->kn_id.get("K1883") != fd || kn->kn_kq.get("K1883") != kq) {
        kqtok.release("K1884");
        goto restart;
      }
      if (knote_acquire(kn)) knote_detach_and_drop(kn);
      kqtok.release("K1889");
      goto restart;
    }
  }
  fl.token().release("K1893");
}

void Kq::knote_assume_knotes(Klist& src, Klist& dst, const FilterOps* ops, int hook) {
  src.token().get("K1837");
  dst.token().get("K1838");
  for (;;) {
    const KnPtr kn = src.first("K1839");
    if (!kn) break;
    const KqPtr kq = kn.at("K1840").kn_kq.get("K1840");
    Token& kqtok = kq_token(kq);
    kqtok.get("K1841");
    if (src.first("K1842") != kn || kn.at("K1842").kn_kq.get("K1842") != kq) {
      kqtok.release("K1843");
      continue;
    }
    if (knote_acquire(kn)) {
      knote_remove(src, kn);
      kn.at("K1848").kn_fop.set(ops, "K1848");
      kn->hook_mfile.set(hook, "K1849");
      knote_insert(dst, kn);
      (void)knote_release(kn);
    }
    kqtok.release("K1854");
  }
  dst.token().release("K1856");
  src.token().release("K1857");
}

void Kq::kqueue_init(const KqPtr& kq) {
  // K687-691 on memory that kmalloc(M_ZERO) just returned and nobody else can see yet: the empty
  // lists, kq_count = 0 and kq_fdp were set by the constructor, so no step is needed.
  (void)kq.at("K687");
}

void Kq::kqueue_terminate(const KqPtr& kq) {
  Token& tok = kq_token(kq);
  tok.get("K706");
  for (;;) {
    const KnPtr kn = kq.at("K707").kq_knlist.first("K707");
    if (!kn) break;
    if (knote_acquire(kn)) knote_detach_and_drop(kn);
  }
  tok.release("K711");
  const HashPtr hash = kq.at("K713").kq_knhash.get("K713");
  if (hash) {
    // hashdestroy panics when a bucket is not empty.
    for (const auto& bucket : hash.at("K714").buckets) {
      if (bucket->first("K714")) {
        ex_.fail(ViolationKind::Assertion, "panic: hashdestroy: hash not empty", "K714");
      }
    }
    heap_of(ex_).free(hash.cell(), "K714");
    kq->kq_knhash.set(HashPtr{}, "K715");
    kq->kq_knhashmask.set(0, "K716");
  }
}

int Kq::kqueue_close(const FilePtr& fp) {
  const KqPtr kq = fp.at("K1628").f_data.get("K1628");
  kqueue_terminate(kq);
  fp.at("K1632").f_data.set(KqPtr{}, "K1632");
  // funsetown (not in seed): an owner that FIOSETOWN recorded is forgotten.
  if (kq.at("K1633").kq_sigio.get("K1633") != 0) kq->kq_sigio.set(0, "K1633");
  // KQ-I12: what must hold when the kqueue memory is freed.
  Kqueue& q = kq.at("K1635");
  std::string broken;
  if (!q.kq_knlist.peek_empty()) broken += " kq_knlist is not empty;";
  for (const KnPtr& kn : q.kq_knpend.peek_all())
    if (!kn.unchecked()->is_marker)
      broken += fmt::format(" knote#{} is still queued;", kn.unchecked()->serial);
  if (q.kq_count.peek() != 0) broken += fmt::format(" kq_count = {};", q.kq_count.peek());
  if (!q.ki_note.peek_empty()) broken += " ki_note is not empty;";
  if (q.in_kevent != 0) broken += fmt::format(" {} thread(s) inside kern_kevent;", q.in_kevent);
  if (callouts_.busy_for(q.serial)) broken += " a callout still refers to one of its knotes;";
  if (!broken.empty()) {
    ex_.warn(ViolationKind::Invariant, fmt::format("KQ-I12 at kfree(kq#{}):{}", q.serial, broken),
             "K1635");
  }
  kqueues_.erase(std::remove(kqueues_.begin(), kqueues_.end(), kq), kqueues_.end());
  heap_of(ex_).free(kq.cell(), "K1635");
  return 0;
}

void Kq::mfile_set_readable(int index, int value) {
  MFile& m = mfile(index);
  m.readable.store(value, "mfile_set_readable");
  knote(m.note, 0);
}

void Kq::fs_event(long hint) {
  knote(fs_klist_, hint);
}

void Kq::mfile_assume(int src, int dst) {
  knote_assume_knotes(mfile(src).note, mfile(dst).note, &mfile_ops_, dst);
}

}  // namespace kmc::kq
