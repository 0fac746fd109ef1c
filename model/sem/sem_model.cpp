// SemModel's lifecycle and processes, and the fork / exec / exit hooks (U782-821, spec §1.3).
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
  s.procs.push_back(std::move(p));
}

bool SemModel::has_process(Value pid) const {
  return s_->find(pid) != nullptr;
}

void SemModel::mark_roots() const {
  sem::mark_roots(*s_);
}

namespace {
// The kernel single-threads a process before exec and exit; the model requires it of callers.
void require_single_thread(Frame& f) {
  if (f.proc.active_calls > 1) {
    f.s.ex.fail(ViolationKind::Assertion,
                fmt::format("harness: {} of process {} while another of its threads is inside a "
                            "sem call",
                            f.what, f.proc.pid),
                "harness");
  }
}
}  // namespace

void SemModel::fork_hook(Value child, Value parent) {
  SemState& s = *s_;
  Frame f(s, parent, "ksem_forkhook");
  Process& p2 = s.process(child);
  f.kp = get_specific(f, f.proc, "U788");
  if (!f.kp) {
    (void)f.ret(0);
    return;
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
}

void SemModel::exec_hook(Value pid) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_exechook");
  require_single_thread(f);
  f.kp = get_specific(f, f.proc, "U816");
  if (f.kp) {
    set_specific(f, f.proc, nullptr, "U818");
    ksem_proc_dtor(f, f.kp);
  }
  (void)f.ret(0);
}

void SemModel::exit_hook(Value pid) {
  SemState& s = *s_;
  Frame f(s, pid, "exit");
  require_single_thread(f);
  // Not in seed: proc_finispecific reads the slot and calls the key's destructor on it.
  f.kp = get_specific(f, f.proc, "proc_finispecific");
  if (f.kp) ksem_proc_dtor(f, f.kp);
  f.proc.exited = true;
  (void)f.ret(0);
}

}  // namespace kmc::model::sem
