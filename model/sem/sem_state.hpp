// Internal state of the sem model (NetBSD uipc_sem.c rev 1.15.4.2, spec §1): the kernel objects
// (ksem, ksem_ref, ksem_proc, name strings), the globals, the process table and the ghost state
// the invariants need. Only model/sem/*.cpp include this; other code uses sem_api.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/intrusive_list.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/refcount.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"
#include "model/sem/sem_api.hpp"

namespace kmc::model::sem {

inline constexpr std::uint32_t kSemValueMax = ~0u;  // SEM_VALUE_MAX (U92)
inline constexpr std::size_t kHashSize = 13;        // SEM_HASHTBL_SIZE (U93)
inline constexpr std::size_t kMaxNameLen = 14;      // SEM_MAX_NAMELEN (U91)

// A name string allocated with malloc(M_WAITOK) by ksem_create (U332); freed by unlink or open.
struct KsemName {
  explicit KsemName(std::string t) : text(std::move(t)) {}
  std::string text;
};

// struct ksem (U105-117), plus the ghost state the invariants read.
struct Ksem {
  // Built inside the heap allocation: its engine objects belong to (and are named after) the cell.
  explicit Ksem(Execution& ex);

  ListLink<Ksem> ks_entry;            // U106, on ksem_head while named, under ksem_mutex
  ListLink<Ksem> ks_hash;             // U107, on a ksem_hash chain, under ksem_mutex
  Mutex ks_interlock;                 // U108, lock class "ks_interlock"
  Tracked<Ptr<KsemName>> ks_name;     // U109: read under either lock, written under both
  RefCount* ks_ref = nullptr;         // U110, under ks_interlock; ghost holders (spec §1.5);
                                      // owned by SemState::refcounts
  std::uint32_t ks_mode = 0;          // U111, set once before the ksem is shared
  Value ks_uid = 0;                   // U112
  Value ks_gid = 0;                   // U113
  Tracked<std::uint32_t> ks_value;    // U114, under ks_interlock
  Tracked<std::uint32_t> ks_waiters;  // U115, under ks_interlock
  std::uint32_t ks_id = 0;            // U116, set once under ksem_mutex before the ksem is shared
  WaitChannel chan;                   // the sleep channel is the ksem's address (U673, U645)

  // --- ghost ---
  std::string tag;                      // the heap cell's name ("ksem#3"), for messages
  ThreadId unpublished_by = kNoThread;  // a named ksnew of an open in progress (SEM-I2)
  ThreadId limbo_by = kNoThread;        // live but not in the hash: being created or freed (SEM-I1)
  std::vector<ThreadId> waiting;        // threads between U672 and U675 (SEM-I5)
  std::uint64_t initial = 0;            // value at create, successful posts and takes (SEM-I6)
  std::uint64_t posts = 0;
  std::uint64_t takes = 0;
};

// struct ksem_ref (U119-122): one per open handle of a process.
struct KsemRef {
  explicit KsemRef(Execution& ex);
  ListLink<KsemRef> ksr_list;  // U120, on its process's kp_ksems, under kp_lock
  Ptr<Ksem> ksr_ksem;          // U121
};

// struct ksem_proc (U124-127): a process's list of handles, under kp_lock.
struct KsemProc {
  // Takes the next serial from `counter`, which is also the handle in SemState::kps.
  KsemProc(Execution& ex, int& counter);

  RwLock kp_lock;                   // U125, lock class "kp_lock"
  IntrusiveList<KsemRef> kp_ksems;  // U126, through ksr_list
  // --- ghost ---
  int serial = 0;
  std::string tag;  // the heap cell's name ("ksem_proc#4"), for messages
  Value owner = 0;  // the process it was allocated for (SEM-I8)
};

// A process of the model: credentials, its specificdata slot for ksem_specificdata_key, and what
// its exit and exec need of its LWPs (not in seed: kern_exit.c exit_lwps and lwp_exit).
struct Process {
  Value pid = 0;
  Value uid = 1000;
  Value gid = 1000;
  // proc_getspecific / proc_setspecific (not in seed): a plain pointer load and store, each its
  // own step; the value is a handle into SemState::kps (0 = NULL).
  std::unique_ptr<Shared<Value>> specific;
  // P_WEXIT / LW_WEXIT (not in seed): set by exit_lwps; read at syscall entry, at userret and by a
  // PCATCH sleeper that wakes up. Its steps order those points against the exit; who is told to
  // exit is the ghost `survivor` below, changed only in the step that sets it. Only a process
  // with several threads (`lwps`) takes these steps.
  std::unique_ptr<Atomic<Value>> p_wexit;
  std::unique_ptr<Mutex> p_lock;           // p_lock (not in seed): exit_lwps against lwp_exit
  std::unique_ptr<WaitChannel> p_lwpchan;  // where exit_lwps waits for LWPs to exit (lwp_wait1)
  // --- ghost ---
  bool lwps = false;              // several threads may call (SemModel::add_thread)
  ThreadId survivor = kNoThread;  // the LWP running exit or exec: every other one is told to exit
  bool exited = false;
  int inside = 0;  // LWPs of this process inside a sem operation or hook, the exiting one included
};

struct SemState;

// One sem operation or hook running on the current thread: its temporaries (leak roots while the
// thread lives), its ghost reference holders, and the SEM-I7 check when it returns.
class Frame {
 public:
  Frame(SemState& s, Value pid, const char* what);
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;
  ~Frame();

  // Checks SEM-I7 (no lock held), goes back to user mode (userret: an LWP told to exit exits
  // there) and returns `result`.
  [[nodiscard]] Value ret(Value result);
  // The value a call returns when its LWP was told to exit before it entered the kernel: it never
  // runs (ESRCH, negative for the calls whose results are ids or values).
  [[nodiscard]] static Value lwp_gone(bool negative) {
    return negative ? -err::kESRCH : err::kESRCH;
  }

  [[nodiscard]] Holder create_holder() const { return {"create-in-progress", self, 0}; }
  [[nodiscard]] Holder open_holder() const { return {"open-in-progress", self, 0}; }
  [[nodiscard]] Holder wait_holder() const { return {"wait-temp", self, 0}; }

  SemState& s;
  Process& proc;
  ThreadId self;
  const char* what;
  Ptr<Ksem> ks, ksnew;
  Ptr<KsemRef> ksr, ksr1;
  Ptr<KsemProc> kp, kp2;
  Ptr<KsemName> cp;
  Frame* outer = nullptr;
  // The LWP had been told to exit (its process exits or execs in another LWP) when it entered:
  // the call does nothing, and every later call of this thread does the same.
  bool dead = false;
  bool left = false;  // counted out of Process::inside already (lwp_exit)

 private:
  void userret();
};

// Everything one execution of the sem model owns.
struct SemState {
  SemState(Execution& ex, const SemConfig& config);

  Execution& ex;
  SemConfig cfg;
  Mutex ksem_mutex;                                             // U135, lock class "ksem_mutex"
  IntrusiveList<Ksem> ksem_head;                                // U136, named ksems, via ks_entry
  std::vector<std::unique_ptr<IntrusiveList<Ksem>>> ksem_hash;  // U137, every ksem, via ks_hash
  Tracked<int> nsems;                                           // U138
  Tracked<std::uint32_t> ksem_counter;                          // U144
  std::vector<std::unique_ptr<Process>> procs;                  // by pid order of creation
  // --- ghost ---
  std::vector<Ptr<Ksem>> ksems;    // every ksem cell ever allocated (one entry per cell)
  std::vector<Ptr<KsemProc>> kps;  // handle h-1 -> the ksem_proc allocated as the h-th
  // Engine workaround: a RefCount that lives inside a heap cell still alive at the end of an
  // execution is destroyed after the engine's RefRegistry (~Execution destroys refcount_service
  // before heap_service) and crashes; so each ksem's ks_ref lives here instead. Every use goes
  // through the ksem's checked pointer first, so a use after the free is still caught.
  std::vector<std::unique_ptr<RefCount>> refcounts;
  std::array<Frame*, kMaxThreads> frames{};
  // Per thread: its event count just after its last read of P_WEXIT, plus one (0: none yet). A
  // syscall entry right after the userret read of the previous call needs no read of its own.
  std::array<std::uint32_t, kMaxThreads> wexit_read{};
  int kp_serial = 0;

  [[nodiscard]] Process* find(Value pid) const;
  [[nodiscard]] Process& process(Value pid);  // fails (harness assertion) on an unknown pid
  [[nodiscard]] Ptr<KsemProc> kp_of(Value handle) const;
  // ksem_hash[SEM_HASH(id)] (U96, U137).
  [[nodiscard]] IntrusiveList<Ksem>& hash_chain(std::uint32_t id) {
    return *ksem_hash[id % kHashSize];
  }
  [[nodiscard]] static Holder ksr_holder(const Ptr<KsemProc>& kp, const Ptr<KsemRef>& ksr);
  // LOCK_ASSERT / KASSERT: an assertion failure (only reachable under variants).
  void lock_assert(bool holds, const char* what, Site site);
};

// --- internal helpers, spec §1.2 (sem_helpers.cpp) ---
void ksem_free(Frame& f, const Ptr<Ksem>& ks);
void ksem_addref(Frame& f, const Ptr<Ksem>& ks, const Holder& h);
void ksem_delref(Frame& f, const Ptr<Ksem>& ks, const Holder& h);
[[nodiscard]] Ptr<KsemProc> ksem_proc_alloc(Frame& f, Value owner);
void ksem_proc_dtor(Frame& f, const Ptr<KsemProc>& kp);
void ksem_add_proc(Frame& f, const Ptr<Ksem>& ks, const Holder& from);
[[nodiscard]] Ptr<KsemRef> ksem_drop_proc(Frame& f, const Ptr<KsemProc>& kp, const Ptr<Ksem>& ks);
[[nodiscard]] bool ksem_perm(Frame& f, const Ptr<Ksem>& ks);
[[nodiscard]] Ptr<Ksem> ksem_lookup_byname(Frame& f, const std::string& name);
[[nodiscard]] Ptr<Ksem> ksem_lookup_proc(Frame& f, const Ptr<KsemProc>& kp, Value id);
// ksem_create (sem_create.cpp): 0 and `out` set, or an errno.
[[nodiscard]] int ksem_create(Frame& f, const std::string* name, std::uint32_t mode,
                              std::uint32_t value, Ptr<Ksem>& out);
// proc_getspecific(p, ksem_specificdata_key): one step (an unlocked pointer load).
[[nodiscard]] Ptr<KsemProc> get_specific(Frame& f, Process& p, Site site);
// proc_setspecific: one step (an unlocked pointer store).
void set_specific(Frame& f, Process& p, const Ptr<KsemProc>& kp, Site site);
// ks_name = v, with the SEM-I10 discipline check when it is on.
void write_name(Frame& f, const Ptr<Ksem>& ks, const Ptr<KsemName>& v, Site site);
// copyout (or copyinstr): a blocking point; with fault injection it may fail with EFAULT.
[[nodiscard]] int copyout(Frame& f, Site site);
// After a PCATCH sleep that ended normally (sleepq_block, not in seed): one step that reads
// LW_WEXIT; true when the LWP has been told to exit, so the sleep fails with EINTR.
[[nodiscard]] bool told_to_exit(Frame& f, Site site);
// exit_lwps (not in seed): tells every other LWP of the process to exit and waits until each has
// left its sem call. False when another LWP of the process got there first: this one exits too.
[[nodiscard]] bool exit_lwps(Frame& f);

// --- invariants, end checks, leak roots (sem_checks.cpp) ---
void install_checks(SemState& s);
void mark_roots(const SemState& s);

}  // namespace kmc::model::sem
