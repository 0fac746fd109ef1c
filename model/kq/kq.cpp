// Construction of the kern_event.c module and the small helpers every part of it uses.
#include "model/kq/kq.hpp"

#include <fmt/format.h>

namespace kmc::kq {

Kq::Kq(Execution& ex, const KqParams& params, FileLayer& files, ProcLayer& procs, int nmfiles)
    : ex_(ex),
      params_(params),
      files_(files),
      procs_(procs),
      tokens_(ex, params.token_pool, params.outside_blocks),
      chans_(ex),
      mplock_(ex, "mplock"),
      callouts_(ex, params.timer_fires,
                [this](const KnPtr& kn) {
                  filt_timerexpire(kn);
                  send_deferred_sigio();  // M-KQ-sigiodefer: once the callback has returned
                }),
      fs_klist_(ex, "fs_klist", LinkField::Next),
      cache_id_(ex.register_object(ObjectKind::Internal, "knote_cache_lists[cpu0]")),
      kq_ncallouts_(ex, "kq_ncallouts", 0) {
  fs_klist_.bind(tokens_.of({&fs_klist_, 0}, "pool(fs_klist)"));
  for (int i = 0; i < nmfiles; ++i) {
    mfiles_.push_back(std::make_unique<MFile>(ex, i));
    MFile& m = *mfiles_.back();
    m.note.bind(tokens_.of({&m, 0}, "pool(mfile" + std::to_string(i) + ".note)"));
  }
  constexpr unsigned kMp = FILTEROP_MPSAFE;
  file_filtops_ = {"file_filtops", FILTEROP_ISFD | kMp, &Kq::filt_fileattach, nullptr, nullptr};
  kqread_filtops_ = {"kqread_filtops", FILTEROP_ISFD | kMp, nullptr, &Kq::filt_kqdetach,
                     &Kq::filt_kqueue};
  proc_filtops_ = {"proc_filtops", kMp, &Kq::filt_procattach, &Kq::filt_procdetach,
                   &Kq::filt_proc};
  timer_filtops_ = {"timer_filtops", kMp, &Kq::filt_timerattach, &Kq::filt_timerdetach,
                    &Kq::filt_timer};
  user_filtops_ = {"user_filtops", kMp, &Kq::filt_userattach, &Kq::filt_userdetach,
                   &Kq::filt_user};
  fs_filtops_ = {"fs_filtops", kMp, &Kq::filt_fsattach, &Kq::filt_fsdetach, &Kq::filt_fs};
  // DragonFly has no AIO: its stub filter is not MPSAFE and its attach fails (not in seed).
  aio_filtops_ = {"aio_filtops", 0, &Kq::filt_aioattach, nullptr, nullptr};
  // The model signal filter (spec §3.3; not in seed).
  sig_filtops_ = {"sig_filtops", kMp, &Kq::filt_sigattach, &Kq::filt_sigdetach,
                  &Kq::filt_signal};
  mfile_ops_ = {"mfile_ops", FILTEROP_ISFD | (params.mfile_mpsafe ? kMp : 0u), nullptr,
                &Kq::mfile_detach, &Kq::mfile_event};
  // sysfilt_ops[] in the order of K176-187, indexed by ~filter.
  sysfilt_ops_[0] = &file_filtops_;   // EVFILT_READ
  sysfilt_ops_[1] = &file_filtops_;   // EVFILT_WRITE
  sysfilt_ops_[2] = &aio_filtops_;    // EVFILT_AIO
  sysfilt_ops_[3] = &file_filtops_;   // EVFILT_VNODE
  sysfilt_ops_[4] = &proc_filtops_;   // EVFILT_PROC
  sysfilt_ops_[5] = &sig_filtops_;    // EVFILT_SIGNAL
  sysfilt_ops_[6] = &timer_filtops_;  // EVFILT_TIMER
  sysfilt_ops_[7] = &file_filtops_;   // EVFILT_EXCEPT
  sysfilt_ops_[8] = &user_filtops_;   // EVFILT_USER
  sysfilt_ops_[9] = &fs_filtops_;     // EVFILT_FS
}

void Kq::bind_file(const FilePtr& fp) {
  KFile& f = *fp.unchecked();
  f.f_klist.bind(tokens_.of({fp.cell(), 1}, fmt::format("pool(fp#{}.f_klist)", f.serial)));
}

void Kq::bind_proc(KProc& proc) {
  proc.p_klist.bind(tokens_.of({&proc, 1}, fmt::format("pool(proc{}.p_klist)", proc.pid)));
  // p_token is a token of struct proc, not a pool token (K310 takes it with lwkt_gettoken).
  proc.p_token = &tokens_.dedicated({&proc, 0}, fmt::format("proc{}.p_token", proc.pid));
}

void Kq::set_thread_pid(ThreadId t, Value pid) {
  if (thread_pid_.size() <= t) thread_pid_.resize(t + 1u, 0);
  thread_pid_[t] = pid;
}

Value Kq::current_pid() const {
  const ThreadId t = ex_.current();
  return t < thread_pid_.size() ? thread_pid_[t] : 0;
}

std::string Kq::kn_name(const KnPtr& kn) const {
  return fmt::format("knote#{}", kn.unchecked() ? kn.unchecked()->serial : 0);
}

unsigned Kq::status(const KnPtr& kn, Site site) { return kn.at(site).kn_status.get(site); }

// KQ-I5: PROCESSING, DELETING and QUEUED change only by the PROCESSING owner; PROCESSING is
// taken only when free and dropped only by its owner.
void Kq::status_set(const KnPtr& kn, unsigned bits, Site site) {
  Knote& k = kn.at(site);
  const unsigned old = k.kn_status.get(site);
  const ThreadId me = ex_.current();
  if ((bits & KN_PROCESSING) && (old & KN_PROCESSING)) {
    ex_.warn(ViolationKind::Invariant,
             fmt::format("KQ-I5: {} takes KN_PROCESSING of {} owned by thread {}",
                         ex_.thread(me).name, kn_name(kn), k.owner),
             site);
  }
  if ((bits & (KN_DELETING | KN_QUEUED)) && (old & KN_PROCESSING) && k.owner != me) {
    ex_.warn(ViolationKind::Invariant,
             fmt::format("KQ-I5: {} changes DELETING/QUEUED of {} it does not own",
                         ex_.thread(me).name, kn_name(kn)),
             site);
  }
  k.kn_status.set(old | bits, site);
  if (bits & KN_PROCESSING) k.owner = me;
}

void Kq::status_clear(const KnPtr& kn, unsigned bits, Site site) {
  Knote& k = kn.at(site);
  const unsigned old = k.kn_status.get(site);
  const ThreadId me = ex_.current();
  if ((bits & (KN_PROCESSING | KN_QUEUED | KN_DELETING)) && (old & KN_PROCESSING) &&
      k.owner != me) {
    ex_.warn(ViolationKind::Invariant,
             fmt::format("KQ-I5: {} clears PROCESSING/QUEUED/DELETING of {} it does not own",
                         ex_.thread(me).name, kn_name(kn)),
             site);
  }
  k.kn_status.set(old & ~bits, site);
  if (bits & KN_PROCESSING) k.owner = kNoThread;
}

void Kq::cache_step(AccessKind access, Site site) {
  PendingOp op(access == AccessKind::Read ? OpKind::Load : OpKind::Store, cache_id_, access, site);
  ex_.visible(op);
}

WaitChannel& Kq::chan(AddrKey key, const std::string& name) { return chans_.of(key, name); }

SleepResult Kq::tsleep(AddrKey key, const std::string& chan_name, const char* wmesg, bool timeout,
                       bool pcatch, Site site) {
  WaitChannel::SleepOptions opt;
  opt.wmesg = wmesg;
  opt.timeout = timeout;
  opt.interruptible = pcatch && params_.fault_injection;
  return chan(key, chan_name).sleep(site, opt);
}

void Kq::strict_timeout(SleepResult r, bool documented, const std::string& chan_name,
                        const char* wmesg, Site site, int kq_count) {
  if (r != SleepResult::TimedOut || documented || !params_.strict_liveness) return;
  ex_.fail(ViolationKind::LostWakeup,
           fmt::format("KQ-I13 (strict): {} slept on {} (\"{}\") and only its timeout woke it{}",
                       ex_.thread(ex_.current()).name, chan_name, wmesg,
                       kq_count >= 0 ? fmt::format(" while kq_count = {}", kq_count) : ""),
           site);
}

void Kq::source_may_block(Site site, const char* what) {
  (void)block_if_held_outside(ex_, site, params_.outside_blocks, kNoObject, what);
}

Token& Kq::kq_token(const KqPtr& kq) {
  return tokens_.of({kq.cell(), 0}, fmt::format("pool(kq#{})", kq.unchecked()->serial));
}

Klist& Kq::hash_bucket(const KqPtr& kq, Value ident, Site site) {
  Kqueue& q = kq.at(site);
  const HashPtr hash = q.kq_knhash.get(site);
  const int mask = q.kq_knhashmask.get(site);
  if (!hash) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("kq#{}: kq_knhash is NULL (NULL dereference)", q.serial), site);
  }
  const auto v = static_cast<std::uint64_t>(ident);
  const auto index = static_cast<std::size_t>((v ^ (v >> 8)) & static_cast<std::uint64_t>(mask));
  return *hash.at(site).buckets.at(index);
}

}  // namespace kmc::kq
