// SemModel's lifecycle and processes, and the fork / exec / exit hooks (U782-821, spec §1.3) with
// the exit_lwps they run behind (not in seed).
#include <fmt/format.h>

#include "model/sem/sem_state.hpp"

namespace kmc::model::sem {

SemModel::SemModel(Execution& ex, const SemConfig& config, bool own_leak_roots)
    : s_(std::make_unique<SemState>(ex, config)) {
  install_checks(*s_);
  if (own_leak_roots) {
    SemState* s = s_.get();
    ex.set_leak_roots([s] { sem::mark_roots(*s); });
  }
}

SemModel::~SemModel() = default;

void SemModel::add_process(Value pid, Value uid, Value gid) {
  SemState& s = *s_;
  if (pid <= 0 || s.find(pid) != nullptr) {
    s.ex.fail(ViolationKind::Assertion, fmt::format("harness: process {} added twice", pid),
              "harness");
  }
  auto p = std::make_unique<Process>();
  p->pid = pid;
  p->uid = uid;
  p->gid = gid;
  p->specific = std::make_unique<Shared<Value>>(s.ex, fmt::format("ksem_specific(p{})", pid), 0);
  p->p_wexit = std::make_unique<Atomic<Value>>(s.ex, fmt::format("p_wexit(p{})", pid), 0);
  p->p_lock = std::make_unique<Mutex>(s.ex, fmt::format("p_lock(p{})", pid), "p_lock");
  p->p_lwpchan = std::make_unique<WaitChannel>(s.ex, fmt::format("p_lwps(p{})", pid));
  s.procs.push_back(std::move(p));
}

void SemModel::add_thread(Value pid) {
  s_->process(pid).lwps = true;
}

bool SemModel::has_process(Value pid) const {
  return s_->find(pid) != nullptr;
}

void SemModel::mark_roots() const {
  sem::mark_roots(*s_);
}

// exit_lwps (not in seed: kern_exit.c; exit1 and execve call it before the process's exit or exec
// hooks run, so those hooks run once, with no other LWP of the process left in the kernel). It
// sets P_WEXIT, makes every other LWP of the process that is inside a sem call runnable if it is in
// a PCATCH sleep (it fails with EINTR; a later PCATCH sleep fails at once), and waits until each
// has left its call (lwp_exit at userret). An LWP outside the kernel exits at its next syscall
// entry.
bool exit_lwps(Frame& f) {
  SemState& s = f.s;
  Process& p = f.proc;
  if (!p.lwps) {
    // A process declared with one thread: there is no other LWP to wait for.
    if (p.inside > 1) {
      s.ex.fail(ViolationKind::Assertion,
                fmt::format("harness: {} of process {} while another of its threads is inside a "
                            "sem call (a process with several threads needs add_thread)",
                            f.what, p.pid),
                "harness");
    }
    return true;
  }
  p.p_lock->lock("exit_lwps");
  if (p.survivor != kNoThread && p.survivor != f.self) {
    // Another LWP is already exiting or exec'ing the process, and waits for this one.
    --p.inside;
    f.left = true;
    p.p_lwpchan->wakeup("lwp_exit");
    p.p_lock->unlock("lwp_exit");
    return false;
  }
  p.p_wexit->store(1, "exit_lwps");
  p.survivor = f.self;
  for (std::size_t t = 0; t < s.frames.size() && t < s.ex.thread_count(); ++t) {
    const Frame* other = s.frames[t];
    if (other == nullptr || other->self == f.self) continue;
    while (other->outer != nullptr) other = other->outer;
    if (&other->proc == &p && !other->dead) tell_thread_to_exit(s.ex, other->self);
  }
  while (p.inside > 1) {
    WaitChannel::SleepOptions opt;
    opt.wmesg = "lwpwait";
    opt.interlock = p.p_lock.get();
    (void)p.p_lwpchan->sleep("exit_lwps", opt);
  }
  p.p_lock->unlock("exit_lwps");
  return true;
}

bool SemModel::fork_hook(Value child, Value parent) {
  SemState& s = *s_;
  Frame f(s, parent, "ksem_forkhook");
  if (f.dead) return false;
  Process& p2 = s.process(child);
  f.kp = get_specific(f, f.proc, "U788");
  if (!f.kp) {
    (void)f.ret(0);
    return true;
  }
  f.kp2 = ksem_proc_alloc(f, child);
  f.kp.at("U794").kp_lock.lock_shared("U794");
  if (!f.kp.at("U796").kp_ksems.empty("U796")) {
    // LIST_FOREACH: the parent's list cannot change while its reader lock is held.
    IntrusiveList<KsemRef>& list = f.kp.at("U797").kp_ksems;
    for (Ptr<KsemRef> ksr = list.first("U797"); ksr; ksr = list.next(ksr, "U797")) {
      // malloc(M_WAITOK) may sleep while the parent's kp_lock is held as reader.
      f.ksr1 = make<KsemRef>(s.ex, "ksem_ref", "U798", true, s.ex);
      const Ptr<Ksem> ks = ksr.at("U799").ksr_ksem;
      f.ksr1.at("U799").ksr_ksem = ks;
      ks.at("U800").ks_interlock.lock("U800");
      ksem_addref(f, ks, SemState::ksr_holder(f.kp2, f.ksr1));
      ks.at("U802").ks_interlock.unlock("U802");
      // kp2 is still private to this thread: no lock.
      f.kp2.at("U803").kp_ksems.insert_head(f.ksr1, "U803");
      f.ksr1 = nullptr;
    }
  }
  f.kp.at("U807").kp_lock.unlock("U807");
  set_specific(f, p2, f.kp2, "U808");
  (void)f.ret(0);
  return true;
}

bool SemModel::exec_hook(Value pid) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_exechook");
  if (f.dead || !exit_lwps(f)) return false;
  f.kp = get_specific(f, f.proc, "U816");
  if (f.kp) {
    set_specific(f, f.proc, nullptr, "U818");
    ksem_proc_dtor(f, f.kp);
  }
  (void)f.ret(0);
  return true;
}

bool SemModel::exit_hook(Value pid) {
  SemState& s = *s_;
  Frame f(s, pid, "exit");
  if (f.dead || !exit_lwps(f)) return false;
  // Not in seed: proc_finispecific reads the slot and calls the key's destructor on it.
  f.kp = get_specific(f, f.proc, "proc_finispecific");
  if (f.kp) ksem_proc_dtor(f, f.kp);
  f.proc.exited = true;
  (void)f.ret(0);
  return true;
}

}  // namespace kmc::model::sem
