// Parameters, variants, operations and symbols of the kq and cross models.
#include "model/cross/descriptors.hpp"

#include <algorithm>
#include <limits>

#include "model/cross/world.hpp"
#include "model/fd/fd_model.hpp"
#include "model/sem/sem_descriptor.hpp"

namespace kmc::cross {

using model::ArgKind;
using model::ArgSpec;
using model::OpSpec;

namespace {

constexpr const char* kNoCheckFd = "M-KQ-nocheckfd";
constexpr const char* kNoHack = "M-KQ-nohack";
constexpr const char* kCalloutStop = "M-KQ-calloutstop";
constexpr const char* kFpFix = "M-KQ-fpfix";
constexpr const char* kListFix = "M-KQ-listfix";
constexpr const char* kListOnly = "M-KQ-listonly";
constexpr const char* kSigioDefer = "M-KQ-sigiodefer";
constexpr const char* kDropWake = "M-KQ-dropwake";
constexpr const char* kRequeueWake = "M-KQ-requeuewake";

std::vector<model::ParamSpec> kq_params() {
  return {
      {"KQ_NEVENTS", 4, 1, 8, "KQ_NEVENTS (sys/eventvar.h): the batch of changes and events"},
      {"KN_HASHSIZE", 64, 1, 64, "KN_HASHSIZE (K167), a power of two: the kq hash buckets"},
      {"kq_calloutmax", 4096, 0, 4096, "kq_calloutmax (K151): timer knotes past it get ENOMEM"},
      {"kq_checkloop", 1000000, 0, 1000000, "kq_checkloop (K154): the scan-loop panic limit"},
      {"timer_fires", 1, 0, 4, "virtual time: how often one callout may fire in an execution"},
      {"token_pool", 0, 0, 16, "0: one pool token per address; N: N tokens shared by hashing"},
      {"outside_blocks", 1, 0, 4,
       "N: a thread holding tokens may find a token held outside the scenario (a kernel-wide "
       "pool token; the model file's f_event/fo_close; pfind) and block, up to N times in an "
       "execution; 0: only the scenario's threads contend"},
      {"nmfiles", 2, 1, 8, "model files (MFILE event sources, spec §3.3), numbered from 0"},
      {"mfile_mpsafe", 1, 0, 1, "0: the model file's filter ops run under the mplock"},
      {"strict_liveness", 1, 0, 1,
       "1: a sleep that only a forced timeout ended is a lost wakeup, unless the seed documents "
       "it as timeout-driven there (KQ-I13; model/kq/README.md); 0: no such check"},
      {"inherit_kqueue", 0, 0, 1, "1: fork copies kqueue descriptors like any other (spec §4)"},
  };
}

std::vector<model::VariantSpec> kq_variants() {
  return {
      {kNoCheckFd, "kqueue_register without the close interlock after filter_attach (K1291-1295)"},
      {kNoHack, "knote() without the temporary verification hack (K1742-1750)"},
      {kCalloutStop,
       "filt_timerdetach cancels the callout without waiting for a running expiry (K510)"},
      {kFpFix,
       "upstream fix of kq-5: kqueue_register drops fp[count-1] before goto loop (K1397) and at "
       "done (K1412)"},
      {kListFix,
       "upstream fix of kq-4: kqueue_register resets list and kn for every change (K1132, K1135)"},
      {kListOnly,
       "half of M-KQ-listfix: only list is reset per change, so a stale kn survives (K1135)"},
      {kSigioDefer,
       "fix of kq-6: knote_enqueue's SIGIO (K1974-1975) is sent when the system call or callout "
       "returns, not while the caller owns the knote"},
      {kDropWake,
       "fix of kq-2: knote_drop wakes the KN_WAITING sleepers of the knote it frees (K1952), as "
       "knote_release does (K228-230)"},
      {kRequeueWake,
       "fix of kq-7: kqueue_scan calls kqueue_wakeup after it re-queues a level-triggered knote "
       "(K1538-1539), so a kevent that slept in kqread while the scan held the knote wakes"},
  };
}

ArgSpec arg(const char* name, ArgKind kind, const char* doc) {
  return ArgSpec{name, kind, doc};
}
ArgSpec opt(const char* name, ArgKind kind, const char* doc, Value fallback = 0) {
  return ArgSpec{name, kind, doc, true, fallback};
}

// `a` under another name.
ArgSpec named(ArgSpec a, const char* name) {
  a.name = name;
  return a;
}

std::vector<OpSpec> kq_ops() {
  const ArgSpec kq = arg("kq", ArgKind::Ref, "a kqueue descriptor");
  const ArgSpec fd = arg("fd", ArgKind::Ref, "a descriptor of the calling process");
  // Model files are numbered 0 .. nmfiles-1: the parser refuses others (ArgSpec::in_range).
  const ArgSpec obj = arg("obj", ArgKind::Int, "a model file object (0 .. nmfiles-1)")
                          .in_range(0, std::numeric_limits<Value>::max(), "nmfiles");
  const ArgSpec mfile = arg("", ArgKind::Int, "model file").in_range(0, obj.max, "nmfiles");
  const ArgSpec ident = arg("ident", ArgKind::Ref, "kevent ident: fd, pid, signal, timer id...");
  const ArgSpec filter = arg("filter", ArgKind::Flags, "EVFILT_*");
  const ArgSpec flags = arg("flags", ArgKind::Flags, "EV_* action and flag bits");
  const ArgSpec fflags = opt("fflags", ArgKind::Flags, "NOTE_* bits");
  const ArgSpec data = opt("data", ArgKind::Int, "kevent data (timer period, user data...)");
  return {
      {"kqueue", {}, "sys_kqueue K723-746: falloc, kmalloc+kqueue_init, fsetfd; the fd"},
      {"change",
       {ident, filter, flags, fflags, data, opt("udata", ArgKind::Int, "udata")},
       "appends a change to this thread's changelist for its next kevent (no step); the count"},
      {"kevent",
       {kq, opt("nevents", ArgKind::Int, "room for events (0: register only)"),
        opt("timeout", ArgKind::Int, "-1: none (NULL), 0: poll, >0: a sleep that may time out",
            -1)},
       "sys_kevent K1037-1075 -> kern_kevent K796-1032 (kqueue_register K1128-1419 per batch, "
       "kqueue_scan K1428-1553): the number of events, or a positive errno",
       true},
      {"register",
       {kq, ident, filter, flags, fflags, data},
       "sys_kevent with this one change and no event room (K1037-1075): 0, 1 (EV_ERROR posted) "
       "or a positive errno"},
      {"open", {}, "a plain file through the fd layer (falloc + fsetfd, not in seed); the fd"},
      {"mfile_open",
       {obj},
       "a descriptor on a model file (spec §3.3; falloc + fsetfd, not in seed); the fd"},
      {"close",
       {fd},
       "kern_close (spec §4): __close_fd R481-494, knote_fdclose K1863-1894 when f_klist is not "
       "empty, filp_close"},
      {"dup", {fd}, "sys_dup R724-735 of the fd model"},
      {"dup2",
       {arg("oldfd", ArgKind::Ref, "source"), arg("newfd", ArgKind::Ref, "target")},
       "sys_dup2 R710-723; a replaced file goes through knote_fdclose (spec §4)"},
      {"set_cloexec",
       {fd, arg("flag", ArgKind::Int, "1 sets, 0 clears").in_range(0, 1)},
       "F_SETFD: set_close_on_exec R614-624 (for exec)"},
      {"set_readable",
       {obj, arg("x", ArgKind::Int, "the new readable count")},
       "model event source (spec §3.3): readable = x, then knote(&note, 0) K1729-1798"},
      {"signal",
       {arg("pid", ArgKind::Ref, "a process"), arg("sig", ArgKind::Int, "1..255").in_range(1, 255)},
       "knote(&p->p_klist, NOTE_SIGNAL|sig) K1729-1798 (Appendix A); ESRCH if no process"},
      {"fs_event",
       {arg("hint", ArgKind::Flags, "VQ_* style hint bits")},
       "KNOTE(&fs_klist, hint): knote K1729-1798 on the EVFILT_FS list (K653)"},
      {"mfile_assume",
       {named(mfile, "src"), named(mfile, "dst")},
       "knote_assume_knotes K1830-1858: move src's note knotes to dst"},
      {"read",
       {fd},
       "sys_read (holdfp, fo_read, fdrop; not in seed): kqueue_read K1562-1565 returns ENXIO; "
       "EBADF, or EOPNOTSUPP for a file that is not a kqueue"},
      {"write", {fd}, "sys_write, as read: kqueue_write K1571-1574 returns ENXIO"},
      {"ioctl",
       {fd, arg("cmd", ArgKind::Flags, "FIOASYNC or FIOSETOWN (others: ENOTTY)"),
        opt("arg", ArgKind::Ref, "the int argument: FIOASYNC on/off, FIOSETOWN a pid (0: none)")},
       "sys_ioctl -> kqueue_ioctl K1580-1605 under the kq token: FIOASYNC sets KQ_ASYNC, "
       "FIOSETOWN fsetown (not in seed) records the SIGIO owner that knote_enqueue signals "
       "(K1974-1975: knote on its p_klist, NOTE_SIGNAL|23); 0 or a positive errno"},
      {"fstat",
       {fd},
       "sys_fstat -> kqueue_stat K1611-1620: st_size = kq_count (read without the token), or "
       "-errno"},
      {"fork",
       {},
       "fork (spec §4): dup_fd R215-297, kqueue fds dropped in the child, sem fork hook (cross), "
       "knote(p_klist, NOTE_FORK|child); the child's pid"},
      {"exec",
       {},
       "exec (spec §4): unshare_files, do_close_on_exec R500-532 (knote_fdclose per closed fd), "
       "sem exec hook (cross), NOTE_EXEC"},
      {"exit",
       {opt("status", ArgKind::Int, "exit status (NOTE_EXIT data)")},
       "exit (spec §4): exit_files R361-369 (knote_fdclose per fd, kqueue_close on last fput), "
       "sem dtor (cross), zombie, knote(p_klist, NOTE_EXIT)"},
  };
}

std::vector<OpSpec> sem_ops() {
  const ArgSpec id = arg("id", ArgKind::Ref, "a semaphore id (from sem_init or sem_open)");
  return {
      {"sem_init",
       {arg("value", ArgKind::Int, "initial value")},
       "sys__ksem_init U367-401; id or -errno"},
      {"sem_open",
       {arg("name", ArgKind::Name, "semaphore name, e.g. /s1"),
        arg("oflag", ArgKind::Flags, "O_CREAT, O_EXCL or 0"),
        opt("mode", ArgKind::Flags, "permission bits, default 0600", 0600),
        opt("value", ArgKind::Int, "initial value when created", 0)},
       "do_ksem_open U418-524; id or -errno"},
      {"sem_unlink",
       {arg("name", ArgKind::Name, "semaphore name")},
       "sys__ksem_unlink U542-580; 0 or errno"},
      {"sem_close", {id}, "sys__ksem_close U582-616; 0 or errno"},
      {"sem_post", {id}, "sys__ksem_post U618-650; 0 or errno"},
      {"sem_wait", {id}, "ksem_wait(l, id, 0) U652-694, may sleep; 0 or errno", true},
      {"sem_trywait", {id}, "ksem_wait(l, id, 1) U652-704; 0 or errno"},
      {"sem_getvalue", {id}, "sys__ksem_getvalue U706-732; the value or -errno"},
      {"sem_destroy", {id}, "sys__ksem_destroy U734-780; 0 or errno"},
  };
}

kq::KqParams kq_params_from(const model::ModelConfig& c) {
  kq::KqParams p;
  p.kq_nevents = static_cast<int>(c.param("KQ_NEVENTS"));
  p.kn_hashsize = static_cast<int>(c.param("KN_HASHSIZE"));
  p.kq_calloutmax = static_cast<int>(c.param("kq_calloutmax"));
  p.kq_checkloop = static_cast<long>(c.param("kq_checkloop"));
  p.timer_fires = static_cast<int>(c.param("timer_fires"));
  p.token_pool = static_cast<int>(c.param("token_pool"));
  p.outside_blocks = static_cast<int>(c.param("outside_blocks"));
  p.mfile_mpsafe = c.param("mfile_mpsafe") != 0;
  p.strict_liveness = c.param("strict_liveness") != 0;
  p.inherit_kqueue = c.param("inherit_kqueue") != 0;
  p.fault_injection = c.fault_injection;
  p.nocheckfd = c.variant(kNoCheckFd);
  p.nohack = c.variant(kNoHack);
  p.calloutstop = c.variant(kCalloutStop);
  p.fpfix = c.variant(kFpFix);
  p.listfix = c.variant(kListFix);
  p.listonly = c.variant(kListOnly);
  p.sigiodefer = c.variant(kSigioDefer);
  p.dropwake = c.variant(kDropWake);
  p.requeuewake = c.variant(kRequeueWake);
  return p;
}

WorldConfig world_config_from(const model::ModelConfig& c, bool with_sem) {
  WorldConfig w;
  w.fd = fd::fd_config_from(c);
  w.kq = kq_params_from(c);
  w.nmfiles = static_cast<int>(c.param("nmfiles"));
  w.with_sem = with_sem;
  if (with_sem) w.sem = model::sem::SemConfig::from(c);
  return w;
}

model::ModelDescriptor build(bool cross) {
  model::ModelDescriptor d;
  d.name = cross ? "cross" : "kq";
  d.doc = cross ? "fd + kq + sem across processes on one process/file model (spec §4): fork, "
                  "exec and exit run every model's hooks; glue errors say \"harness:\""
                : "DragonFly kern_event.c @ 3873f15a (seed 004, spec §3) on the fd model's "
                  "descriptor layer (spec §4). kqueue/open/mfile_open return an fd or -errno "
                  "(fd layer); kevent returns the event count or a positive errno";
  d.params = fd::fd_param_specs();
  for (auto& p : kq_params()) d.params.push_back(p);
  d.variants = kq_variants();
  for (auto& v : fd::fd_variant_specs()) d.variants.push_back(v);
  d.ops = kq_ops();
  d.symbols = kq::kq_symbols();
  d.symbols.push_back({"O_CLOEXEC", fd::kO_CLOEXEC});
  // DragonFly's values; the fd layer's -errno values (fd_consts.hpp) are the same numbers.
  d.errnos = {{"EPERM", kq::kEPERM},
              {"ENOENT", kq::kENOENT},
              {"ESRCH", kq::kESRCH},
              {"EINTR", kq::kEINTR},
              {"ENXIO", kq::kENXIO},
              {"EBADF", kq::kEBADF},
              {"ENOMEM", kq::kENOMEM},
              {"EACCES", kq::kEACCES},
              {"EFAULT", kq::kEFAULT},
              {"EINVAL", kq::kEINVAL},
              {"EMFILE", kq::kEMFILE},
              {"ENOTTY", kq::kENOTTY},
              {"EWOULDBLOCK", kq::kEWOULDBLOCK},
              {"EOPNOTSUPP", kq::kEOPNOTSUPP}};
  // kevent and register are left out: their counts (events, EV_ERROR posted) overlap the errnos.
  d.mark_status_ops({"read", "write", "ioctl"});
  if (cross) {
    const model::ModelDescriptor& sem = model::sem::descriptor();
    for (const auto& p : sem.params) d.params.push_back(p);
    for (const auto& v : sem.variants) d.variants.push_back(v);
    for (auto& op : sem_ops()) d.ops.push_back(op);
    for (const auto& s : sem.symbols) d.symbols.push_back(s);
    // NetBSD's numbers agree with DragonFly's for every errno both name; sem adds its own.
    for (const auto& e : sem.errnos)
      if (std::find(d.errnos.begin(), d.errnos.end(), e) == d.errnos.end()) d.errnos.push_back(e);
    d.mark_status_ops(
        {"sem_unlink", "sem_close", "sem_post", "sem_wait", "sem_trywait", "sem_destroy"});
  }
  d.create = [cross](Execution& ex, const model::ModelConfig& config) {
    return std::unique_ptr<model::ModelInstance>(
        std::make_unique<World>(ex, world_config_from(config, cross)));
  };
  return d;
}

}  // namespace

const model::ModelDescriptor& kq_descriptor() {
  static const model::ModelDescriptor d = build(false);
  return d;
}

const model::ModelDescriptor& cross_descriptor() {
  static const model::ModelDescriptor d = build(true);
  return d;
}

}  // namespace kmc::cross
