// The generator tables of the shipped models (fd, sem, kq, cross): what each operation returns and
// takes, which results are resources its thread must release, which calls act on the whole task.
// Every operation of a shipped model has a rule (a test checks it): a new operation needs a line
// here. They reach kmc fuzz as every model's rules do, registered with their descriptors.
#include "fuzz/protocol.hpp"
#include "model/cross/descriptors.hpp"
#include "model/fd/fd_model.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::fuzz {
namespace {

using R = Res;
constexpr Role kRel = Role::Release;

ArgRule a(Res t, Role r = Role::Plain) {
  return ArgRule{t, r};
}

using Table = std::map<std::string, OpRule>;

// fs/file.c (model fd). fget*/alloc_fd/get_files start a hold that the same thread ends; the
// file ops tolerate any descriptor number (-EBADF), so fds are plain values.
Table fd_table() {
  Table t;
  t["open"] = {R::Fd, {a(R::None)}};
  t["close"] = {R::None, {a(R::Fd)}};
  t["dup"] = {R::Fd, {a(R::Fd)}};
  t["dup2"] = {R::Fd, {a(R::Fd), a(R::FdNum)}};
  t["dup3"] = {R::Fd, {a(R::Fd), a(R::FdNum), a(R::None)}};
  t["fcntl_dupfd"] = {R::Fd, {a(R::Fd), a(R::Small), a(R::Bool)}};
  t["fget"] = {R::File, {a(R::Fd)}};
  t["fget_raw"] = {R::File, {a(R::Fd)}};
  t["fget_light"] = {R::Borrow, {a(R::Fd)}};
  t["fget_raw_light"] = {R::Borrow, {a(R::Fd)}};
  t["fput"] = {R::None, {a(R::File, kRel)}};
  t["fput_light"] = {R::None, {a(R::Borrow, kRel)}};
  t["use"] = {R::None, {a(R::AnyFile)}};
  t["set_cloexec"] = {R::None, {a(R::Fd), a(R::Bool)}};
  t["get_cloexec"] = {R::None, {a(R::Fd)}};
  t["replace_fd"] = {R::Fd, {a(R::FdNum), a(R::FileOr0), a(R::None)}};
  t["iterate_fd"] = {R::None, {a(R::Small), a(R::FilesOr0)}};
  t["alloc_fd"] = {R::Larval, {a(R::Small), a(R::None), a(R::Zero)}, false, true};
  t["install"] = {R::Fd, {a(R::Larval, kRel), a(R::File, kRel), a(R::Zero)}, false, true};
  t["put_unused_fd"] = {R::None, {a(R::Larval, kRel)}};
  t["clone_thread"] = {R::Pid, {}, true};
  t["fork"] = {R::Pid, {}, true};
  t["exec"] = {R::None, {a(R::Bool)}, true};
  t["exit"] = {R::None, {}, true};
  t["get_files"] = {R::Files, {a(R::Pid)}};
  t["put_files"] = {R::None, {a(R::Files, kRel)}};
  t["close_foreign"] = {R::None, {a(R::Files), a(R::FdNum)}};
  t["reset_files"] = {R::None, {a(R::Files, kRel)}, false, false, false, true};
  return t;
}

Table sem_table(const std::string& prefix) {
  Table t;
  t[prefix + "init"] = {R::Sem, {a(R::Small)}};
  t[prefix + "open"] = {R::Sem, {a(R::None), a(R::None), a(R::None), a(R::Small)}};
  t[prefix + "unlink"] = {R::None, {a(R::None)}};
  for (const char* op : {"close", "post", "wait", "trywait", "getvalue", "destroy"})
    t[prefix + op] = {R::None, {a(R::Sem)}};
  return t;
}

Table kq_table() {
  Table t;
  t["kqueue"] = {R::Kq, {}};
  t["change"] = {R::None,
                 {a(R::Ident), a(R::None), a(R::None), a(R::None), a(R::Small), a(R::Small)}};
  t["kevent"] = {R::None, {a(R::Kq), a(R::Small), a(R::None)}};
  t["register"] = {R::None,
                   {a(R::Kq), a(R::Ident), a(R::None), a(R::None), a(R::None), a(R::Small)}};
  t["open"] = {R::Fd, {}};
  t["mfile_open"] = {R::Fd, {a(R::Mfile)}};
  t["close"] = {R::None, {a(R::Fd)}};
  t["dup"] = {R::Fd, {a(R::Fd)}};
  t["dup2"] = {R::Fd, {a(R::Fd), a(R::FdNum)}};
  t["set_cloexec"] = {R::None, {a(R::Fd), a(R::Bool)}, false, false, true};
  t["set_readable"] = {R::None, {a(R::Mfile), a(R::Small)}};
  t["signal"] = {R::None, {a(R::Pid), a(R::Signal)}};
  t["fs_event"] = {R::None, {a(R::None)}};
  t["mfile_assume"] = {R::None, {a(R::Mfile), a(R::Mfile)}};
  t["read"] = {R::None, {a(R::Fd)}};
  t["write"] = {R::None, {a(R::Fd)}};
  t["ioctl"] = {R::None, {a(R::Fd), a(R::None), a(R::Pid)}};
  t["fstat"] = {R::None, {a(R::Fd)}};
  t["fork"] = {R::Pid, {}, true};
  t["exec"] = {R::None, {}, true};
  t["exit"] = {R::None, {a(R::Small)}, true};
  return t;
}

// Each shipped model's rules: its table, and the options of the parser that do not apply to it.
// biglock ("switch threads only where one sleeps", spec §0.1) is how the sem seed's 2006 NetBSD
// kernel ran its system calls; fd's Linux has had no big kernel lock since 2.6.39, and kq's
// DragonFly code runs MPSAFE under LWKT tokens (its mplock is `config mfile_mpsafe=0`), so biglock
// there would explore only a subset of the kernel's interleavings (scenarios/README.md). cross
// runs the fd and kq code too. Only kq's seed has sleeps with a timeout (the sem seed's mtsleep at
// U673 has none): early-timeouts is for kq and cross.
Rules fd_rules() {
  Rules r;
  r.ops = fd_table();
  r.one_thread_per_task = true;
  r.sibling_op = "clone_thread";
  r.options_off = {"biglock", "early-timeouts"};
  return r;
}

Rules sem_rules() {
  Rules r;
  r.ops = sem_table("");
  r.ops["fork"] = {R::Pid, {}, true};
  r.ops["exec"] = {R::None, {}, true};
  r.ops["exit"] = {R::None, {}, true};
  r.options_off = {"early-timeouts"};
  return r;
}

Rules kq_rules() {
  Rules r;
  r.ops = kq_table();
  r.options_off = {"biglock"};
  return r;
}

Rules cross_rules() {
  Rules r = kq_rules();
  const Table s = sem_table("sem_");
  r.ops.insert(s.begin(), s.end());
  return r;
}

}  // namespace

const std::vector<RulesEntry>& shipped_rules() {
  static const std::vector<RulesEntry> entries = {
      {&model::sem::descriptor(), sem_rules},
      {&fd::fd_descriptor(), fd_rules},
      {&cross::kq_descriptor(), kq_rules},
      {&cross::cross_descriptor(), cross_rules},
  };
  return entries;
}

}  // namespace kmc::fuzz
