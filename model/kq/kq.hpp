// The kern_event.c module (DragonFly @ 3873f15a): every function of the seed that the model runs,
// step by step as spec §3.2-§3.3 describes, with the seed line of each step in its Site. The
// implementation is split by topic: kq_knote.cpp (knote primitives), kq_register.cpp,
// kq_kevent.cpp (sys_kqueue, kern_kevent), kq_scan.cpp, kq_notify.cpp (knote, knote_fdclose,
// terminate, close), filt_*.cpp (filters) and kq_invariants.cpp (KQ-I1..I14).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/variables.hpp"
#include "model/kq/callout.hpp"
#include "model/kq/file_layer.hpp"
#include "model/kq/knote.hpp"
#include "model/kq/pools.hpp"

namespace kmc::kq {

class Kq {
 public:
  // Builds the global state (filter table, caches, model files, the mplock and fs_klist).
  Kq(Execution& ex, const KqParams& params, FileLayer& files, ProcLayer& procs, int nmfiles);
  Kq(const Kq&) = delete;
  Kq& operator=(const Kq&) = delete;

  // --- entry points (Appendix A) ---
  // sys_kqueue (K723-746) for process `pid`: the new descriptor, or a positive errno.
  [[nodiscard]] Value sys_kqueue(Value pid);
  // sys_kevent (K1037-1075): registers `changes`, then collects up to `nevents` events.
  // `timeout` < 0: none (NULL); 0: poll; > 0: a sleep that may time out. Returns the number of
  // events (sysmsg_result) or a positive errno; the events go to `out` when given.
  [[nodiscard]] Value sys_kevent(Value pid, Value kqfd, std::vector<KEvent> changes, int nevents,
                                 Value timeout, std::vector<KEvent>* out = nullptr);
  // The descriptor operations of kqueueops (K95-103) on `fd`, through the glue that holds the
  // file for the call (not in seed). Read/Write/Ioctl return 0 or a positive errno (EBADF,
  // EOPNOTSUPP for a file that is not a kqueue, ENXIO, ENOTTY, ESRCH); Stat returns st_size
  // (kq_count) or -errno. `com`/`data` are the ioctl command and its int argument.
  enum class FileOp { Read, Write, Ioctl, Stat };
  [[nodiscard]] Value sys_fileop(Value pid, Value fd, FileOp op, Value com = 0, Value data = 0);
  // A blocking point of what the model supplies around the seed, whose own token a thread outside
  // the scenario may hold (the model file's f_event and fo_close, pfind/zpfind): the engine's
  // block_if_held_outside, bounded by KqParams::outside_blocks like the pool tokens. Without a
  // bound, a filter that blocked on every call would let knote_release's K226-239 loop and a
  // scanner's knote_acquire wake each other for ever: outside contention that never ends, not a
  // flaw of the seed (model/kq/README.md, "Tokens held outside the scenario").
  void source_may_block(Site site, const char* what);
  // M-KQ-sigiodefer: sends the SIGIOs knote_enqueue queued for the calling thread, which must own
  // no knote and hold no kq token (the end of a system call or of a callout). Nothing otherwise.
  void send_deferred_sigio();
  // knote(list, hint) (K1729-1798): an event source reports an event on its klist.
  void knote(Klist& list, long hint);
  // knote_fdclose(fp, fdp, fd) (K1863-1894): the close path removes the knotes on fd.
  void knote_fdclose(const FilePtr& fp, FdpId fdp, Value fd);
  // kqueue_close(fp) (K1625-1637): fo_close on the last fdrop of a kqueue file.
  int kqueue_close(const FilePtr& fp);
  // knote_assume_knotes (K1830-1858) between two model files' note lists.
  void knote_assume_knotes(Klist& src, Klist& dst, const FilterOps* ops, int hook);
  // Model event sources (not in seed).
  void mfile_set_readable(int index, int value);  // readable = x; knote(&note, 0)
  void fs_event(long hint);                       // KNOTE(&fs_klist, hint)
  void mfile_assume(int src, int dst);            // knote_assume_knotes between model files

  // --- objects made by the world ---
  // Binds the pool tokens of a new file's f_klist / a new process's p_klist and p_token.
  void bind_file(const FilePtr& fp);
  void bind_proc(KProc& proc);
  // The calling thread now runs in process `pid` (td->td_proc).
  void set_thread_pid(ThreadId t, Value pid);
  [[nodiscard]] MFile& mfile(int index) { return *mfiles_.at(static_cast<std::size_t>(index)); }
  [[nodiscard]] int mfile_count() const { return static_cast<int>(mfiles_.size()); }
  [[nodiscard]] const FilterOps* mfile_ops() const { return &mfile_ops_; }

  // --- checks (kq_invariants.cpp) ---
  // Registers KQ-I1..I14 on the execution (invariants, end checks).
  void register_checks();
  // Marks the heap cells the kq layer keeps alive from a live file (its kqueue and knotes),
  // appending the files they reference to `more`.
  void mark_from_file(const FilePtr& fp, std::vector<FilePtr>& more) const;
  // Marks what the kq layer's globals keep alive (unused knotes in the per-CPU cache).
  void mark_globals() const;
  [[nodiscard]] const std::vector<KqPtr>& live_kqueues() const { return kqueues_; }

  // --- filters (public so that FilterOps can name them) ---
  int filt_fileattach(const KnPtr& kn);
  void filt_kqdetach(const KnPtr& kn);
  int filt_kqueue(const KnPtr& kn, long hint);
  int filt_procattach(const KnPtr& kn);
  void filt_procdetach(const KnPtr& kn);
  int filt_proc(const KnPtr& kn, long hint);
  int filt_timerattach(const KnPtr& kn);
  void filt_timerdetach(const KnPtr& kn);
  int filt_timer(const KnPtr& kn, long hint);
  void filt_timerexpire(const KnPtr& kn);
  int filt_userattach(const KnPtr& kn);
  void filt_userdetach(const KnPtr& kn);
  int filt_user(const KnPtr& kn, long hint);
  int filt_fsattach(const KnPtr& kn);
  void filt_fsdetach(const KnPtr& kn);
  int filt_fs(const KnPtr& kn, long hint);
  int filt_aioattach(const KnPtr& kn);
  int filt_sigattach(const KnPtr& kn);
  void filt_sigdetach(const KnPtr& kn);
  int filt_signal(const KnPtr& kn, long hint);
  void filt_usertouch(const KnPtr& kn, KEvent* kev, bool register_type);
  void mfile_detach(const KnPtr& kn);
  int mfile_event(const KnPtr& kn, long hint);

 private:
  // kq_knote.cpp
  int knote_acquire(const KnPtr& kn);
  int knote_release(const KnPtr& kn);
  void knote_activate(const KnPtr& kn, Site site);
  void knote_enqueue(const KnPtr& kn);
  void knote_dequeue(const KnPtr& kn);
  void kqueue_wakeup(const KqPtr& kq);
  void knote_attach(const KnPtr& kn);
  void knote_drop(const KnPtr& kn);
  void knote_detach_and_drop(const KnPtr& kn);
  [[nodiscard]] KnPtr knote_alloc(Site site);
  void knote_free(const KnPtr& kn);
  void knote_insert(Klist& klist, const KnPtr& kn);
  void knote_remove(Klist& klist, const KnPtr& kn);
  int filter_attach(const KnPtr& kn);
  // `caller`: the seed line that runs the filter (K237, K1320, K1356, K1504, K1788), where an
  // f_event that blocks is shown (filter_caller_).
  int filter_event(const KnPtr& kn, long hint, Site caller);
  int fo_kqfilter(const FilePtr& fp, const KnPtr& kn);
  int kqueue_kqfilter(const FilePtr& fp, const KnPtr& kn);
  void filt_timerreset(const KnPtr& kn, Site site);
  int mfile_kqfilter(const FilePtr& fp, const KnPtr& kn);
  // kn_status accessors with the KQ-I5 ownership checks.
  [[nodiscard]] unsigned status(const KnPtr& kn, Site site);
  void status_set(const KnPtr& kn, unsigned bits, Site site);
  void status_clear(const KnPtr& kn, unsigned bits, Site site);
  // Sleeps on an address channel (tsleep): `timeout` as the seed's timo != 0; `pcatch` lets
  // a signal end it under fault injection.
  SleepResult tsleep(AddrKey chan, const std::string& chan_name, const char* wmesg, bool timeout,
                     bool pcatch, Site site);
  // Strict liveness (KQ-I13): a sleep that only a forced timeout ended (no thread could run) is
  // a lost wakeup unless the seed documents it as timeout-driven there (`documented`; the
  // classes are in model/kq/README.md). Early timeouts are never flagged. `kq_count` >= 0 is
  // shown in the message.
  void strict_timeout(SleepResult r, bool documented, const std::string& chan_name,
                      const char* wmesg, Site site, int kq_count = -1);
  [[nodiscard]] WaitChannel& chan(AddrKey key, const std::string& name);
  // One step on the per-CPU knote cache (crit_enter section or unlocked test), so that the
  // search sees which cache operations depend on each other.
  void cache_step(AccessKind access, Site site);
  [[nodiscard]] Token& kq_token(const KqPtr& kq);
  [[nodiscard]] Klist& hash_bucket(const KqPtr& kq, Value ident, Site site);

  // kq_register.cpp
  int kqueue_register(const KqPtr& kq, KEvent* kev, int* countp);
  void floadkevfps(ThreadId td, FdpId fdp, const KEvent* kev, std::vector<FilePtr>& fp, int climit,
                   std::uint64_t batch);

  // kq_kevent.cpp / kq_scan.cpp
  int kern_kevent(const KqPtr& kq, int nevents, Value* res, std::vector<KEvent>& changes,
                  Value timeout, std::vector<KEvent>* out);
  int kqueue_scan(const KqPtr& kq, std::vector<KEvent>& kevp, int count, const KnPtr& marker,
                  Value closedcounter, std::map<std::uint64_t, int>& seen);
  // Makes the struct knote on the caller's stack a scan marker: EVFILT_MARKER and KN_PROCESSING
  // (K890-891, K1437-1438), plain writes before the marker is on the queue.
  void init_marker(const KnPtr& marker, Site filter_site, Site status_site);
  [[nodiscard]] int copy_fault(Site site, const char* what);

  // kq_fileops.cpp
  int kqueue_read(const FilePtr& fp);
  int kqueue_write(const FilePtr& fp);
  int kqueue_ioctl(const FilePtr& fp, unsigned long com, Value data);
  Value kqueue_stat(const FilePtr& fp);
  int fsetown(const KqPtr& kq, Value pgid);
  void pgsigio(Value pid);

  // kq_notify.cpp
  void kqueue_init(const KqPtr& kq);
  void kqueue_terminate(const KqPtr& kq);

  [[nodiscard]] Value current_pid() const;
  [[nodiscard]] std::string kn_name(const KnPtr& kn) const;
  [[nodiscard]] std::optional<std::string> check_kqueue(const Kqueue& q) const;
  [[nodiscard]] std::optional<Violation> end_checks() const;

  Execution& ex_;
  KqParams params_;
  FileLayer& files_;
  ProcLayer& procs_;
  TokenPool tokens_;
  ChannelPool chans_;
  Token mplock_;
  Callouts callouts_;
  Klist fs_klist_;
  std::vector<std::unique_ptr<MFile>> mfiles_;
  // The per-CPU knote cache (K189); one CPU, its operations atomic (crit_enter).
  std::vector<KnPtr> knote_cache_;
  ObjectId cache_id_;
  Atomic<int> kq_ncallouts_;  // K150: atomic_fetchadd_int / atomic_subtract_int
  // Filter tables (K137-148, K176-187) and the model files' ops.
  FilterOps file_filtops_, kqread_filtops_, proc_filtops_, timer_filtops_, user_filtops_,
      fs_filtops_, aio_filtops_, sig_filtops_, mfile_ops_;
  const FilterOps* sysfilt_ops_[EVFILT_SYSCOUNT] = {};
  // Ghost state.
  std::uint64_t next_serial_ = 1;
  std::uint64_t next_marker_ = 1;
  std::vector<KqPtr> kqueues_;  // every kqueue allocated and not yet freed
  std::vector<KnPtr> knotes_;   // every knote allocated and not yet freed
  std::vector<Value> thread_pid_;
  std::map<ThreadId, KqPtr> kqread_sleepers_;  // threads asleep in "kqread" (KQ-I13)
  std::map<ThreadId, std::vector<Value>> deferred_sigio_;  // M-KQ-sigiodefer: owners to signal
  Site filter_caller_{""};  // the caller of the f_event running now (filter_event's `caller`)
};

}  // namespace kmc::kq
