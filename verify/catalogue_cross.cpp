// The cross model's verify catalogue (spec §4): where fd, kq and sem meet. Every setup holds a
// kqueue kq with a READ knote on model file f (object 0), a second model file g (object 1) and a
// named semaphore /s (handle s); threads run in one process, or one in a forked child that shares
// f, g and s (not kq: the child's kqueue descriptors are dropped) and that kq watches with
// EVFILT_PROC. The actions are the operations whose effects cross subsystems: closing, dup2-ing
// or exec-closing a watched descriptor (knote_fdclose), firing and scanning the knote, fork, exec
// and exit (every model's hooks; exec and exit only in a thread alone in its process), and the
// semaphore calls that the fork/exec/exit hooks race with. The single-subsystem operations
// (ioctl, fstat, read/write of a kqueue, EVFILT_FS, signals, sem_trywait...) are proved by their
// own model's catalogue: ops_without_action lists them and a test keeps each covered there.
// No action is core: the default bound is every pair (2x1); two-deep programs cost 10^3-10^4
// DPOR executions each here, as in kq, and run with `--bound 2x2`.
#include "verify/catalogue.hpp"

namespace kmc::verify::detail {

Catalogue cross_catalogue() {
  Catalogue c;
  const std::vector<std::string> objects = {"kqueue -> kq", "mfile_open 0 -> f",
                                            "mfile_open 1 -> g", "register kq f EVFILT_READ EV_ADD",
                                            "sem_open /s O_CREAT 384 0 -> s"};
  const auto with = [&objects](std::vector<std::string> more) {
    std::vector<std::string> ops = objects;
    ops.insert(ops.end(), more.begin(), more.end());
    return ops;
  };
  c.setups = {
      {"shared",
       "kq watching f (READ, idle), g, named /s (value 0); two threads of process 1",
       {},
       objects,
       {"", ""},
       true},
      {"pending",
       "as shared, the knote on f queued (the file is readable)",
       {},
       with({"set_readable 0 1"}),
       {"", ""},
       true},
      // dup_fd copies f and g into K, the sem fork hook gives K a reference on /s, and K's copy of
      // kq is dropped; knote_fdclose in K must leave the parent's knote alone (K1873, kq_fdp).
      {"forked",
       "as shared, then fork -> K watched by kq (EVFILT_PROC NOTE_EXIT); T1 in K, T2 in process 1",
       {},
       with({"fork -> K", "register kq K EVFILT_PROC EV_ADD NOTE_EXIT"}),
       {"K", ""},
       false},
  };
  c.actions = {
      {"add read f", {"register kq f EVFILT_READ EV_ADD"}},
      {"delete read f", {"register kq f EVFILT_READ EV_DELETE"}},
      {"scan poll", {"kevent kq 2 0"}},
      {"scan wait", {"kevent kq 1 5"}},
      {"batch add g", {"change g EVFILT_READ EV_ADD", "kevent kq 1 0"}},
      {"knote f", {"set_readable 0 1"}},
      {"close f", {"close f"}},
      {"close kq", {"close kq"}},
      {"dup f", {"dup f"}},
      {"dup2 g f", {"dup2 g f"}},
      {"open", {"open"}},
      {"kqueue", {"kqueue"}},
      {"mfile_open 1", {"mfile_open 1"}},
      {"cloexec f exec", {"set_cloexec f 1", "exec"}, false, false, true},
      {"fork", {"fork"}},
      {"exec", {"exec"}, false, false, true},
      {"exit", {"exit 3"}, false, true, true},
      {"sem_open", {"sem_open /s 0 -> n", "sem_close n"}},
      {"sem_init", {"sem_init 1 -> n"}},
      {"sem_post s", {"sem_post s"}},
      {"sem_wait s", {"sem_wait s"}},
      {"sem_close s", {"sem_close s"}},
      {"sem_unlink", {"sem_unlink /s"}},
  };
  c.configs = {
      {"seed", {}},
      // The corrected ksem_proc_dtor: S1 no longer ends every exit and exec with a handle, so the
      // rest of those paths and their races are explored.
      {"sem-dtor-fixed", {"variant F-SEM-dtor-noexit"}},
      {"fault-injection", {"option fault-injection"}},
      {"address-reuse", {"option address-reuse"}},
      {"token-pool-2", {"config token_pool=2"}},
      // fork copies kqueue descriptors too: the child then reaches kq and its knotes.
      {"inherit-kqueue", {"config inherit_kqueue=1"}},
  };
  return c;
}

}  // namespace kmc::verify::detail
