// The fd model's verify catalogue: three starting tables (shared by two cloned tasks; alone in its
// task with a foreign process beside it; shared with a forked child's copy) and every operation of
// the fd model with canonical arguments (spec §2; seed lines in the operations' docs).
#include "verify/catalogue.hpp"

namespace kmc::verify::detail {

Catalogue fd_catalogue() {
  Catalogue c;
  c.setups = {
      {"shared",
       "fds a (0) and b (1) in a table shared by two clone(CLONE_FILES) tasks",
       {},
       {"open -> a", "open -> b", "clone_thread -> C", "clone_thread -> D"},
       {"C", "D"},
       true},
      // files->count == 1 for T1: the fget_light fast paths (R575, R598) run without a
      // reference; P2 reaches T1's table only through get_files_struct (R327-335).
      {"alone",
       "fds a and b, T1 alone on its table, T2 in another process",
       {"process P2"},
       {"open -> a", "open -> b"},
       {"", "P2"},
       false},
      {"forked",
       "fds a and b; T2 in a forked child whose dup_fd copy shares the files",
       {},
       {"open -> a", "open -> b", "fork -> K"},
       {"", "K"},
       false},
  };
  c.actions = {
      {"open", {"open"}, true},
      {"open cloexec", {"open O_CLOEXEC"}},
      {"open path", {"open O_PATH"}},
      {"close a", {"close a"}, true},
      {"dup a", {"dup a"}},
      {"dup2 a b", {"dup2 a b"}, true},
      {"dup2 a a", {"dup2 a a"}},
      {"dup2 a 7", {"dup2 a 7"}},  // past the embedded table: expand_files (R169-214)
      {"dup3 a b cloexec", {"dup3 a b O_CLOEXEC"}},
      {"fcntl_dupfd a 2", {"fcntl_dupfd a 2"}},
      {"fget a", {"fget a -> f", "use f", "fput f"}, true},
      {"fget_raw a", {"fget_raw a -> f", "use f", "fput f"}},
      {"fget_light a", {"fget_light a -> f", "use f", "fput_light f"}},
      {"fget_raw_light a", {"fget_raw_light a -> f", "use f", "fput_light f"}},
      {"set_cloexec a", {"set_cloexec a 1"}},
      {"get_cloexec a", {"get_cloexec a"}},
      {"replace_fd a b", {"fget b -> f", "replace_fd a f", "fput f"}},
      {"replace_fd a 0", {"replace_fd a 0"}},
      {"iterate_fd", {"iterate_fd"}},
      {"alloc_fd put", {"alloc_fd -> x", "put_unused_fd x"}},
      {"alloc_fd install", {"fget a -> f", "alloc_fd -> x", "install x f"}},
      {"clone_thread", {"clone_thread"}},
      {"fork", {"fork"}},
      {"exec", {"exec"}},
      {"exec fail", {"exec 1"}},
      {"exit", {"exit"}, false, true},
      {"get_files put", {"get_files 1 -> h", "put_files h"}},
      {"close_foreign a", {"get_files 1 -> h", "close_foreign h a", "put_files h"}},
      {"iterate_fd foreign", {"get_files 1 -> h", "iterate_fd 0 h", "put_files h"}},
      // A foreign __alloc_fd past the table expands another task's table (spec FD-7).
      {"alloc_fd foreign",
       {"get_files 1 -> h", "fget_raw a -> f", "alloc_fd 5 0 h -> x", "install x f h",
        "put_files h"}},
      {"reset_files", {"get_files 1 -> h", "reset_files h"}},
  };
  c.configs = {
      {"seed", {}},
      {"fault-injection", {"option fault-injection"}},
      {"address-reuse", {"option address-reuse"}},
      {"nr_open-sysctl", {"config nr_open_to=4"}},
  };
  return c;
}

}  // namespace kmc::verify::detail
