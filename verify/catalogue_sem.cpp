// The sem model's verify catalogue: anonymous and named semaphores, with handles in one process,
// in a forked child and in an unrelated process, and every sem operation with canonical arguments
// (spec §1; seed lines in the operations' docs).
#include "verify/catalogue.hpp"

namespace kmc::verify::detail {

Catalogue sem_catalogue() {
  Catalogue c;
  c.setups = {
      {"anon",
       "anonymous semaphore s (value 0) used by two threads of process 1",
       {},
       {"init 0 -> s"},
       {"", ""},
       true},
      {"named",
       "named semaphore /s open in process 1 (s), P2 beside it",
       {"process P2"},
       {"open /s O_CREAT -> s"},
       {"", "P2"},
       false},
      // ksem_forkhook (U782-809) gives the child process a reference on every ksem of the parent.
      {"forked",
       "named /s and anonymous t in process 1, T2 in a forked child sharing both",
       {},
       {"open /s O_CREAT -> s", "init 1 -> t", "fork -> K"},
       {"", "K"},
       false},
  };
  c.actions = {
      {"init", {"init 0 -> n"}},
      {"open create", {"open /s O_CREAT -> n"}, true},
      {"open excl", {"open /s O_CREAT|O_EXCL -> n"}},
      {"open existing", {"open /s 0 -> n"}},
      {"unlink", {"unlink /s"}, true},
      {"close s", {"close s"}, true},
      {"post s", {"post s"}, true},
      {"wait s", {"wait s"}, true},
      {"trywait s", {"trywait s"}},
      {"getvalue s", {"getvalue s"}},
      {"destroy s", {"destroy s"}},
      {"fork", {"fork"}},
      {"exec", {"exec"}},
      {"exit", {"exit"}, false, true},
  };
  c.configs = {
      {"seed", {}},
      {"fault-injection", {"option fault-injection"}},
      {"address-reuse", {"option address-reuse"}},
      {"biglock", {"option biglock"}},
  };
  return c;
}

}  // namespace kmc::verify::detail
