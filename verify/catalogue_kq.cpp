// The kq model's verify catalogue: a kqueue with an fd knote on a model file (idle or pending) and
// a kqueue with a proc, a signal, a timer and a user knote, threads in process 1 and in a second
// process, and every kq operation with canonical arguments (spec §3; seed lines in the ops' docs).
#include "verify/catalogue.hpp"

namespace kmc::verify::detail {

Catalogue kq_catalogue() {
  Catalogue c;
  c.setups = {
      {"fd-knote",
       "kqueue kq with a READ knote on model file f (object 0), not pending",
       {},
       {"kqueue -> kq", "mfile_open 0 -> f", "register kq f EVFILT_READ EV_ADD"},
       {"", ""},
       true},
      {"fd-pending",
       "as fd-knote, the knote queued (the file is readable)",
       {},
       {"kqueue -> kq", "mfile_open 0 -> f", "set_readable 0 1",
        "register kq f EVFILT_READ EV_ADD"},
       {"", ""},
       true},
      {"misc-knotes",
       "kqueue kq with proc (P2), signal 5, timer 1 and user 1 knotes; T2 in P2",
       {"process P2"},
       {"kqueue -> kq", "mfile_open 0 -> f", "register kq P2 EVFILT_PROC EV_ADD NOTE_EXIT",
        "register kq 5 EVFILT_SIGNAL EV_ADD", "register kq 1 EVFILT_TIMER EV_ADD 0 10",
        "register kq 1 EVFILT_USER EV_ADD|EV_CLEAR"},
       {"", "P2"},
       false},
  };
  c.actions = {
      {"kqueue", {"kqueue"}},
      {"add read f", {"register kq f EVFILT_READ EV_ADD"}, true},
      {"delete read f", {"register kq f EVFILT_READ EV_DELETE"}},
      {"disable read f", {"register kq f EVFILT_READ EV_DISABLE"}},
      {"enable read f", {"register kq f EVFILT_READ EV_ENABLE"}},
      {"add oneshot f", {"register kq f EVFILT_WRITE EV_ADD|EV_ONESHOT"}},
      {"receipt batch",
       {"change f EVFILT_READ EV_ADD|EV_RECEIPT", "change f EVFILT_WRITE EV_ADD", "kevent kq 2 0"}},
      {"scan poll", {"kevent kq 2 0"}, true},
      {"scan wait", {"kevent kq 1 5"}},
      {"open", {"open"}},
      {"mfile_open 1", {"mfile_open 1"}},
      {"close f", {"close f"}, true},
      {"close kq", {"close kq"}},
      {"dup f", {"dup f"}},
      {"dup2 kq f", {"dup2 kq f"}},
      {"set_cloexec f", {"set_cloexec f 1"}},
      {"knote f", {"set_readable 0 1"}, true},
      {"signal 5", {"signal 1 5"}},
      {"fs_event", {"register kq 0 EVFILT_FS EV_ADD", "fs_event 1"}},
      {"mfile_assume", {"mfile_assume 0 1"}},
      {"read kq", {"read kq"}},
      {"write kq", {"write kq"}},
      {"ioctl kq async", {"ioctl kq FIOASYNC 1"}},
      {"fstat kq", {"fstat kq"}},
      {"trigger user", {"register kq 1 EVFILT_USER 0 NOTE_TRIGGER"}},
      {"delete timer", {"register kq 1 EVFILT_TIMER EV_DELETE"}},
      {"fork", {"fork"}},
      // Only in a thread alone in its process (Action::whole_process): beside a sibling in
      // process 1 they raced on the process's one fd-layer task, a modelling artefact.
      {"exec", {"exec"}, false, false, true},
      {"exit", {"exit"}, false, true, true},
  };
  // Every point keeps the seed's outside_blocks=1 (any pool token may be held elsewhere in the
  // kernel, so a token holder may block once on each token it takes): outside_blocks=0 would hide
  // interleavings the kernel has (it missed kq-3's paths, scenarios/kq/README.md). The default
  // bound stays affordable through the symmetry reduction of identical threads.
  c.configs = {
      {"seed", {}},
      {"fault-injection", {"option fault-injection"}},
      {"address-reuse", {"option address-reuse"}},
      {"biglock", {"option biglock"}},
      {"token-pool-2", {"config token_pool=2"}},
      {"mfile-mplock", {"config mfile_mpsafe=0"}},
      {"timer-fires-2", {"config timer_fires=2"}},
  };
  return c;
}

}  // namespace kmc::verify::detail
