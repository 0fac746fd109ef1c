// End-of-execution checks of the sem model and its leak roots. They run when every thread has
// finished or is legally blocked (a scenario's `allow blocked`), in this order: SEM-I9 (liveness,
// `lost-wakeup`), SEM-I8 at the end (`invariant`), temporary references left by finished threads
// (SEM-I3, `refcount`) and SEM-I4 (`leak`).
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "model/sem/sem_checks.hpp"

namespace kmc::model::sem {

namespace {
bool thread_alive(const SemState& s, Value t) {
  return t >= 0 && static_cast<std::size_t>(t) < s.ex.thread_count() &&
         !s.ex.thread(static_cast<ThreadId>(t)).finished;
}

bool is_temp(const Holder& h) {
  return std::strcmp(h.kind, "ksr") != 0;
}

bool on_head(const SemState& s, const Ptr<Ksem>& ks) {
  return s.ksem_head.peek_contains(ks);
}

// Every live thread's frames, innermost first.
template <typename Fn>
void for_each_frame(const SemState& s, Fn fn) {
  for (std::size_t t = 0; t < s.ex.thread_count() && t < s.frames.size(); ++t) {
    if (s.ex.thread(static_cast<ThreadId>(t)).finished) continue;
    for (const Frame* f = s.frames[t]; f != nullptr; f = f->outer) fn(*f);
  }
}

Violation end_violation(ViolationKind kind, std::string message) {
  Violation v;
  v.kind = kind;
  v.message = std::move(message);
  return v;
}

std::optional<Violation> check_i9(const SemState& s) {
  const auto kps = reachable_kps(s);
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || ks.unchecked()->waiting.empty()) continue;
    const Ksem& k = *ks.unchecked();
    const std::string who = s.ex.thread(k.waiting.front()).name;
    if (k.ks_value.peek() > 0) {
      return end_violation(ViolationKind::LostWakeup,
                           fmt::format("SEM-I9: {} sleeps in ksem_wait on {} whose value is {}",
                                       who, k.tag, k.ks_value.peek()));
    }
    bool reachable = on_head(s, ks);
    for (const Ptr<KsemProc>& kp : s.kps) {
      if (reachable || !kp.current() || kps.count(kp.cell()) == 0) continue;
      for (const Ptr<KsemRef>& ksr : kp.unchecked()->kp_ksems.peek_all())
        reachable = reachable || ksr.unchecked()->ksr_ksem == ks;
    }
    if (!reachable) {
      return end_violation(
          ViolationKind::LostWakeup,
          fmt::format("SEM-I9: {} sleeps for ever on {} (ks_ref {}: {}), "
                      "which no process can reach any more",
                      who, k.tag, k.ks_ref->count(), k.ks_ref->describe_holders()));
    }
  }
  return std::nullopt;
}

std::optional<Violation> check_i8_end(const SemState& s) {
  for (const auto& p : s.procs) {
    const Ptr<KsemProc> slot = p->exited ? nullptr : s.kp_of(p->specific->peek());
    for (const Ptr<KsemProc>& kp : s.kps) {
      if (!kp.current() || kp.unchecked()->owner != p->pid || kp == slot) continue;
      return end_violation(
          ViolationKind::Invariant,
          fmt::format("SEM-I8: {} of process {} is live but not in its "
                      "slot{} (at the end)",
                      kp.unchecked()->tag, p->pid, p->exited ? " (the process has exited)" : ""));
    }
  }
  return std::nullopt;
}

std::optional<Violation> check_temp_refs(const SemState& s) {
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live()) continue;
    for (const Holder& h : ks.unchecked()->ks_ref->holders()) {
      if (!is_temp(h) || thread_alive(s, h.a)) continue;
      return end_violation(ViolationKind::Refcount,
                           fmt::format("SEM-I3: {} has finished but still holds {} on {}",
                                       s.ex.thread(static_cast<ThreadId>(h.a)).name, h.describe(),
                                       ks.unchecked()->tag));
    }
  }
  return std::nullopt;
}

std::optional<Violation> check_i4(const SemState& s) {
  const auto kps = reachable_kps(s);
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || on_head(s, ks)) continue;
    const Ksem& k = *ks.unchecked();
    bool held = k.ks_ref->count() > 0;
    for (const Holder& h : k.ks_ref->holders()) {
      if (is_temp(h)) {
        held = held && thread_alive(s, h.a);
      } else {
        // The holder names the ksem_proc allocation (its serial); a later one at its address
        // does not hold for it.
        const Ptr<KsemProc> kp = s.kp_of(h.a);
        held = held && kp.current() && kps.count(kp.cell()) != 0;
      }
    }
    if (!held) {
      return end_violation(ViolationKind::Leak,
                           fmt::format("SEM-I4: {} is live, not on ksem_head, and not held by "
                                       "a live process (ks_ref {}: {})",
                                       k.tag, k.ks_ref->count(), k.ks_ref->describe_holders()));
    }
  }
  return std::nullopt;
}
}  // namespace

std::set<const CellHeader*> reachable_kps(const SemState& s) {
  std::set<const CellHeader*> out;
  for (const auto& p : s.procs) {
    if (p->exited) continue;
    const Ptr<KsemProc> kp = s.kp_of(p->specific->peek());
    if (kp.live()) out.insert(kp.cell());
  }
  for_each_frame(s, [&](const Frame& f) {
    if (f.kp.live()) out.insert(f.kp.cell());
    if (f.kp2.live()) out.insert(f.kp2.cell());
  });
  return out;
}

void install_end_checks(SemState& s) {
  const SemState* c = &s;
  s.ex.add_end_check([c] { return check_i9(*c); });
  s.ex.add_end_check([c] { return check_i8_end(*c); });
  s.ex.add_end_check([c] { return check_temp_refs(*c); });
  s.ex.add_end_check([c] { return check_i4(*c); });
}

void mark_roots(const SemState& s) {
  Heap& heap = heap_of(s.ex);
  auto mark_ksem = [&](const Ptr<Ksem>& ks) {
    if (!ks.live()) return;
    heap.mark(ks.cell());
    const Ptr<KsemName>& n = ks.unchecked()->ks_name.peek();
    if (n.live()) heap.mark(n.cell());
  };
  auto mark_kp = [&](const Ptr<KsemProc>& kp) {
    if (!kp.live()) return;
    heap.mark(kp.cell());
    for (const Ptr<KsemRef>& ksr : kp.unchecked()->kp_ksems.peek_all()) {
      if (!ksr.live()) continue;
      heap.mark(ksr.cell());
      mark_ksem(ksr.unchecked()->ksr_ksem);
    }
  };
  for (const Ptr<Ksem>& ks : s.ksem_head.peek_all()) mark_ksem(ks);
  for (const auto& chain : s.ksem_hash)
    for (const Ptr<Ksem>& ks : chain->peek_all()) mark_ksem(ks);
  for (const auto& p : s.procs)
    if (!p->exited) mark_kp(s.kp_of(p->specific->peek()));
  for_each_frame(s, [&](const Frame& f) {
    mark_ksem(f.ks);
    mark_ksem(f.ksnew);
    mark_kp(f.kp);
    mark_kp(f.kp2);
    for (const Ptr<KsemRef>* r : {&f.ksr, &f.ksr1}) {
      if (!r->live()) continue;
      heap.mark(r->cell());
      mark_ksem(r->unchecked()->ksr_ksem);
    }
    if (f.cp.live()) heap.mark(f.cp.cell());
  });
}

}  // namespace kmc::model::sem
