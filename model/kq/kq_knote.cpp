// The knote primitives of kern_event.c: the KN_PROCESSING protocol (knote_acquire/release,
// K200-247), activation and the pending queue (K161-165, K1961-1995), kqueue_wakeup (K1639-1652),
// attach/drop (K1902-1953), detach (K1683-1695), the filter wrappers (K1660-1719), klist
// insert/remove (K1806-1828) and the knote cache (K1997-2017).
#include <fmt/format.h>

#include <algorithm>

#include "model/kq/kq.hpp"

namespace kmc::kq {

int Kq::knote_acquire(const KnPtr& kn) {
  if (status(kn, "K203") & KN_PROCESSING) {
    status_set(kn, KN_WAITING | KN_REPROCESS, "K204");
    // tsleep(kn, 0, "kqepts", hz): every token is released while sleeping; kn may be stale after.
    const std::string chan_name = kn_name(kn);
    const SleepResult r =
        tsleep({kn.cell(), 0}, chan_name, "kqepts", /*timeout=*/true, /*pcatch=*/false, "K205");
    // Timeout-driven where the seed says the knote may be stale on return (K194-196, K206): its
    // owner freed it (knote_drop K1930-1953 wakes nobody), and only the hz timeout ends the sleep.
    // A knote still there after a forced timeout means its owner never released it.
    strict_timeout(r, /*documented=*/!kn.current(), chan_name, "kqepts", "K205");
    return 0;
  }
  status_set(kn, KN_PROCESSING, "K209");
  return 1;
}

int Kq::knote_release(const KnPtr& kn) {
  while (status(kn, "K226") & KN_REPROCESS) {
    status_clear(kn, KN_REPROCESS, "K227");
    if (status(kn, "K228") & KN_WAITING) {
      status_clear(kn, KN_WAITING, "K229");
      chan({kn.cell(), 0}, kn_name(kn)).wakeup("K230");
    }
    if (status(kn, "K232") & KN_DELETING) {
      knote_detach_and_drop(kn);
      return 1;
    }
    if (filter_event(kn, 0, "K237")) knote_activate(kn, "K238");
  }
  const int ret = (status(kn, "K240") & KN_DETACHED) ? 1 : 0;
  status_clear(kn, KN_PROCESSING, "K244");
  return ret;
}

void Kq::knote_activate(const KnPtr& kn, Site site) {
  status_set(kn, KN_ACTIVE, site);
  if ((status(kn, site) & (KN_QUEUED | KN_DISABLED)) == 0) knote_enqueue(kn);
}

void Kq::knote_enqueue(const KnPtr& kn) {
  const KqPtr kq = kn.at("K1964").kn_kq.get("K1964");
  if (status(kn, "K1966") & KN_QUEUED) {
    ex_.fail(ViolationKind::Assertion, fmt::format("knote_enqueue: {} already queued", kn_name(kn)),
             "K1966");
  }
  kq.at("K1967").kq_knpend.insert_tail(kn, "K1967");
  status_set(kn, KN_QUEUED, "K1968");
  (void)kq.at("K1969").kq_count.add(1, "K1969");
  // SIGIO to the owner FIOSETOWN recorded, when FIOASYNC is on and this is the first queued
  // knote (K1974-1975); the signal runs knote() on the owner's p_klist with this kq's token held.
  const int sigio = kq.at("K1974").kq_sigio.get("K1974");
  if (sigio != 0 && (kq->kq_state.get("K1974") & KQ_ASYNC) && kq->kq_count.load("K1974") == 1) {
    // M-KQ-sigiodefer (kq-6): the caller owns kn, so the signal waits for send_deferred_sigio.
    if (params_.sigiodefer)
      deferred_sigio_[ex_.current()].push_back(sigio);
    else
      pgsigio(sigio);
  }
  kqueue_wakeup(kq);
}

void Kq::knote_dequeue(const KnPtr& kn) {
  const KqPtr kq = kn.at("K1989").kn_kq.get("K1989");
  if (!(status(kn, "K1991") & KN_QUEUED)) {
    ex_.fail(ViolationKind::Assertion, fmt::format("knote_dequeue: {} not queued", kn_name(kn)),
             "K1991");
  }
  kq.at("K1992").kq_knpend.remove(kn, "K1992");
  status_clear(kn, KN_QUEUED, "K1993");
  (void)kq->kq_count.add(-1, "K1994");
}

void Kq::kqueue_wakeup(const KqPtr& kq) {
  Kqueue& q = kq.at("K1642");
  const unsigned sleep_cnt = q.kq_sleep_cnt.get("K1642");
  if (sleep_cnt != 0) {
    q.kq_sleep_cnt.set(0, "K1645");
    WaitChannel& c = chan({kq.cell(), 0}, fmt::format("kq#{}", q.serial));
    if (sleep_cnt == 1)
      c.wakeup_one("K1647");
    else
      c.wakeup("K1649");
  }
  knote(kq.at("K1651").ki_note, 0);
}

int Kq::filter_attach(const KnPtr& kn) {
  const FilterOps* fop = kn.at("K1665").kn_fop.get("K1665");
  if (fop->attach == nullptr) {
    ex_.fail(ViolationKind::Assertion, fmt::format("{}: f_attach is NULL", fop->name), "K1666");
  }
  if (fop->flags & FILTEROP_MPSAFE) return (this->*fop->attach)(kn);
  mplock_.get("K1668");
  const int ret = (this->*fop->attach)(kn);
  mplock_.release("K1670");
  return ret;
}

void Kq::knote_detach_and_drop(const KnPtr& kn) {
  status_set(kn, KN_DELETING | KN_REPROCESS, "K1686");
  const FilterOps* fop = kn.at("K1687").kn_fop.get("K1687");
  if (fop->detach == nullptr) {
    ex_.fail(ViolationKind::Assertion, fmt::format("{}: f_detach is NULL", fop->name), "K1688");
  }
  if (fop->flags & FILTEROP_MPSAFE) {
    (this->*fop->detach)(kn);
  } else {
    mplock_.get("K1690");
    (this->*fop->detach)(kn);
    mplock_.release("K1692");
  }
  knote_drop(kn);
}

int Kq::filter_event(const KnPtr& kn, long hint, Site caller) {
  const FilterOps* fop = kn.at("K1711").kn_fop.get("K1711");
  if (fop->event == nullptr) {
    ex_.fail(ViolationKind::Assertion, fmt::format("{}: f_event is NULL", fop->name), "K1712");
  }
  filter_caller_ = caller;
  if (fop->flags & FILTEROP_MPSAFE) return (this->*fop->event)(kn, hint);
  mplock_.get("K1714");
  const int ret = (this->*fop->event)(kn, hint);
  mplock_.release("K1716");
  return ret;
}

void Kq::knote_insert(Klist& klist, const KnPtr& kn) {
  klist.token().get("K1809");
  if (!(status(kn, "K1810") & KN_PROCESSING)) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("knote_insert: {} is not KN_PROCESSING", kn_name(kn)), "K1810");
  }
  klist.insert_head(kn, "K1811");
  klist.token().release("K1812");
}

void Kq::knote_remove(Klist& klist, const KnPtr& kn) {
  klist.token().get("K1824");
  if (!(status(kn, "K1825") & KN_PROCESSING)) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("knote_remove: {} is not KN_PROCESSING", kn_name(kn)), "K1825");
  }
  klist.remove(kn, "K1826");
  klist.token().release("K1827");
}

void Kq::knote_attach(const KnPtr& kn) {
  Knote& k = kn.at("K1906");
  const KqPtr kq = k.kn_kq.get("K1906");
  Klist* list = nullptr;
  if (k.kn_fop.get("K1908")->flags & FILTEROP_ISFD) {
    const FilePtr fp = k.kn_fp.get("K1909");
    if (!fp) ex_.fail(ViolationKind::Assertion, "knote_attach: ISFD knote without kn_fp", "K1909");
    list = &fp.at("K1910").f_klist;
  } else {
    if (kq.at("K1912").kq_knhashmask.get("K1912") == 0) {
      // hashinit(KN_HASHSIZE, M_KQUEUE, &mask): M_WAITOK, may block (tokens are given up).
      const HashPtr hash =
          make<KnHash>(ex_, "kq_knhash", "K1913", /*may_sleep=*/true, ex_, params_.kn_hashsize);
      for (std::size_t i = 0; i < hash->buckets.size(); ++i) {
        hash->buckets[i]->bind(tokens_.of({hash.cell(), static_cast<int>(i) + 1},
                                          fmt::format("pool(kq_knhash[{}])", i)));
      }
      kq->kq_knhash.set(hash, "K1913");
      kq->kq_knhashmask.set(params_.kn_hashsize - 1, "K1914");
    }
    list = &hash_bucket(kq, k.kn_id.get("K1915"), "K1915");
  }
  list->token().get("K1917");
  list->insert_head(kn, "K1918");
  list->token().release("K1919");
  kq.at("K1920").kq_knlist.insert_head(kn, "K1920");
}

void Kq::knote_drop(const KnPtr& kn) {
  Knote& k = kn.at("K1935");
  const KqPtr kq = k.kn_kq.get("K1935");
  Klist* list = nullptr;
  const bool isfd = (k.kn_fop.get("K1937")->flags & FILTEROP_ISFD) != 0;
  if (isfd)
    list = &k.kn_fp.get("K1938").at("K1938").f_klist;
  else
    list = &hash_bucket(kq, k.kn_id.get("K1940"), "K1940");
  list->token().get("K1942");
  list->remove(kn, "K1943");
  list->token().release("K1944");
  kq.at("K1945").kq_knlist.remove(kn, "K1945");
  if (status(kn, "K1946") & KN_QUEUED) knote_dequeue(kn);
  if (isfd) {
    const FilePtr fp = kn.at("K1949").kn_fp.get("K1949");
    files_.fdrop(fp, Holder{"knote", static_cast<Value>(k.serial), 0, false}, "K1949");
    kn.at("K1950").kn_fp.set(FilePtr{}, "K1950");
  }
  // M-KQ-dropwake (not in seed): wake who waits for the knote, as knote_release would (K228-230).
  if (params_.dropwake && (status(kn, "K1952") & KN_WAITING)) {
    status_clear(kn, KN_WAITING, "K1952");
    chan({kn.cell(), 0}, kn_name(kn)).wakeup("K1952");
  }
  knote_free(kn);
}

KnPtr Kq::knote_alloc(Site site) {
  // kmalloc(M_WAITOK), not zeroed: may block.
  const std::uint64_t serial = next_serial_++;
  KnPtr kn = make<Knote>(ex_, "knote", site, /*may_sleep=*/true, ex_, serial);
  (void)chan({kn.cell(), 0}, kn_name(kn));  // tsleep(kn) channel, made by the allocator
  knotes_.push_back(kn);
  return kn;
}

void Kq::knote_free(const KnPtr& kn) {
  Knote& k = kn.at("K2008");
  k.owner = kNoThread;
  knotes_.erase(std::remove(knotes_.begin(), knotes_.end(), kn), knotes_.end());
  // To the per-CPU cache (crit section) while it has room, else kfree. Either way the knote is
  // freed memory for everyone but the allocator, which may hand the same cell out again.
  cache_step(AccessKind::Write, "K2009");  // the count test and the crit section (K2009-2013)
  if (static_cast<int>(knote_cache_.size()) < KNOTE_CACHE_MAX) {
    knote_cache_.push_back(kn);
    heap_of(ex_).free(kn.cell(), "K2011");
    return;
  }
  heap_of(ex_).free(kn.cell(), "K2016");
}

}  // namespace kmc::kq
