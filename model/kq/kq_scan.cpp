// kqueue_scan (K1428-1553): walks kq_knpend from a local marker at the head up to the caller's
// marker, acquiring each knote, taking it off the queue into the "limbo" state, checking for a
// closed descriptor, running the filter and posting the event (ONESHOT, CLEAR, DISPATCH, level).
#include <fmt/format.h>

#include <algorithm>

#include "model/kq/kq.hpp"

namespace kmc::kq {

void Kq::init_marker(const KnPtr& marker, Site filter_site, Site status_site) {
  Knote& m = *marker.unchecked();
  m.is_marker = true;
  m.kn_filter.set(EVFILT_MARKER, filter_site);
  m.kn_status.set(KN_PROCESSING, status_site);
}

int Kq::kqueue_scan(const KqPtr& kq, std::vector<KEvent>& kevp, int count, const KnPtr& marker,
                    Value closedcounter, std::map<std::uint64_t, int>& seen) {
  int total = 0;
  const StackObject<Knote> local_mem(ex_, "marker", "K1437", ex_, next_marker_++, "marker");
  const KnPtr& local_marker = local_mem.ptr();
  init_marker(local_marker, "K1437", "K1438");
  Token& tok = kq_token(kq);
  tok.get("K1440");
  kq.at("K1445").kq_knpend.insert_head(local_marker, "K1445");
  while (count != 0) {
    KnPtr kn = kq.at("K1447").kq_knpend.next(local_marker, "K1447");
    if (!kn) {
      ex_.fail(ViolationKind::Assertion,
               "TAILQ_NEXT(&local_marker) is NULL: the scan ran past the end of kq_knpend (NULL "
               "dereference)",
               "K1448");
    }
    if (kn.at("K1448").kn_filter.get("K1448") == EVFILT_MARKER) {
      if (kn == marker) break;  // K1450-1451
      // Move the local marker past another thread's marker (K1454-1456); a marker with nothing
      // after it is TAILQ_INSERT_BEFORE(NULL), a NULL dereference.
      kn = kq->kq_knpend.next(kn, "K1454");
      kq.at("K1455").kq_knpend.remove(local_marker, "K1455");
      kq.at("K1456").kq_knpend.insert_before(kn, local_marker, "K1456");
      continue;
    }
    if (knote_acquire(kn) == 0) continue;

    // Off the queue, but KN_QUEUED stays set: the "limbo" state (K1476-1477).
    kq.at("K1476").kq_knpend.remove(kn, "K1476");
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
               (status(kn, "K1503") & KN_DELETING) == 0 && filter_event(kn, 0, "K1504") == 0) {
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
        kq.at("K1538").kq_knpend.insert_tail(kn, "K1538");
        (void)kq->kq_count.add(1, "K1539");
        // M-KQ-requeuewake (fix of kq-7, not in seed): a kevent that found kq_count == 0 while
        // this scan held the knote may sleep in "kqread" (K961); wake it, as knote_enqueue does.
        if (params_.requeuewake) kqueue_wakeup(kq);
      }
    }
    kn.at("K1547").in_limbo = false;
    (void)knote_release(kn);
  }
  kq.at("K1549").kq_knpend.remove(local_marker, "K1549");
  tok.release("K1551");
  return total;
}

}  // namespace kmc::kq
