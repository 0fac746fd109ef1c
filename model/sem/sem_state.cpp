// Construction of the sem model's objects, frames, and the small steps shared by every operation.
#include "model/sem/sem_state.hpp"

#include <fmt/format.h>

#include "model/model_api.hpp"

namespace kmc::model::sem {

namespace {
// The name of the heap cell being constructed ("ksem#3"): names its engine objects and messages.
std::string cell_tag(Execution& ex) {
  const CellHeader* cell = heap_of(ex).constructing();
  return cell == nullptr ? std::string("?") : ex.trace().object_name(cell->id);
}

Value param_or(const ModelConfig& c, const char* name, Value fallback) {
  const auto it = c.params.find(name);
  return it == c.params.end() ? fallback : it->second;
}
}  // namespace

SemConfig SemConfig::from(const ModelConfig& c) {
  SemConfig out;
  out.sem_max = static_cast<int>(param_or(c, "SEM_MAX", 30));
  out.check_i10 = param_or(c, "check_i10", 0) != 0;
  out.check_i5_ref = param_or(c, "check_i5_ref", 1) != 0;
  out.fault_injection = c.fault_injection;
  out.nowaiters = c.variant("M-SEM-nowaiters");
  out.notempref = c.variant("M-SEM-notempref");
  out.freeorder = c.variant("M-SEM-freeorder");
  out.dtor_noexit = c.variant("F-SEM-dtor-noexit");
  return out;
}

// The engine objects built here belong to the ksem's heap cell: using them after the free is a
// use-after-free.
Ksem::Ksem(Execution& ex)
    : ks_entry(ex, "ks_entry(" + cell_tag(ex) + ")"),
      ks_hash(ex, "ks_hash(" + cell_tag(ex) + ")"),
      ks_interlock(ex, "ks_interlock(" + cell_tag(ex) + ")", "ks_interlock"),
      ks_name(ex, "ks_name(" + cell_tag(ex) + ")", Ptr<KsemName>()),
      ks_value(ex, "ks_value(" + cell_tag(ex) + ")", 0),
      ks_waiters(ex, "ks_waiters(" + cell_tag(ex) + ")", 0),
      chan(ex, cell_tag(ex)),
      tag(cell_tag(ex)) {}

KsemRef::KsemRef(Execution& ex) : ksr_list(ex, "ksr_list(" + cell_tag(ex) + ")") {}

// LIST_INIT (U201): an empty head inside the ksem_proc's cell.
KsemProc::KsemProc(Execution& ex, int& counter)
    : kp_lock(ex, "kp_lock(" + cell_tag(ex) + ")", "kp_lock"),
      kp_ksems(ex, "kp_ksems(" + cell_tag(ex) + ")", ListShape::Double, &KsemRef::ksr_list),
      serial(++counter),
      tag(cell_tag(ex)) {}

SemState::SemState(Execution& e, const SemConfig& config)
    : ex(e),
      cfg(config),
      ksem_mutex(e, "ksem_mutex", "ksem_mutex"),
      ksem_head(e, "ksem_head", ListShape::Double, &Ksem::ks_entry),
      nsems(e, "nsems", 0),
      ksem_counter(e, "ksem_counter", 1) {
  // LIST_INIT of each chain (U832-833).
  for (std::size_t i = 0; i < kHashSize; ++i) {
    ksem_hash.push_back(std::make_unique<IntrusiveList<Ksem>>(
        e, "ksem_hash[" + std::to_string(i) + "]", ListShape::Double, &Ksem::ks_hash));
  }
}

Process* SemState::find(Value pid) const {
  for (const auto& p : procs)
    if (p->pid == pid) return p.get();
  return nullptr;
}

Process& SemState::process(Value pid) {
  Process* p = find(pid);
  if (p == nullptr) {
    ex.fail(ViolationKind::Assertion, fmt::format("harness: sem call from unknown process {}", pid),
            "harness");
  }
  return *p;
}

Ptr<KsemProc> SemState::kp_of(Value handle) const {
  if (handle <= 0 || static_cast<std::size_t>(handle) > kps.size()) return nullptr;
  return kps[static_cast<std::size_t>(handle) - 1];
}

Holder SemState::ksr_holder(const Ptr<KsemProc>& kp, const Ptr<KsemRef>& ksr) {
  return {"ksr", kp.unchecked()->serial, static_cast<Value>(ksr.cell()->id)};
}

void SemState::lock_assert(bool holds, const char* what, Site site) {
  if (!holds) ex.fail(ViolationKind::Assertion, fmt::format("assertion failed: {}", what), site);
}

// A read of P_WEXIT (one step) by a thread of a process with several threads; the ghost
// `survivor`, changed only in exit_lwps's store, says what it found. The step orders the reader
// against that store. A process with one thread takes no step: nobody else can exit it.
static void read_wexit(SemState& s, Process& p, ThreadId self, Site site) {
  if (!p.lwps) return;
  (void)p.p_wexit->load(site);
  s.wexit_read[self] = s.ex.thread(self).events + 1;
}

// Syscall entry (not in seed): an LWP that another one has told to exit (its process exits or
// execs) has exited at its last userret or exits at this kernel entry: the call does nothing.
// Reading P_WEXIT here is needed only when the thread took a step since its last read (at its
// previous call's userret): the entry is otherwise part of that step.
Frame::Frame(SemState& st, Value pid, const char* op)
    : s(st), proc(st.process(pid)), self(st.ex.current()), what(op), outer(st.frames[self]) {
  if (outer == nullptr) {
    if (s.wexit_read[self] != s.ex.thread(self).events + 1) read_wexit(s, proc, self, "syscall");
    dead = proc.survivor != kNoThread && proc.survivor != self;
    if (!dead && proc.exited) {
      s.ex.fail(ViolationKind::Assertion,
                fmt::format("harness: {} by a thread of process {} after it exited", op, pid),
                "harness");
    }
  }
  if (!dead) ++proc.inside;
  s.frames[self] = this;
}

// Also runs when an execution ends with the thread parked (its stack is unwound): ghost only.
Frame::~Frame() {
  if (!dead && !left) --proc.inside;
  s.frames[self] = outer;
  if (ksnew.live() && ksnew.unchecked()->unpublished_by == self) {
    ksnew.unchecked()->unpublished_by = kNoThread;
  }
}

Value Frame::ret(Value result) {
  const auto& held = s.ex.thread(self).held;
  if (!held.empty()) {
    s.ex.warn(ViolationKind::Invariant,
              fmt::format("SEM-I7: {} returns holding {}", what,
                          s.ex.trace().object_name(held.back().lock)),
              "SEM-I7");
  }
  if (outer == nullptr && !dead && !left && proc.survivor != self) userret();
  return result;
}

// userret (not in seed): reads P_WEXIT. An LWP told to exit meanwhile exits here (lwp_exit): it
// counts itself out and wakes the LWP that waits in exit_lwps.
void Frame::userret() {
  read_wexit(s, proc, self, "userret");
  if (proc.survivor == kNoThread) return;
  proc.p_lock->lock("lwp_exit");
  --proc.inside;
  left = true;
  proc.p_lwpchan->wakeup("lwp_exit");
  proc.p_lock->unlock("lwp_exit");
}

bool told_to_exit(Frame& f, Site site) {
  read_wexit(f.s, f.proc, f.self, site);
  return f.proc.survivor != kNoThread && f.proc.survivor != f.self;
}

Ptr<KsemProc> get_specific(Frame& f, Process& p, Site site) {
  return f.s.kp_of(p.specific->load(site));
}

void set_specific(Frame& f, Process& p, const Ptr<KsemProc>& kp, Site site) {
  p.specific->store(kp ? kp.unchecked()->serial : 0, site);
}

void write_name(Frame& f, const Ptr<Ksem>& ks, const Ptr<KsemName>& v, Site site) {
  SemState& s = f.s;
  if (s.cfg.check_i10 &&
      !(s.ksem_mutex.owned_by_current() && ks.at(site).ks_interlock.owned_by_current())) {
    s.ex.warn(ViolationKind::Invariant,
              fmt::format("SEM-I10: ks_name of {} written without holding both ksem_mutex "
                          "and its ks_interlock",
                          ks.at(site).tag),
              site);
  }
  ks.at(site).ks_name.set(v, site);
}

int copyout(Frame& f, Site site) {
  may_sleep(f.s.ex, site, "copyout");
  if (f.s.cfg.fault_injection && f.s.ex.choose(2, site) == 1) return err::kEFAULT;
  return 0;
}

}  // namespace kmc::model::sem
