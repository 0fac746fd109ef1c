// The entry points that work on an existing semaphore (spec §1.3): unlink, close, post,
// wait/trywait, getvalue and destroy, each step as the seed takes it.
#include <algorithm>

#include "model/sem/sem_state.hpp"

namespace kmc::model::sem {

Value SemModel::unlink(Value pid, const std::string& name) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_unlink");
  if (f.dead) return Frame::lwp_gone(false);
  may_sleep(s.ex, "U553", "copyinstr");
  if (name.size() > kMaxNameLen) return f.ret(err::kENAMETOOLONG);
  s.ksem_mutex.lock("U557");
  f.ks = ksem_lookup_byname(f, name);
  if (!f.ks) {
    s.ksem_mutex.unlock("U560");
    return f.ret(err::kENOENT);
  }
  s.lock_assert(f.ks.at("U564").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U564");
  s.ksem_head.remove(f.ks, "U566");
  f.cp = f.ks.at("U567").ks_name.get("U567");
  write_name(f, f.ks, nullptr, "U568");
  s.ksem_mutex.unlock("U570");
  if (f.ks.at("U572").ks_ref->read("U572") == 0) {
    ksem_free(f, f.ks);
  } else {
    f.ks.at("U575").ks_interlock.unlock("U575");
  }
  heap_of(s.ex).free(f.cp.cell(), "U577");
  return f.ret(0);
}

Value SemModel::close(Value pid, Value id) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_close");
  if (f.dead) return Frame::lwp_gone(false);
  f.kp = get_specific(f, f.proc, "U592");
  if (!f.kp) return f.ret(err::kEINVAL);
  f.kp.at("U596").kp_lock.lock("U596");
  f.ks = ksem_lookup_proc(f, f.kp, id);
  if (!f.ks) {
    f.kp.at("U600").kp_lock.unlock("U600");
    return f.ret(err::kEINVAL);
  }
  s.lock_assert(f.ks.at("U604").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U604");
  if (!f.ks.at("U605").ks_name.get("U605")) {
    f.ks.at("U606").ks_interlock.unlock("U606");
    f.kp.at("U607").kp_lock.unlock("U607");
    return f.ret(err::kEINVAL);
  }
  f.ksr = ksem_drop_proc(f, f.kp, f.ks);
  f.kp.at("U612").kp_lock.unlock("U612");
  heap_of(s.ex).free(f.ksr.cell(), "U613");
  return f.ret(0);
}

Value SemModel::post(Value pid, Value id) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_post");
  if (f.dead) return Frame::lwp_gone(false);
  f.kp = get_specific(f, f.proc, "U628");
  if (!f.kp) return f.ret(err::kEINVAL);
  f.kp.at("U632").kp_lock.lock_shared("U632");
  f.ks = ksem_lookup_proc(f, f.kp, id);
  f.kp.at("U634").kp_lock.unlock("U634");
  if (!f.ks) return f.ret(err::kEINVAL);
  // From here on only ks_interlock protects ks: the thread holds no reference on it.
  s.lock_assert(f.ks.at("U638").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U638");
  int error = 0;
  const std::uint32_t v = f.ks.at("U639").ks_value.get("U639");
  if (v == kSemValueMax) {
    error = err::kEOVERFLOW;
  } else {
    f.ks.at("U643").ks_value.set(v + 1, "U643");
    ++f.ks.unchecked()->posts;
    if (f.ks.at("U644").ks_waiters.get("U644") != 0) f.ks.at("U645").chan.wakeup("U645");
  }
  f.ks.at("U648").ks_interlock.unlock("U648");
  return f.ret(error);
}

// ksem_wait (U652-684): `tryflag` selects trywait. With M-SEM-notempref no temporary reference
// is taken (U670) and the interlock is simply released at U682.
static Value ksem_wait(SemState& s, Value pid, Value id, bool tryflag) {
  Frame f(s, pid, tryflag ? "ksem_trywait" : "ksem_wait");
  if (f.dead) return Frame::lwp_gone(false);
  f.kp = get_specific(f, f.proc, "U659");
  if (!f.kp) return f.ret(err::kEINVAL);
  f.kp.at("U663").kp_lock.lock_shared("U663");
  f.ks = ksem_lookup_proc(f, f.kp, id);
  f.kp.at("U665").kp_lock.unlock("U665");
  if (!f.ks) return f.ret(err::kEINVAL);
  s.lock_assert(f.ks.at("U669").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U669");
  if (!s.cfg.notempref) ksem_addref(f, f.ks, f.wait_holder());
  int error = 0;
  while (f.ks.at("U671").ks_value.get("U671") == 0) {
    const std::uint32_t waiters = f.ks.at("U672").ks_waiters.get("U672");
    f.ks.at("U672").ks_waiters.set(waiters + 1, "U672");
    f.ks.unchecked()->waiting.push_back(f.self);
    if (tryflag) {
      error = err::kEAGAIN;
    } else {
      WaitChannel::SleepOptions opt;
      opt.wmesg = "psem";
      opt.interruptible = s.cfg.fault_injection;  // PCATCH: a signal may end the sleep
      opt.pcatch = true;  // PCATCH: so does exit_lwps of another thread of the process
      opt.interlock = &f.ks.at("U673").ks_interlock;
      const SleepResult r = f.ks.at("U673").chan.sleep("U673", opt);
      error = r == SleepResult::Interrupted ? err::kEINTR : 0;
      // Woken by a post: sleepq_block (not in seed) still fails if the thread was told to exit.
      if (error == 0 && told_to_exit(f, "U673")) error = err::kEINTR;
    }
    const std::uint32_t still = f.ks.at("U675").ks_waiters.get("U675");
    f.ks.at("U675").ks_waiters.set(still - 1, "U675");
    auto& w = f.ks.unchecked()->waiting;
    w.erase(std::find(w.begin(), w.end(), f.self));
    if (error != 0) break;
  }
  if (error == 0) {
    const std::uint32_t v = f.ks.at("U679").ks_value.get("U679");
    f.ks.at("U679").ks_value.set(v - 1, "U679");
    ++f.ks.unchecked()->takes;
  }
  if (s.cfg.notempref) {
    f.ks.at("U682").ks_interlock.unlock("U682");
  } else {
    ksem_delref(f, f.ks, f.wait_holder());
  }
  return f.ret(error);
}

Value SemModel::wait(Value pid, Value id) {
  return ksem_wait(*s_, pid, id, false);
}

Value SemModel::trywait(Value pid, Value id) {
  return ksem_wait(*s_, pid, id, true);
}

Value SemModel::getvalue(Value pid, Value id) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_getvalue");
  if (f.dead) return Frame::lwp_gone(true);
  f.kp = get_specific(f, f.proc, "U717");
  if (!f.kp) return f.ret(-err::kEINVAL);
  f.kp.at("U721").kp_lock.lock_shared("U721");
  f.ks = ksem_lookup_proc(f, f.kp, id);
  f.kp.at("U723").kp_lock.unlock("U723");
  if (!f.ks) return f.ret(-err::kEINVAL);
  s.lock_assert(f.ks.at("U727").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U727");
  const std::uint32_t val = f.ks.at("U728").ks_value.get("U728");
  f.ks.at("U729").ks_interlock.unlock("U729");
  const int error = copyout(f, "U731");
  return f.ret(error != 0 ? -error : static_cast<Value>(val));
}

Value SemModel::destroy(Value pid, Value id) {
  SemState& s = *s_;
  Frame f(s, pid, "ksem_destroy");
  if (f.dead) return Frame::lwp_gone(false);
  f.kp = get_specific(f, f.proc, "U744");
  if (!f.kp) return f.ret(err::kEINVAL);
  f.kp.at("U748").kp_lock.lock("U748");
  f.ks = ksem_lookup_proc(f, f.kp, id);
  if (!f.ks) {
    f.kp.at("U752").kp_lock.unlock("U752");
    return f.ret(err::kEINVAL);
  }
  s.lock_assert(f.ks.at("U756").ks_interlock.owned_by_current(), "mutex_owned(&ks->ks_interlock)",
                "U756");
  if (f.ks.at("U763").ks_name.get("U763")) {
    f.ks.at("U764").ks_interlock.unlock("U764");
    f.kp.at("U765").kp_lock.unlock("U765");
    return f.ret(err::kEINVAL);
  }
  // M-SEM-nowaiters deletes this test.
  if (!s.cfg.nowaiters && f.ks.at("U769").ks_waiters.get("U769") != 0) {
    f.ks.at("U770").ks_interlock.unlock("U770");
    f.kp.at("U771").kp_lock.unlock("U771");
    return f.ret(err::kEBUSY);
  }
  f.ksr = ksem_drop_proc(f, f.kp, f.ks);
  f.kp.at("U776").kp_lock.unlock("U776");
  heap_of(s.ex).free(f.ksr.cell(), "U777");
  return f.ret(0);
}

}  // namespace kmc::model::sem
