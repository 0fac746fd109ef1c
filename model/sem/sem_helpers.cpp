// The seed's internal helpers (spec §1.2): ksem_free, ksem_addref/delref, the per-process list
// helpers and the lookups, each step as the seed takes it.
#include <fmt/format.h>

#include "model/sem/sem_state.hpp"

namespace kmc::model::sem {

// U148-170. Requires ks_interlock owned; returns with it released (and ks maybe freed).
void ksem_free(Frame& f, const Ptr<Ksem>& ks) {
  SemState& s = f.s;
  s.lock_assert(ks.at("U152").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U152");
  if (!ks.at("U158").ks_name.get("U158")) {
    // The seed drops the interlock first (U159, then U161): the lookups take ksem_mutex, then
    // an interlock (U557, U302). M-SEM-freeorder swaps the two steps, closing that cycle.
    if (s.cfg.freeorder) s.ksem_mutex.lock("U161");
    ks.at("U159").ks_interlock.unlock("U159");
    if (!s.cfg.freeorder) s.ksem_mutex.lock("U161");
    s.nsems.set(s.nsems.get("U162") - 1, "U162");
    // LIST_REMOVE reads no head: it unlinks through ks's own ks_hash links and writes its
    // neighbours' (the chain object only names the field; its ks_id read is ghost).
    s.hash_chain(ks.unchecked()->ks_id).remove(ks, "U163");
    ks.unchecked()->limbo_by = f.self;  // live but no longer counted: SEM-I1 until the free
    s.ksem_mutex.unlock("U164");
    // SEM-I4: a ksem is freed only with ks_ref == 0 and no name.
    if (ks.at("U166").ks_ref->count() != 0 || ks.unchecked()->ks_name.peek()) {
      s.ex.fail(
          ViolationKind::Invariant,
          fmt::format("SEM-I4: {} freed with ks_ref {} ({})", ks.unchecked()->tag,
                      ks.unchecked()->ks_ref->count(), ks.unchecked()->ks_ref->describe_holders()),
          "U166");
    }
    heap_of(s.ex).free(ks.cell(), "U166");
    return;
  }
  ks.at("U169").ks_interlock.unlock("U169");
}

// U172-179.
void ksem_addref(Frame& f, const Ptr<Ksem>& ks, const Holder& h) {
  f.s.lock_assert(ks.at("U176").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                  "U176");
  ks.at("U177").ks_ref->inc(h, "U177");
}

// U181-192. Requires ks_interlock owned; returns with it released, ks freed when the last
// reference of an anonymous or unlinked ksem went.
void ksem_delref(Frame& f, const Ptr<Ksem>& ks, const Holder& h) {
  SemState& s = f.s;
  s.lock_assert(ks.at("U185").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U185");
  if (ks.at("U186").ks_ref->read("U186") == 0) {
    s.ex.fail(ViolationKind::Assertion, "KASSERT(ks->ks_ref != 0)", "U186");
  }
  if (ks.at("U187").ks_ref->dec_and_test(h, "U187")) {
    ksem_free(f, ks);
    return;
  }
  ks.at("U191").ks_interlock.unlock("U191");
}

// U194-204: malloc(M_WAITOK) may sleep; rw_init and LIST_INIT are the constructor.
Ptr<KsemProc> ksem_proc_alloc(Frame& f, Value owner) {
  SemState& s = f.s;
  Ptr<KsemProc> kp = make<KsemProc>(s.ex, "ksem_proc", "U199", true, s.ex, s.kp_serial);
  kp.unchecked()->owner = owner;
  s.kps.push_back(kp);
  return kp;
}

// U206-224: empties the list, dropping each handle's reference, then frees kp.
void ksem_proc_dtor(Frame& f, const Ptr<KsemProc>& kp) {
  SemState& s = f.s;
  kp.at("U212").kp_lock.lock("U212");
  for (;;) {
    f.ksr = kp.at("U214").kp_ksems.first("U214");
    if (!f.ksr) break;
    kp.at("U215").kp_ksems.remove(f.ksr, "U215");
    const Ptr<Ksem> ks = f.ksr.at("U216").ksr_ksem;
    f.ks = ks;
    ks.at("U216").ks_interlock.lock("U216");
    ksem_delref(f, ks, SemState::ksr_holder(kp, f.ksr));
    // The seed releases the interlock a second time: ksem_delref already released it, and may
    // have freed ks. F-SEM-dtor-noexit leaves this step out.
    if (!s.cfg.dtor_noexit) f.ksr.at("U218").ksr_ksem.unchecked()->ks_interlock.unlock("U218");
    heap_of(s.ex).free(f.ksr.cell(), "U219");
    f.ksr = nullptr;
    f.ks = nullptr;
  }
  kp.at("U222").kp_lock.unlock("U222");
  heap_of(s.ex).free(kp.cell(), "U223");
}

// U226-244: moves the caller's reference `from` onto a new ksem_ref in p's list.
void ksem_add_proc(Frame& f, const Ptr<Ksem>& ks, const Holder& from) {
  SemState& s = f.s;
  f.kp = get_specific(f, f.proc, "U232");
  if (!f.kp) {
    f.kp = ksem_proc_alloc(f, f.proc.pid);
    set_specific(f, f.proc, f.kp, "U235");
  }
  f.ksr = make<KsemRef>(s.ex, "ksem_ref", "U238", true, s.ex);
  f.ksr.at("U239").ksr_ksem = ks;
  f.kp.at("U241").kp_lock.lock("U241");
  f.kp.at("U242").kp_ksems.insert_head(f.ksr, "U242");
  ks.at("U242").ks_ref->transfer(from, SemState::ksr_holder(f.kp, f.ksr), "U242");
  f.kp.at("U243").kp_lock.unlock("U243");
}

// U246-264. Requires kp_lock held as writer and ks_interlock owned. Returns the unlinked
// ksem_ref; the interlock is released and ks may have been freed.
Ptr<KsemRef> ksem_drop_proc(Frame& f, const Ptr<KsemProc>& kp, const Ptr<Ksem>& ks) {
  SemState& s = f.s;
  s.lock_assert(ks.at("U252").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U252");
  IntrusiveList<KsemRef>& list = kp.at("U253").kp_ksems;
  for (Ptr<KsemRef> ksr = list.first("U253"); ksr; ksr = list.next(ksr, "U253")) {
    if (!(ksr.at("U254").ksr_ksem == ks)) continue;
    f.ksr = ksr;
    // The reference goes before the unlink, as in the seed: ks may be freed by now, ksr is not.
    ksem_delref(f, ks, SemState::ksr_holder(kp, ksr));
    list.remove(ksr, "U256");
    return ksr;
  }
  // DIAGNOSTIC kernel: panic.
  s.ex.fail(ViolationKind::Assertion, "panic: ksem_drop_proc: ksem not on the process list",
            "U261");
}

// U266-279: write permission for the caller's credentials.
bool ksem_perm(Frame& f, const Ptr<Ksem>& ks) {
  f.s.lock_assert(ks.at("U271").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                  "U271");
  const Ksem& k = ks.at("U273");
  const Process& p = f.proc;
  return (p.uid == k.ks_uid && (k.ks_mode & kSIWUSR) != 0) ||
         (p.gid == k.ks_gid && (k.ks_mode & kSIWGRP) != 0) || (k.ks_mode & kSIWOTH) != 0 ||
         p.uid == 0;
}

// U294-307. Requires ksem_mutex; on a match returns the ksem with its ks_interlock taken.
Ptr<Ksem> ksem_lookup_byname(Frame& f, const std::string& name) {
  SemState& s = f.s;
  s.lock_assert(s.ksem_mutex.owned_by_current(), "mutex_owned(&ksem_mutex)", "U299");
  for (Ptr<Ksem> ks = s.ksem_head.first("U300"); ks; ks = s.ksem_head.next(ks, "U300")) {
    const Ptr<KsemName>& n = ks.at("U301").ks_name.get("U301");
    if (!n) s.ex.fail(ViolationKind::Assertion, "strcmp on a NULL ks_name", "U301");
    if (n.at("U301").text != name) continue;
    const Ptr<Ksem> found = ks;
    found.at("U302").ks_interlock.lock("U302");
    return found;
  }
  return nullptr;
}

// U526-540. Requires kp_lock (reader or writer); on a match returns the ksem with its
// ks_interlock taken.
Ptr<Ksem> ksem_lookup_proc(Frame& f, const Ptr<KsemProc>& kp, Value id) {
  IntrusiveList<KsemRef>& list = kp.at("U532").kp_ksems;
  for (Ptr<KsemRef> ksr = list.first("U532"); ksr; ksr = list.next(ksr, "U532")) {
    const Ptr<Ksem> ks = ksr.at("U533").ksr_ksem;
    if (id != static_cast<Value>(ks.at("U533").ks_id)) continue;
    ks.at("U534").ks_interlock.lock("U534");
    return ks;
  }
  return nullptr;
}

}  // namespace kmc::model::sem
