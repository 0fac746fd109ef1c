// The fd model's descriptor: parameters, variants, operations and symbols (spec §2, Appendix A).
#include <utility>

#include "model/fd/fd_model.hpp"

namespace kmc::fd {

using model::ArgKind;
using model::ArgSpec;
using model::OpSpec;

std::vector<model::ParamSpec> fd_param_specs() {
  return {
      {"W", 2, 1, 16,
       "BITS_PER_LONG = NR_OPEN_DEFAULT, the embedded table's size; the expansion granule is 2W"},
      {"nr_open", 8, 2, 256, "sysctl_nr_open: no fd at or above it (spec §2.1: 4W to 8W)"},
      {"rlimit", 0, 0, 256, "RLIMIT_NOFILE; 0 means equal to nr_open"},
      {"nr_open_to", 0, 0, 256,
       "0: sysctl_nr_open stays nr_open; N >= W: a sysctl writes sysctl_nr_open = N once, at any "
       "point of the run (R18; then the loads at R111, R112 and R186 are scheduling points)"},
  };
}

std::vector<model::VariantSpec> fd_variant_specs() {
  return {
      {kNoEbusy, "do_dup2 without the larval-target -EBUSY test (R650-651)"},
      {kDupfdNoclear, "dup_fd copies an open bit whose slot is NULL (no R274 clear)"},
      {kNoRepeat, "__alloc_fd falls through after expand_files returned 1 (no goto repeat, R418)"},
      {kAllocLocked, "expand_fdtable keeps file_lock held around alloc_fdtable (no R143/R145)"},
      {kPlainInc, "fget takes its reference with atomic_long_inc, not inc_not_zero (R541)"},
      {kEarlyFcheck, "dup3 looks oldfd up before expand_files (R695 above R694)"},
      {kNoExpandCheck, "expand_fdtable copies and publishes without re-checking max_fds (R158)"},
      {kCloexecRefetch,
       "fix for fd-2: do_close_on_exec reads files->fdt again after retaking file_lock (R528)"},
      {kLightNoShortcut,
       "fix for fd-1, fd-3: fget_light/fget_raw_light always take a reference under RCU (no "
       "files->count == 1 shortcut, R575, R598)"},
  };
}

FdConfig fd_config_from(const model::ModelConfig& c) {
  FdConfig f;
  f.params.W = static_cast<int>(c.param("W"));
  f.params.nr_open = static_cast<int>(c.param("nr_open"));
  f.params.rlimit = static_cast<int>(c.param("rlimit"));
  f.params.nr_open_to = static_cast<int>(c.param("nr_open_to"));
  f.variants.noebusy = c.variant(kNoEbusy);
  f.variants.dupfd_noclear = c.variant(kDupfdNoclear);
  f.variants.norepeat = c.variant(kNoRepeat);
  f.variants.alloc_locked = c.variant(kAllocLocked);
  f.variants.plaininc = c.variant(kPlainInc);
  f.variants.earlyfcheck = c.variant(kEarlyFcheck);
  f.variants.noexpandcheck = c.variant(kNoExpandCheck);
  f.variants.cloexec_refetch = c.variant(kCloexecRefetch);
  f.variants.light_noshortcut = c.variant(kLightNoShortcut);
  f.fault_injection = c.fault_injection;
  return f;
}

namespace {

ArgSpec ref(const char* name, const char* doc) {
  return ArgSpec{name, ArgKind::Ref, doc};
}
ArgSpec opt(const char* name, ArgKind kind, const char* doc, Value fallback = 0) {
  return ArgSpec{name, kind, doc, true, fallback};
}

std::vector<OpSpec> fd_ops() {
  const ArgSpec fd = ref("fd", "a descriptor of the calling task");
  const ArgSpec file = ref("f", "a file handle the thread got from fget* (0 is NULL)");
  const ArgSpec oflags = opt("flags", ArgKind::Flags, "O_CLOEXEC (and O_PATH for open)");
  const ArgSpec files = opt("files", ArgKind::Ref, "get_files handle; 0: the task's own table");
  return {
      {"open",
       {oflags},
       "do_sys_open (not in seed): __alloc_fd R395-438, create the file (may "
       "sleep: the larval window), fd_install R469-477; the fd or -EMFILE/-ENOMEM"},
      {"close", {fd}, "__close_fd R481-499: clear slot, bit and close_on_exec, unlock, filp_close"},
      {"dup", {fd}, "sys_dup R724-735: fget_raw, get_unused_fd, fd_install (or fput)"},
      {"dup2",
       {ref("oldfd", "source fd"), ref("newfd", "target fd")},
       "sys_dup2 R710-723: oldfd == newfd checks under RCU, otherwise sys_dup3(.., 0)"},
      {"dup3",
       {ref("oldfd", "source fd"), ref("newfd", "target fd"), oflags},
       "sys_dup3 R683-709: expand_files, then fcheck(oldfd), then do_dup2 R635-666"},
      {"fcntl_dupfd",
       {fd, ArgSpec{"from", ArgKind::Int, "lowest fd to return"},
        opt("cloexec", ArgKind::Int, "1 for F_DUPFD_CLOEXEC").in_range(0, 1)},
       "do_fcntl F_DUPFD (not in seed): fget_raw_light R594-613, f_dupfd R736-746, fput_light"},
      {"fget", {fd}, "fget R533-546: RCU, fcheck_files, FMODE_PATH test, inc_not_zero; a handle"},
      {"fget_raw", {fd}, "fget_raw R548-561: as fget without the FMODE_PATH test"},
      {"fget_light", {fd}, "fget_light R571-592: no reference while files->count == 1"},
      {"fget_raw_light", {fd}, "fget_raw_light R594-613"},
      {"fput", {file}, "fput (not in seed): drop a reference from fget/fget_raw; -EBADF if none"},
      {"fput_light", {file}, "fput_light (not in seed): fput only if fget*_light took a reference"},
      {"use", {file}, "touch the file's memory (one load of f_pos): a use of the pointer"},
      {"set_cloexec",
       {fd, ArgSpec{"flag", ArgKind::Int, "1 sets, 0 clears"}.in_range(0, 1)},
       "do_fcntl F_SETFD (not in seed): fget_raw_light, set_close_on_exec R614-624, fput_light"},
      {"get_cloexec",
       {fd},
       "do_fcntl F_GETFD (not in seed): fget_raw_light, get_close_on_exec R625-634 (0/1)"},
      {"replace_fd",
       {fd, file, oflags},
       "replace_fd R667-682: f = 0 closes; else expand_files and do_dup2 with the thread's file"},
      {"iterate_fd",
       {opt("n", ArgKind::Int, "first fd"), files},
       "iterate_fd R747-765: a non-sleeping callback under file_lock; returns the files it saw"},
      {"alloc_fd",
       {opt("start", ArgKind::Int, "lowest fd"), oflags, files},
       "__alloc_fd R395-438 (start, rlimit): a larval fd the thread must install or put back; "
       "on another task's table (files = a get_files handle) it may expand that table"},
      {"install",
       {ref("fd", "a larval fd of the table (of `files` when given)"), file, files},
       "__fd_install R469-476: the thread's reference on f (from fget*) becomes the slot's"},
      {"put_unused_fd", {fd}, "put_unused_fd R452-457: give a larval fd back"},
      {"clone_thread",
       {},
       "clone(CLONE_FILES) (not in seed: copy_files): a new task sharing the table; its pid"},
      {"fork", {}, "fork (not in seed: copy_files) -> dup_fd R215-297; the child's pid or error"},
      {"exec",
       {opt("fail", ArgKind::Int, "1: the exec fails after unshare_files (-ENOEXEC)")
            .in_range(0, 1)},
       "exec (not in seed): unshare_files (dup_fd if shared), do_close_on_exec R500-532, put; "
       "fail = 1 gives the displaced table back with reset_files_struct R352-360 instead"},
      {"exit", {}, "exit_files R361-369 -> put_files_struct R336-351 -> close_files R298-326"},
      {"get_files",
       {ref("pid", "a task")},
       "get_files_struct R327-335 on another task: a files handle (0 if it exited)"},
      {"put_files", {ref("h", "a handle from get_files")}, "put_files_struct R336-351"},
      {"close_foreign",
       {ref("h", "a handle from get_files"), fd},
       "__close_fd R481-499 on another task's files_struct"},
      {"reset_files",
       {ref("h", "a handle from get_files")},
       "reset_files_struct R352-360: the thread's reference on h becomes current->files; the old "
       "table is put (R336-351)"},
  };
}

model::ModelDescriptor make_descriptor() {
  model::ModelDescriptor d;
  d.name = "fd";
  d.doc =
      "Linux fs/file.c (seed 003, about 3.7-3.13): the descriptor table, its expansion, "
      "dup, fget/fput, fork, exec and exit (spec §2)";
  d.params = fd_param_specs();
  d.variants = fd_variant_specs();
  d.ops = fd_ops();
  d.symbols = {{"O_CLOEXEC", kO_CLOEXEC}, {"O_PATH", kO_PATH}};
  d.errnos = {{"EBADF", kEBADF},   {"ENOMEM", kENOMEM},   {"EBUSY", kEBUSY}, {"EINVAL", kEINVAL},
              {"EMFILE", kEMFILE}, {"ENOEXEC", kENOEXEC}, {"ESRCH", kESRCH}};
  d.create = [](Execution& ex, const model::ModelConfig& config) {
    return std::unique_ptr<model::ModelInstance>(
        std::make_unique<FdModelInstance>(ex, fd_config_from(config)));
  };
  return d;
}

}  // namespace

const model::ModelDescriptor& fd_descriptor() {
  static const model::ModelDescriptor descriptor = make_descriptor();
  return descriptor;
}

}  // namespace kmc::fd
