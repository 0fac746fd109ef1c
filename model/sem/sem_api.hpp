// The sem model's C++ API: NetBSD POSIX semaphores (uipc_sem.c rev 1.15.4.2, spec §1) for one
// execution, with its operations and the fork / exec / exit hooks, for the standalone `sem` model
// and for the composition layer (spec §4).
//
// Contract for callers:
// - Every call runs on the current model thread and performs the seed's steps (scheduling points)
//   in the seed's order. Call only from a model thread.
// - Processes are named by pid. Register each one with add_process() before its first call (the
//   composition creates the child itself and then calls fork_hook(child, parent)).
// - exec_hook / exit_hook first run exit_lwps (not in seed), as exit1 and execve do before the
//   hooks: every other thread of the process that is inside a sem call finishes it (a PCATCH sleep
//   in sem_wait fails with EINTR) and exits; any later call of such a thread does nothing and
//   returns ESRCH (-ESRCH for init/open/getvalue). This needs add_thread() for the process; without
//   it no other thread may be inside a call then. The thread that exited may not call again. A
//   breach is reported as an `assertion` whose message starts "harness:".
// - Results: init/open return the semaphore id, getvalue the value, each >= 0, or -errno on
//   failure (the seed copies these out; its return value is the errno). unlink/close/post/wait/
//   trywait/destroy return what the seed returns: 0 or a positive errno.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "checker/execution.hpp"

namespace kmc::model {
struct ModelConfig;
}

namespace kmc::model::sem {

// NetBSD errno values and flag bits the seed uses.
namespace err {
inline constexpr int kEPERM = 1;
inline constexpr int kENOENT = 2;
inline constexpr int kESRCH = 3;
inline constexpr int kEINTR = 4;
inline constexpr int kEFAULT = 14;
inline constexpr int kEBUSY = 16;
inline constexpr int kEEXIST = 17;
inline constexpr int kEINVAL = 22;
inline constexpr int kENFILE = 23;
inline constexpr int kEAGAIN = 35;
inline constexpr int kENAMETOOLONG = 63;
inline constexpr int kEOVERFLOW = 84;
}  // namespace err

inline constexpr Value kOCreat = 0x0200;  // O_CREAT
inline constexpr Value kOExcl = 0x0800;   // O_EXCL
inline constexpr Value kSIWUSR = 0200;    // S_IWUSR
inline constexpr Value kSIWGRP = 0020;    // S_IWGRP
inline constexpr Value kSIWOTH = 0002;    // S_IWOTH

// Scale parameters and variant switches; every default is the seed's behaviour.
struct SemConfig {
  int sem_max = 30;              // SEM_MAX (U88)
  bool fault_injection = false;  // copyout may fail (EFAULT); a signal may end mtsleep (EINTR)
  bool check_i10 = false;        // SEM-I10: ks_name written only under both locks (strict check)
  bool check_i5_ref = true;      // SEM-I5's second half, ks_ref >= ks_waiters (off: see the
                                 // consequence, e.g. the use-after-free of M-SEM-notempref)
  bool nowaiters = false;        // M-SEM-nowaiters: destroy skips the ks_waiters EBUSY test
  bool notempref = false;        // M-SEM-notempref: ksem_wait takes no temporary reference
  bool freeorder = false;        // M-SEM-freeorder: ksem_free takes ksem_mutex under ks_interlock
  bool dtor_noexit = false;      // F-SEM-dtor-noexit: drop the second mutex_exit at U218
  // Reads the sem parameters and variants of a scenario configuration.
  [[nodiscard]] static SemConfig from(const ModelConfig& config);
};

struct SemState;

// The sem subsystem of one execution. Non-copyable; owns all its state.
class SemModel {
 public:
  // Builds the globals (ksem_init, U823-838) and registers the invariants. When `own_leak_roots`
  // the model sets the execution's leak roots itself; otherwise the caller's root function must
  // call mark_roots().
  SemModel(Execution& ex, const SemConfig& config, bool own_leak_roots = true);
  SemModel(const SemModel&) = delete;
  SemModel& operator=(const SemModel&) = delete;
  ~SemModel();

  // Registers process `pid` (> 0, new) with its credentials; no step.
  void add_process(Value pid, Value uid = 1000, Value gid = 1000);
  // Process `pid` has, or may get, more than one thread; no step. From then on its calls read
  // P_WEXIT at entry and at return (a step each) so that its exit and exec are ordered against
  // them. Without it, exit and exec require that no other thread of the process is inside a call.
  void add_thread(Value pid);
  [[nodiscard]] bool has_process(Value pid) const;

  // sys__ksem_init / do_ksem_init (U367-401): id or -errno.
  [[nodiscard]] Value init(Value pid, std::uint32_t value);
  // do_ksem_open (U418-524): id or -errno.
  [[nodiscard]] Value open(Value pid, const std::string& name, Value oflag, Value mode,
                           std::uint32_t value);
  // sys__ksem_unlink (U542-580): 0 or errno.
  [[nodiscard]] Value unlink(Value pid, const std::string& name);
  // sys__ksem_close (U582-616): 0 or errno.
  [[nodiscard]] Value close(Value pid, Value id);
  // sys__ksem_post (U618-650): 0 or errno.
  [[nodiscard]] Value post(Value pid, Value id);
  // ksem_wait(l, id, 0) (U652-694): 0 or errno; may sleep.
  [[nodiscard]] Value wait(Value pid, Value id);
  // ksem_wait(l, id, 1) (U652-684, U696-704): 0 or errno.
  [[nodiscard]] Value trywait(Value pid, Value id);
  // sys__ksem_getvalue (U706-732): the value or -errno.
  [[nodiscard]] Value getvalue(Value pid, Value id);
  // sys__ksem_destroy (U734-780): 0 or errno.
  [[nodiscard]] Value destroy(Value pid, Value id);

  // ksem_forkhook(child, parent) (U782-809); `child` must have been added. False when the
  // calling thread had been told to exit (nothing ran).
  bool fork_hook(Value child, Value parent);
  // exit_lwps (not in seed), then ksem_exechook(p) (U811-821); the calling thread lives on.
  // False when the calling thread had been told to exit (nothing ran).
  bool exec_hook(Value pid);
  // Process exit: exit_lwps, then proc_finispecific (not in seed) calls ksem_proc_dtor
  // (U206-224) on the slot's value; afterwards the process counts as exited. False when the
  // calling thread had been told to exit (nothing ran).
  bool exit_hook(Value pid);

  // Marks every heap cell this model keeps reachable (globals, processes, live threads'
  // temporaries). For a caller that sets the execution's leak roots itself.
  void mark_roots() const;

  // The model's internal state (sem_state.hpp), for tests and checks; read only.
  [[nodiscard]] const SemState& state() const { return *s_; }

 private:
  std::unique_ptr<SemState> s_;
};

}  // namespace kmc::model::sem
