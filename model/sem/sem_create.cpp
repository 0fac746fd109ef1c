// ksem_create (U309-365) and the two entry points that create: do_ksem_init (U367-401) and
// do_ksem_open (U418-524), with the found_one path and the re-lookup after creation.
#include <algorithm>

#include <fmt/format.h>

#include "model/sem/sem_state.hpp"

namespace kmc::model::sem {

namespace {
bool valid_name(const std::string& name) {
  return name.size() >= 2 && name[0] == '/' && name.find('/', 1) == std::string::npos;
}

// ksem_lookup_byid (U281-292). Requires ksem_mutex.
bool id_in_use(SemState& s, std::uint32_t id) {
  s.lock_assert(s.ksem_mutex.owned_by_current(), "mutex_owned(&ksem_mutex)", "U286");
  IntrusiveList<Ksem>& chain = s.hash_chain(id);
  for (Ptr<Ksem> ks = chain.first("U287"); ks; ks = chain.next(ks, "U287"))
    if (ks.at("U288").ks_id == id) return true;
  return false;
}

// Remembers a ksem cell for the invariants (a reused cell is listed once).
void remember(SemState& s, const Ptr<Ksem>& ks) {
  if (std::find(s.ksems.begin(), s.ksems.end(), ks) == s.ksems.end()) s.ksems.push_back(ks);
}
}  // namespace

int ksem_create(Frame& f, const std::string* name, std::uint32_t mode, std::uint32_t value,
                Ptr<Ksem>& out) {
  SemState& s = f.s;
  // U318: value > SEM_VALUE_MAX cannot hold for an unsigned int.
  out = make<Ksem>(s.ex, "ksem", "U320", true, s.ex);
  Ksem& k = *out.unchecked();
  // ks_ref is a plain counter under ks_interlock that may rest at 0 (named semaphores persist),
  // so it is neither atomic nor dead at zero.
  s.refcounts.push_back(std::make_unique<RefCount>(
      s.ex, "ks_ref(" + k.tag + ")", RefCount::Options{.atomic = false, .zero_is_dead = false}));
  k.ks_ref = s.refcounts.back().get();
  k.limbo_by = f.self;
  remember(s, out);
  if (name != nullptr) {
    if (name->size() > kMaxNameLen) {
      heap_of(s.ex).free(out.cell(), "U324");
      return err::kENAMETOOLONG;
    }
    if (!valid_name(*name)) {
      heap_of(s.ex).free(out.cell(), "U329");
      return err::kEINVAL;
    }
    const Ptr<KsemName> copy = make<KsemName>(s.ex, "ksem_name", "U332", true, *name);
    out.at("U333").ks_name.set(copy, "U333");
    k.unpublished_by = f.self;  // SEM-I2: named but not on ksem_head until U518
  }
  k.ks_mode = mode;  // U336
  k.ks_value.set(value, "U337");
  k.ks_ref->init({f.create_holder()});  // U338
  k.ks_waiters.set(0, "U339");
  k.ks_uid = f.proc.uid;  // U340
  k.ks_gid = f.proc.gid;  // U341
  k.initial = value;      // U342 mutex_init: the constructor
  s.ksem_mutex.lock("U344");
  if (s.nsems.get("U345") >= s.cfg.sem_max) {
    s.ksem_mutex.unlock("U346");
    const Ptr<KsemName> nm = out.at("U347").ks_name.get("U347");
    if (nm) heap_of(s.ex).free(nm.cell(), "U348");
    // The count dies with the object: drop the ghost holder so the free leaves no holder behind.
    (void)k.ks_ref->dec_and_test(f.create_holder(), "U349");
    heap_of(s.ex).free(out.cell(), "U349");
    return err::kENFILE;
  }
  s.nsems.set(s.nsems.get("U352") + 1, "U352");
  while (id_in_use(s, s.ksem_counter.get("U353"))) {
    s.ksem_counter.set(s.ksem_counter.get("U354") + 1, "U354");
    if (s.ksem_counter.get("U356") == 0) s.ksem_counter.set(1, "U357");
  }
  out.at("U359").ks_id = s.ksem_counter.get("U359");
  s.hash_chain(out.unchecked()->ks_id).insert_head(out, "U360");
  k.limbo_by = kNoThread;
  s.ksem_mutex.unlock("U361");
  return 0;
}

Value SemModel::init(Value pid, std::uint32_t value) {
  Frame f(*s_, pid, "ksem_init");
  if (f.dead) return Frame::lwp_gone(true);
  int error = ksem_create(f, nullptr, 0, value, f.ks);
  if (error != 0) return f.ret(-error);
  const Value id = f.ks.at("U390").ks_id;
  error = copyout(f, "U391");
  if (error != 0) {
    f.ks.at("U393").ks_interlock.lock("U393");
    ksem_delref(f, f.ks, f.create_holder());
    return f.ret(-error);
  }
  ksem_add_proc(f, f.ks, f.create_holder());
  return f.ret(id);
}

// The found_one path (U444-468): ks arrives with ksem_mutex and its interlock held.
static Value found_one(Frame& f) {
  SemState& s = f.s;
  s.lock_assert(f.ks.at("U449").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U449");
  const bool ok = ksem_perm(f, f.ks);
  if (ok) ksem_addref(f, f.ks, f.open_holder());
  f.ks.at("U453").ks_interlock.unlock("U453");
  s.ksem_mutex.unlock("U454");
  if (!ok) return f.ret(-err::kEPERM);
  const Value id = f.ks.at("U458").ks_id;
  const int error = copyout(f, "U459");
  if (error != 0) {
    f.ks.at("U461").ks_interlock.lock("U461");
    ksem_delref(f, f.ks, f.open_holder());
    return f.ret(-error);
  }
  ksem_add_proc(f, f.ks, f.open_holder());
  return f.ret(id);
}

// Frees ksnew's name without any lock (U490-491, U508-509), as the seed does.
static void drop_new_name(Frame& f, Site free_site, Site clear_site) {
  heap_of(f.s.ex).free(f.ksnew.at(free_site).ks_name.get(free_site).cell(), free_site);
  write_name(f, f.ksnew, nullptr, clear_site);
  f.ksnew.unchecked()->unpublished_by = kNoThread;
}

Value SemModel::open(Value pid, const std::string& name, Value oflag, Value mode,
                     std::uint32_t value) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_open");
  if (f.dead) return Frame::lwp_gone(true);
  may_sleep(s.ex, "U428", "copyinstr");
  // copyinstr into a buffer of SEM_MAX_NAMELEN + 1 bytes.
  if (name.size() > kMaxNameLen) return f.ret(-err::kENAMETOOLONG);
  s.ksem_mutex.lock("U433");
  f.ks = ksem_lookup_byname(f, name);
  if (f.ks) {
    if ((oflag & kOExcl) != 0) {
      f.ks.at("U440").ks_interlock.unlock("U440");
      s.ksem_mutex.unlock("U441");
      return f.ret(-err::kEEXIST);
    }
    return found_one(f);
  }
  if ((oflag & kOCreat) == 0) {
    s.ksem_mutex.unlock("U475");
    return f.ret(-err::kENOENT);
  }
  s.ksem_mutex.unlock("U482");
  int error = ksem_create(f, &name, static_cast<std::uint32_t>(mode), value, f.ksnew);
  if (error != 0) return f.ret(-error);
  const Value id = f.ksnew.at("U487").ks_id;
  error = copyout(f, "U488");
  if (error != 0) {
    drop_new_name(f, "U490", "U491");
    f.ksnew.at("U493").ks_interlock.lock("U493");
    ksem_delref(f, f.ksnew, f.create_holder());
    return f.ret(-error);
  }
  s.ksem_mutex.lock("U502");
  f.ks = ksem_lookup_byname(f, name);
  if (f.ks) {
    if ((oflag & kOExcl) != 0) {
      f.ks.at("U505").ks_interlock.unlock("U505");
      s.ksem_mutex.unlock("U506");
      drop_new_name(f, "U508", "U509");
      f.ksnew.at("U511").ks_interlock.lock("U511");
      ksem_delref(f, f.ksnew, f.create_holder());
      return f.ret(-err::kEEXIST);
    }
    // U515 goto found_one: ksnew keeps its name, its reference and its nsems slot.
    f.ksnew.unchecked()->unpublished_by = kNoThread;
    return found_one(f);
  }
  s.ksem_head.insert_head(f.ksnew, "U518");
  f.ksnew.unchecked()->unpublished_by = kNoThread;
  s.ksem_mutex.unlock("U519");
  ksem_add_proc(f, f.ksnew, f.create_holder());
  return f.ret(id);
}

}  // namespace kmc::model::sem
