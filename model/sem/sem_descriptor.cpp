// The `sem` model as scenario files see it: parameters, variants, operations and symbols, and the
// per-execution instance that maps scenario operations onto SemModel.
#include "model/sem/sem_descriptor.hpp"

#include <fmt/format.h>

#include "model/sem/sem_api.hpp"

namespace kmc::model::sem {

namespace {
enum Op : int {
  kInit,
  kOpen,
  kUnlink,
  kClose,
  kPost,
  kWait,
  kTrywait,
  kGetvalue,
  kDestroy,
  kFork,
  kExec,
  kExit
};

// One execution of the standalone sem model: process 1 exists from the start; `fork` creates
// a child process and runs the fork hook for it.
class SemInstance final : public ModelInstance {
 public:
  SemInstance(Execution& ex, const ModelConfig& config) : model_(ex, SemConfig::from(config)) {
    model_.add_process(1);
  }

  Value create_process() override {
    const Value pid = next_pid_++;
    model_.add_process(pid);
    return pid;
  }

  void add_thread(Value pid) override { model_.add_thread(pid); }

  Value invoke(const OpCall& call) override {
    const auto& a = call.args;
    const auto id = [&] { return a.at(0); };
    const auto name = [&]() -> const std::string& {
      return call.strings->at(static_cast<std::size_t>(a.at(0)));
    };
    switch (call.op) {
      case kInit:
        return model_.init(call.pid, static_cast<std::uint32_t>(a.at(0)));
      case kOpen:
        return model_.open(call.pid, name(), a.at(1), a.at(2), static_cast<std::uint32_t>(a.at(3)));
      case kUnlink:
        return model_.unlink(call.pid, name());
      case kClose:
        return model_.close(call.pid, id());
      case kPost:
        return model_.post(call.pid, id());
      case kWait:
        return model_.wait(call.pid, id());
      case kTrywait:
        return model_.trywait(call.pid, id());
      case kGetvalue:
        return model_.getvalue(call.pid, id());
      case kDestroy:
        return model_.destroy(call.pid, id());
      case kFork: {
        const Value child = create_process();
        // Scenario threads placed in a forked child are not announced: any number may run there.
        model_.add_thread(child);
        return model_.fork_hook(child, call.pid) ? child : -err::kESRCH;
      }
      case kExec:
        return model_.exec_hook(call.pid) ? 0 : err::kESRCH;
      case kExit:
        return model_.exit_hook(call.pid) ? 0 : err::kESRCH;
      default:
        return -1;
    }
  }

 private:
  SemModel model_;
  Value next_pid_ = 2;
};

ArgSpec arg(std::string name, ArgKind kind, std::string doc) {
  return ArgSpec{std::move(name), kind, std::move(doc), false, 0};
}

ArgSpec optional_arg(std::string name, ArgKind kind, std::string doc, Value fallback) {
  return ArgSpec{std::move(name), kind, std::move(doc), true, fallback};
}

ModelDescriptor build() {
  ModelDescriptor d;
  d.name = "sem";
  d.doc =
      "NetBSD POSIX semaphores, sys/kern/uipc_sem.c rev 1.15.4.2 (seed 001, spec §1). "
      "Processes run as uid 1000, gid 1000. init/open return the id and getvalue the value, "
      "or -errno; the other operations return 0 or a positive errno, as the seed does.";
  d.params = {
      {"SEM_MAX", 30, 0, 1000,
       "the most ksems that may exist at once (U88); lower it to reach ENFILE"},
      {"check_i10", 0, 0, 1,
       "1: check SEM-I10, ks_name written only under both ksem_mutex and ks_interlock (U100-104); "
       "a strict-discipline check kept apart from the safety checks"},
      {"check_i5_ref", 1, 0, 1,
       "0: leave out SEM-I5's ks_ref >= ks_waiters, which otherwise reports a lost wait reference "
       "before its consequence (the use-after-free of M-SEM-notempref) can happen"},
  };
  d.variants = {
      {"M-SEM-nowaiters", "sys__ksem_destroy without the ks_waiters -> EBUSY test (U769-773)"},
      {"M-SEM-notempref",
       "ksem_wait without its temporary reference: no ksem_addref at U670, and mutex_exit instead "
       "of ksem_delref at U682"},
      {"M-SEM-freeorder",
       "ksem_free takes ksem_mutex (U161) before it drops ks_interlock (U159): interlock then "
       "ksem_mutex, against the lookups' ksem_mutex then interlock (U557, U302)"},
      {"F-SEM-dtor-noexit",
       "a corrected ksem_proc_dtor without the second mutex_exit at U218 (not in the spec's list: "
       "lets exit and exec scenarios look past that seed defect)"},
  };
  const std::string id_doc = "a semaphore id (the result of init or open)";
  d.ops = {
      {"init",
       {arg("value", ArgKind::Int, "initial value")},
       "sem_init: sys__ksem_init/do_ksem_init U367-401 (ksem_create U309-365); id or -errno"},
      {"open",
       {arg("name", ArgKind::Name, "semaphore name, e.g. /s1"),
        arg("oflag", ArgKind::Flags, "O_CREAT, O_EXCL or 0"),
        optional_arg("mode", ArgKind::Flags, "permission bits (S_IWUSR ...), default 0600", 0600),
        optional_arg("value", ArgKind::Int, "initial value when created, default 0", 0)},
       "sem_open: do_ksem_open U418-524; id or -errno"},
      {"unlink",
       {arg("name", ArgKind::Name, "semaphore name")},
       "sem_unlink: sys__ksem_unlink U542-580; 0 or errno"},
      {"close",
       {arg("id", ArgKind::Ref, id_doc)},
       "sem_close: sys__ksem_close U582-616; 0 or errno"},
      {"post", {arg("id", ArgKind::Ref, id_doc)}, "sem_post: sys__ksem_post U618-650; 0 or errno"},
      {"wait",
       {arg("id", ArgKind::Ref, id_doc)},
       "sem_wait: ksem_wait(l, id, 0) U652-694, may sleep in mtsleep U673; 0 or errno",
       true},
      {"trywait",
       {arg("id", ArgKind::Ref, id_doc)},
       "sem_trywait: ksem_wait(l, id, 1) U652-684, U696-704; 0 or errno (EAGAIN)"},
      {"getvalue",
       {arg("id", ArgKind::Ref, id_doc)},
       "sem_getvalue: sys__ksem_getvalue U706-732; the value or -errno"},
      {"destroy",
       {arg("id", ArgKind::Ref, id_doc)},
       "sem_destroy: sys__ksem_destroy U734-780; 0 or errno (EINVAL, EBUSY)"},
      {"fork",
       {},
       "fork: creates a child process and runs ksem_forkhook U782-809; the child's pid"},
      {"exec",
       {},
       "exec: exit_lwps (not in seed: the process's other threads finish their sem calls, a "
       "sem_wait fails with EINTR, and exit), then ksem_exechook U811-821; 0, or ESRCH when this "
       "thread had itself been told to exit"},
      {"exit",
       {},
       "exit: exit_lwps (as for exec), then proc_finispecific (not in seed) -> ksem_proc_dtor "
       "U206-224; the process is gone afterwards, and later calls of its other threads do "
       "nothing (ESRCH)"},
  };
  d.symbols = {{"O_CREAT", kOCreat}, {"O_EXCL", kOExcl},   {"S_IRUSR", 0400}, {"S_IWUSR", kSIWUSR},
               {"S_IRGRP", 0040},    {"S_IWGRP", kSIWGRP}, {"S_IROTH", 0004}, {"S_IWOTH", kSIWOTH}};
  using namespace err;  // NOLINT(google-build-using-namespace): the table names them all
  d.errnos = {{"EPERM", kEPERM},
              {"ENOENT", kENOENT},
              {"ESRCH", kESRCH},
              {"EINTR", kEINTR},
              {"EFAULT", kEFAULT},
              {"EBUSY", kEBUSY},
              {"EEXIST", kEEXIST},
              {"EINVAL", kEINVAL},
              {"ENFILE", kENFILE},
              {"EAGAIN", kEAGAIN},
              {"ENAMETOOLONG", kENAMETOOLONG},
              {"EOVERFLOW", kEOVERFLOW}};
  d.mark_status_ops({"unlink", "close", "post", "wait", "trywait", "destroy", "exec"});
  d.create = [](Execution& ex, const ModelConfig& config) -> std::unique_ptr<ModelInstance> {
    return std::make_unique<SemInstance>(ex, config);
  };
  return d;
}
}  // namespace

const ModelDescriptor& descriptor() {
  static const ModelDescriptor d = build();
  return d;
}

}  // namespace kmc::model::sem
