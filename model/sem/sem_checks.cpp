// The per-step invariants SEM-I1, I2, I3, I5, I6 and I8 (spec §1.6). Each is checked after every
// step for the structures whose lock is free: I1/I2 when ksem_mutex is free; I3/I5/I6 for each
// ksem whose ks_interlock is free (I3 also needs every kp_lock free); I8 always. SEM-I7 is checked
// where each call returns (Frame::ret) and by the engine (owners, lock order); SEM-I10 where
// ks_name is written (write_name); the end checks are in sem_end_checks.cpp.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "model/sem/sem_checks.hpp"

namespace kmc::model::sem {

using Message = std::optional<std::string>;

Message check_i1(const SemState& s) {
  std::set<const CellHeader*> in_hash;
  std::set<std::uint32_t> ids;
  int entries = 0;
  for (std::size_t b = 0; b < s.ksem_hash.size(); ++b) {
    for (const Ptr<Ksem>& ks : s.ksem_hash[b]->peek_all()) {
      if (!ks.live()) return fmt::format("ksem_hash[{}] holds a freed ksem", b);
      const Ksem& k = *ks.unchecked();
      if (k.ks_id == 0) return fmt::format("{} has id 0", k.tag);
      if (k.ks_id % kHashSize != b) return fmt::format("{} is in the wrong bucket", k.tag);
      if (!ids.insert(k.ks_id).second) return fmt::format("two live ksems have id {}", k.ks_id);
      in_hash.insert(ks.cell());
      ++entries;
    }
  }
  if (entries != s.nsems.peek()) {
    return fmt::format("nsems is {} but ksem_hash holds {} ksems", s.nsems.peek(), entries);
  }
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (ks.live() && in_hash.count(ks.cell()) == 0 && ks.unchecked()->limbo_by == kNoThread) {
      return fmt::format("{} is live but not counted in nsems", ks.unchecked()->tag);
    }
  }
  return std::nullopt;
}

Message check_i2(const SemState& s) {
  std::set<std::string> names;
  std::set<const CellHeader*> on_head;
  for (const Ptr<Ksem>& ks : s.ksem_head.peek_all()) {
    if (!ks.live()) return "ksem_head holds a freed ksem";
    const Ksem& k = *ks.unchecked();
    const Ptr<KsemName>& n = k.ks_name.peek();
    if (!n) return fmt::format("{} is on ksem_head without a name", k.tag);
    if (!n.live()) return fmt::format("{}'s name was freed", k.tag);
    if (!names.insert(n.unchecked()->text).second) {
      return fmt::format("two ksems named {} on ksem_head", n.unchecked()->text);
    }
    on_head.insert(ks.cell());
  }
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || on_head.count(ks.cell()) != 0) continue;
    const Ksem& k = *ks.unchecked();
    if (k.ks_name.peek() && k.unpublished_by == kNoThread) {
      return fmt::format("{} is named {} but not on ksem_head", k.tag,
                         k.ks_name.peek().unchecked()->text);
    }
  }
  return std::nullopt;
}

bool all_kp_locks_free(const SemState& s) {
  for (const Ptr<KsemProc>& kp : s.kps)
    if (kp.current() && !kp.unchecked()->kp_lock.is_free()) return false;
  return true;
}

Message check_i3(const SemState& s) {
  if (!all_kp_locks_free(s)) return std::nullopt;
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || !ks.unchecked()->ks_interlock.is_free()) continue;
    const Ksem& k = *ks.unchecked();
    long nodes = 0;
    for (const Ptr<KsemProc>& kp : s.kps) {
      if (!kp.current()) continue;
      for (const Ptr<KsemRef>& ksr : kp.unchecked()->kp_ksems.peek_all()) {
        if (!(ksr.unchecked()->ksr_ksem == ks)) continue;
        ++nodes;
        const Holder h = SemState::ksr_holder(kp, ksr);
        const auto& hs = k.ks_ref->holders();
        if (std::none_of(hs.begin(), hs.end(), [&](const Holder& x) { return x.same(h); })) {
          return fmt::format("{}: handle {} holds no reference (holders: {})", k.tag, h.describe(),
                             k.ks_ref->describe_holders());
        }
      }
    }
    const auto& hs = k.ks_ref->holders();
    const long held = std::count_if(hs.begin(), hs.end(),
                                    [](const Holder& h) { return std::string(h.kind) == "ksr"; });
    if (held != nodes) {
      return fmt::format("{}: {} handle references but {} handles point to it ({})", k.tag, held,
                         nodes, k.ks_ref->describe_holders());
    }
  }
  return std::nullopt;
}

Message check_i5(const SemState& s) {
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || !ks.unchecked()->ks_interlock.is_free()) continue;
    const Ksem& k = *ks.unchecked();
    const std::uint32_t w = k.ks_waiters.peek();
    if (w != k.waiting.size()) {
      return fmt::format("{}: ks_waiters is {} but {} threads are in the wait loop", k.tag, w,
                         k.waiting.size());
    }
    if (s.cfg.check_i5_ref && k.ks_ref->count() < static_cast<long>(w)) {
      return fmt::format("{}: ks_ref {} < ks_waiters {} (holders: {})", k.tag, k.ks_ref->count(), w,
                         k.ks_ref->describe_holders());
    }
  }
  return std::nullopt;
}

Message check_i6(const SemState& s) {
  for (const Ptr<Ksem>& ks : s.ksems) {
    if (!ks.live() || !ks.unchecked()->ks_interlock.is_free()) continue;
    const Ksem& k = *ks.unchecked();
    const auto expect =
        static_cast<std::int64_t>(k.initial + k.posts) - static_cast<std::int64_t>(k.takes);
    if (expect != static_cast<std::int64_t>(k.ks_value.peek())) {
      return fmt::format("{}: ks_value {} but initial {} + {} posts - {} waits = {}", k.tag,
                         k.ks_value.peek(), k.initial, k.posts, k.takes, expect);
    }
  }
  return std::nullopt;
}

Message check_i8(const SemState& s) {
  for (const auto& p : s.procs) {
    int owned = 0;
    // s.kps has one entry per allocation; with address reuse a freed entry's cell may hold a later
    // ksem_proc, which only its own entry counts (current(), not live()).
    for (const Ptr<KsemProc>& kp : s.kps) owned += kp.current() && kp.unchecked()->owner == p->pid;
    if (owned > 1) return fmt::format("process {} has {} ksem_procs allocated", p->pid, owned);
    if (p->exited) continue;
    const Value h = p->specific->peek();
    if (h == 0) continue;
    const Ptr<KsemProc> kp = s.kp_of(h);
    if (!kp.live())
      return fmt::format("process {}'s ksem_proc slot points to freed memory", p->pid);
    if (kp.unchecked()->owner != p->pid) {
      return fmt::format("process {}'s slot points to process {}'s ksem_proc", p->pid,
                         kp.unchecked()->owner);
    }
  }
  std::set<const CellHeader*> seen;
  for (const Ptr<KsemProc>& kp : s.kps) {
    if (!kp.current()) continue;
    for (const Ptr<KsemRef>& ksr : kp.unchecked()->kp_ksems.peek_all()) {
      if (!seen.insert(ksr.cell()).second) return "a ksem_ref is on two lists";
    }
  }
  return std::nullopt;
}

void install_checks(SemState& s) {
  const SemState* c = &s;
  auto always = [] { return true; };
  auto mutex_free = [c] { return c->ksem_mutex.is_free(); };
  s.ex.add_invariant("SEM-I1", mutex_free, [c] { return check_i1(*c); });
  s.ex.add_invariant("SEM-I2", mutex_free, [c] { return check_i2(*c); });
  s.ex.add_invariant("SEM-I3", always, [c] { return check_i3(*c); });
  s.ex.add_invariant("SEM-I5", always, [c] { return check_i5(*c); });
  s.ex.add_invariant("SEM-I6", always, [c] { return check_i6(*c); });
  s.ex.add_invariant("SEM-I8", always, [c] { return check_i8(*c); });
  install_end_checks(s);
}

}  // namespace kmc::model::sem
