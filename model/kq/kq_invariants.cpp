// The kq invariants of spec §3.6 checked on the execution: KQ-I1..I5 after every step for each
// kqueue whose token is free, KQ-I8/I13/I14 at the end; and the leak roots of the kq layer.
// KQ-I6 is the engine's heap check; KQ-I7, I10, I11 and I12 are checked where they are stated
// (kq_register.cpp, kq_scan.cpp, kq_notify.cpp); KQ-I9's wakeups by the lost-wakeup detector.
#include <fmt/format.h>

#include <algorithm>

#include "model/kq/kq.hpp"

namespace kmc::kq {

std::optional<std::string> Kq::check_kqueue(const Kqueue& q) const {
  const std::vector<KnPtr> pend = q.kq_knpend.peek_all();
  const std::vector<KnPtr> knlist = q.kq_knlist.peek_all();
  int queued = 0;
  for (const KnPtr& kn : pend) {
    const Knote& k = *kn.unchecked();
    if (k.is_marker) {
      if (!kn.live())
        return fmt::format("KQ-I6: a scan marker whose scope ended is on kq#{}'s kq_knpend",
                           q.serial);
      continue;
    }
    ++queued;
    if (!kn.live()) return fmt::format("KQ-I6: a freed knote is on kq#{}'s kq_knpend", q.serial);
    if (!(k.kn_status.peek() & KN_QUEUED))
      return fmt::format("KQ-I2: knote#{} is on kq_knpend without KN_QUEUED", k.serial);
    if (std::count(pend.begin(), pend.end(), kn) != 1)
      return fmt::format("KQ-I2: knote#{} is on kq_knpend twice", k.serial);
  }
  if (q.kq_count.peek() != queued) {
    return fmt::format("KQ-I1: kq#{} kq_count = {} but {} knotes are queued", q.serial,
                       q.kq_count.peek(), queued);
  }
  for (const KnPtr& kn : knlist) {
    if (!kn.live()) return fmt::format("KQ-I6: a freed knote is on kq#{}'s kq_knlist", q.serial);
    const Knote& k = *kn.unchecked();
    const unsigned st = k.kn_status.peek();
    const bool on_queue = std::find(pend.begin(), pend.end(), kn) != pend.end();
    if ((st & KN_QUEUED) && !(st & KN_ACTIVE))
      return fmt::format("KQ-I3: knote#{} is QUEUED but not ACTIVE", k.serial);
    if ((st & KN_DELETING) && !(st & KN_PROCESSING))
      return fmt::format("KQ-I5: knote#{} is DELETING without PROCESSING", k.serial);
    if (((st & KN_PROCESSING) != 0) != (k.owner != kNoThread))
      return fmt::format("KQ-I5: knote#{} PROCESSING bit and owner disagree", k.serial);
    if (st & KN_PROCESSING) {
      if ((st & KN_QUEUED) && !on_queue && !k.in_limbo) {
        return fmt::format("KQ-I2: knote#{} is QUEUED, off the queue, outside kqueue_scan",
                           k.serial);
      }
      continue;  // its owner may be between the steps of attach, drop or scan
    }
    if (((st & KN_QUEUED) != 0) != on_queue)
      return fmt::format("KQ-I2: knote#{} QUEUED = {} but on kq_knpend = {}", k.serial,
                         (st & KN_QUEUED) != 0, on_queue);
    const FilterOps* fop = k.kn_fop.peek();
    if (fop != nullptr && (fop->flags & FILTEROP_ISFD)) {
      const FilePtr fp = k.kn_fp.peek();
      if (!fp.live()) return fmt::format("KQ-I6: knote#{}'s kn_fp is freed", k.serial);
      if (!fp.unchecked()->f_klist.peek_contains(&k))
        return fmt::format("KQ-I4: knote#{} is on kq_knlist but not on its f_klist", k.serial);
    } else {
      const HashPtr hash = q.kq_knhash.peek();
      bool found = false;
      if (hash.live())
        for (const auto& b : hash.unchecked()->buckets) found = found || b->peek_contains(&k);
      if (!found)
        return fmt::format("KQ-I4: knote#{} is on kq_knlist but in no hash bucket", k.serial);
    }
    if (fop == &proc_filtops_ && (st & KN_DETACHED) && k.p_proc.peek() != nullptr)
      return fmt::format("KQ-I4: DETACHED knote#{} still points at its process", k.serial);
  }
  const HashPtr hash = q.kq_knhash.peek();
  if (hash.live()) {
    for (const auto& b : hash.unchecked()->buckets) {
      for (const Knote* k : b->peek_all()) {
        if (k->kn_kq.peek().unchecked() != &q) continue;
        if (k->kn_status.peek() & KN_PROCESSING) continue;
        const bool listed = std::any_of(knlist.begin(), knlist.end(),
                                        [k](const KnPtr& p) { return p.unchecked() == k; });
        if (!listed)
          return fmt::format("KQ-I4: knote#{} is in a hash bucket but not on kq_knlist", k->serial);
      }
    }
  }
  return std::nullopt;
}

std::optional<Violation> Kq::end_checks() const {
  const auto broken = [](ViolationKind kind, std::string message) {
    Violation v;
    v.kind = kind;
    v.message = std::move(message);
    return v;
  };
  int timers = 0;
  for (const KnPtr& kn : knotes_) {
    if (!kn.live()) continue;
    const Knote& k = *kn.unchecked();
    if (k.kn_fop.peek() == &timer_filtops_ && k.kn_hook.peek()) ++timers;
    if (k.owner != kNoThread)
      return broken(
          ViolationKind::Invariant,
          fmt::format("KQ-I5: knote#{} is still owned (KN_PROCESSING) at the end", k.serial));
    if (k.oneshot_posted)
      return broken(
          ViolationKind::Invariant,
          fmt::format("KQ-I10: EV_ONESHOT knote#{} was delivered but not freed", k.serial));
    const KqPtr kq = k.kn_kq.peek();
    const FilterOps* fop = k.kn_fop.peek();
    if (!kq.live() || fop == nullptr || !(fop->flags & FILTEROP_ISFD)) continue;
    const FdpId fdp = kq.unchecked()->kq_fdp;
    if (!files_.peek_fdp_live(fdp)) continue;
    const FilePtr fp = k.kn_fp.peek();
    if (!files_.peek_installed(fdp, k.kn_id.peek(), fp)) {
      return broken(ViolationKind::Invariant,
                    fmt::format("KQ-I8: knote#{} of kq#{} for fd {} still holds fp#{}, which is "
                                "no longer at fd {}",
                                k.serial, kq.unchecked()->serial, k.kn_id.peek(),
                                fp.unchecked() ? fp.unchecked()->serial : 0, k.kn_id.peek()));
    }
  }
  for (const KqPtr& kq : kqueues_) {
    const Kqueue& q = *kq.unchecked();
    if (q.kq_regtd.peek() != kNoThread)
      return broken(ViolationKind::Invariant,
                    fmt::format("KQ-I14: kq#{} kq_regtd is still set at the end", q.serial));
  }
  for (const auto& [t, kq] : kqread_sleepers_) {
    if (kq.live() && kq.unchecked()->kq_count.peek() > 0) {
      return broken(
          ViolationKind::LostWakeup,
          fmt::format("KQ-I13: {} sleeps in \"kqread\" on kq#{} while kq_count = {}",
                      ex_.thread(t).name, kq.unchecked()->serial, kq.unchecked()->kq_count.peek()));
    }
  }
  for (std::size_t t = 0; t < ex_.thread_count(); ++t) {
    const auto& th = ex_.thread(static_cast<ThreadId>(t));
    if (th.finished && !th.tokens.empty())
      return broken(ViolationKind::Invariant,
                    fmt::format("KQ-I14: {} finished holding a token", th.name));
  }
  if (kq_ncallouts_.peek() != timers) {
    return broken(ViolationKind::Invariant,
                  fmt::format("KQ-I14: kq_ncallouts = {} but {} timer knotes exist",
                              kq_ncallouts_.peek(), timers));
  }
  return std::nullopt;
}

void Kq::register_checks() {
  ex_.add_invariant(
      "kq", [] { return true; },
      [this]() -> std::optional<std::string> {
        for (const KqPtr& kq : kqueues_) {
          const Token* tok = tokens_.find({kq.cell(), 0});
          if (tok != nullptr && !tok->is_free()) continue;
          if (auto broken = check_kqueue(*kq.unchecked())) return broken;
        }
        return std::nullopt;
      });
  ex_.add_end_check([this] { return end_checks(); });
}

void Kq::mark_from_file(const FilePtr& fp, std::vector<FilePtr>& more) const {
  Heap& heap = heap_of(ex_);
  heap.mark(fp.cell());
  const KqPtr kq = fp.unchecked()->f_data.peek();
  if (!kq.live()) return;
  heap.mark(kq.cell());
  const HashPtr hash = kq.unchecked()->kq_knhash.peek();
  if (hash.live()) heap.mark(hash.cell());
  for (const KnPtr& kn : kq.unchecked()->kq_knlist.peek_all()) {
    if (!kn.live()) continue;
    heap.mark(kn.cell());
    const CalloutPtr c = kn.unchecked()->kn_hook.peek();
    if (c.live()) heap.mark(c.cell());
    const FilePtr f = kn.unchecked()->kn_fp.peek();
    if (f.live()) more.push_back(f);
  }
}

void Kq::mark_globals() const {
  for (const KnPtr& kn : knote_cache_)
    if (kn.live()) heap_of(ex_).mark(kn.cell());
}

}  // namespace kmc::kq
