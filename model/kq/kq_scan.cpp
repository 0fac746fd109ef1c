// kqueue_scan (K1428-1553): walks kq_knpend from a local marker at the head up to the caller's
// marker, acquiring each knote, taking it off the queue into the "limbo" state, checking for a
// closed descriptor, running the filter and posting the event (ONESHOT, CLEAR, DISPATCH, level).
#include <fmt/format.h>

#include <algorithm>

#include "model/kq/kq.hpp"

namespace kmc::kq {

namespace {
// Index of a marker on kq_knpend, or npos.
std::size_t find_marker(const std::vector<PendEntry>& pend, std::uint64_t marker) {
  for (std::size_t i = 0; i < pend.size(); ++i)
    if (pend[i].marker == marker) return i;
  return std::string::npos;
}
}  // namespace

int Kq::kqueue_scan(const KqPtr& kq, std::vector<KEvent>& kevp, int count, std::uint64_t marker,
                    Value closedcounter, std::map<std::uint64_t, int>& seen) {
  int total = 0;
  const std::uint64_t local_marker = next_marker_++;
  Token& tok = kq_token(kq);
  tok.get("K1440");
  {
    auto& pend = kq.at("K1445").kq_knpend.mutate("K1445");
    pend.insert(pend.begin(), PendEntry{KnPtr{}, local_marker});
  }
  while (count != 0) {
    KnPtr kn;
    {
      const auto& pend = kq.at("K1447").kq_knpend.get("K1447");
      const std::size_t at = find_marker(pend, local_marker);
      if (at == std::string::npos || at + 1 >= pend.size()) {
        ex_.fail(ViolationKind::Assertion,
                 "TAILQ_NEXT(&local_marker) is NULL: the scan ran past the end of kq_knpend",
                 "K1447");
      }
      const PendEntry next = pend[at + 1];
      if (next.marker != 0) {  // kn->kn_filter == EVFILT_MARKER (K1448)
        if (next.marker == marker) break;
        // Move the local marker past another thread's marker (K1454-1456).
        auto& mpend = kq->kq_knpend.mutate("K1455");
        const std::size_t other = find_marker(mpend, next.marker);
        if (other + 1 >= mpend.size()) {
          ex_.fail(ViolationKind::Assertion,
                   "TAILQ_INSERT_BEFORE(NULL): nothing follows another thread's marker", "K1456");
        }
        const PendEntry after = mpend[other + 1];
        mpend.erase(mpend.begin() + static_cast<long>(find_marker(mpend, local_marker)));
        mpend.insert(std::find(mpend.begin(), mpend.end(), after), PendEntry{KnPtr{}, local_marker});
        continue;
      }
      kn = next.kn;
    }
    if (kn.at("K1448").kn_filter.get("K1448") == EVFILT_MARKER) {
      ex_.fail(ViolationKind::Assertion, "a knote with EVFILT_MARKER on kq_knpend", "K1448");
    }
    if (knote_acquire(kn) == 0) continue;

    // Off the queue, but KN_QUEUED stays set: the "limbo" state (K1476-1477).
    {
      auto& pend = kq.at("K1476").kq_knpend.mutate("K1476");
      const auto it = std::find(pend.begin(), pend.end(), PendEntry{kn, 0});
      if (it == pend.end()) {
        ex_.fail(ViolationKind::Assertion,
                 fmt::format("TAILQ_REMOVE: {} is not on kq_knpend", kn_name(kn)), "K1476");
      }
      pend.erase(it);
    }
    (void)kq->kq_count.add(-1, "K1477");
    kn.at("K1476").in_limbo = true;

    Knote& k = kn.at("K1489");
    if ((k.kn_fop.get("K1489")->flags & FILTEROP_ISFD) &&
        files_.checkfdclosed(kq.at("K1490").kq_fdp, k.kn_id.get("K1490"), k.kn_fp.get("K1491"),
                             closedcounter, "K1490") != 0) {
      status_set(kn, KN_DELETING | KN_REPROCESS, "K1492");
    }

    if (status(kn, "K1495") & KN_DISABLED) {
      status_clear(kn, KN_QUEUED, "K1501");
    } else if ((kn.at("K1502").kn_flags.get("K1502") & EV_ONESHOT) == 0 &&
               (status(kn, "K1503") & KN_DELETING) == 0 && filter_event(kn, 0) == 0) {
      status_clear(kn, KN_QUEUED | KN_ACTIVE, "K1510");
    } else {
      // Post the event (K1515-1521).
      KEvent& ev = kevp[static_cast<std::size_t>(total)];
      Knote& p = kn.at("K1515");
      if (p.kn_fop.get("K1515") == &user_filtops_) {
        filt_usertouch(kn, &ev, /*register=*/false);
      } else {
        ev = KEvent{p.kn_id.get("K1518"),     p.kn_filter.get("K1518"), p.kn_flags.get("K1518"),
                    p.kn_fflags.get("K1518"), p.kn_data.get("K1518"),   p.kn_udata.get("K1518")};
      }
      ++total;
      --count;
      ++p.delivered;
      if (++seen[p.serial] > 1) {
        ex_.warn(ViolationKind::Invariant,
                 fmt::format("KQ-I10: one kevent call returns {} twice", kn_name(kn)), "K1519");
      }
      const unsigned flags = p.kn_flags.get("K1523");
      if (flags & EV_ONESHOT) {
        if (p.oneshot_posted) {
          ex_.warn(ViolationKind::Invariant,
                   fmt::format("KQ-I10: EV_ONESHOT {} delivered a second time", kn_name(kn)),
                   "K1523");
        }
        p.oneshot_posted = true;
        status_clear(kn, KN_QUEUED, "K1524");
        status_set(kn, KN_DELETING | KN_REPROCESS, "K1525");
      } else if (flags & (EV_CLEAR | EV_DISPATCH)) {
        if (flags & EV_CLEAR) {
          p.kn_data.set(0, "K1529");
          p.kn_fflags.set(0, "K1530");
        }
        if (flags & EV_DISPATCH) status_set(kn, KN_DISABLED, "K1533");
        status_clear(kn, KN_QUEUED | KN_ACTIVE, "K1535");
      } else {
        kq.at("K1538").kq_knpend.mutate("K1538").push_back(PendEntry{kn, 0});
        (void)kq->kq_count.add(1, "K1539");
      }
    }
    kn.at("K1547").in_limbo = false;
    (void)knote_release(kn);
  }
  {
    auto& pend = kq.at("K1549").kq_knpend.mutate("K1549");
    pend.erase(pend.begin() + static_cast<long>(find_marker(pend, local_marker)));
  }
  tok.release("K1551");
  return total;
}

}  // namespace kmc::kq
