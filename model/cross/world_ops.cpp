// The scenario operations of the kq and cross models, run on the calling model thread.
#include <fmt/format.h>

#include "model/cross/world.hpp"

namespace kmc::cross {

namespace {
// Counts the calling thread as inside an operation of its process while it runs.
struct Active {
  std::map<Value, int>& active;
  Value pid;
  Active(std::map<Value, int>& a, Value p) : active(a), pid(p) { ++active[pid]; }
  ~Active() { --active[pid]; }
};
}  // namespace

Value World::invoke(const model::OpCall& call) {
  const Active active(active_, call.pid);
  kq_->set_thread_pid(ex_.current(), call.pid);
  const Value result = dispatch(call);
  kq_->send_deferred_sigio();  // M-KQ-sigiodefer: on the way back to user mode
  return result;
}

Value World::dispatch(const model::OpCall& call) {
  const auto op = static_cast<WorldOp>(call.op);
  switch (op) {
    case WorldOp::Kqueue:
    case WorldOp::Change:
    case WorldOp::Kevent:
    case WorldOp::Register:
    case WorldOp::SetReadable:
    case WorldOp::Signal:
    case WorldOp::FsEvent:
    case WorldOp::MfileAssume:
    case WorldOp::Read:
    case WorldOp::Write:
    case WorldOp::Ioctl:
    case WorldOp::Fstat:
      return kq_op(op, call);
    case WorldOp::Open:
    case WorldOp::MfileOpen:
    case WorldOp::Close:
    case WorldOp::Dup:
    case WorldOp::Dup2:
    case WorldOp::SetCloexec:
      return fd_op(op, call);
    case WorldOp::Fork:
    case WorldOp::Exec:
    case WorldOp::Exit:
      return proc_op(op, call);
    default:
      return sem_op(op, call);
  }
}

Value World::kq_op(WorldOp op, const model::OpCall& call) {
  const std::vector<Value>& a = call.args;
  const ThreadId me = ex_.current();
  switch (op) {
    case WorldOp::Kqueue:
      return kq_->sys_kqueue(call.pid);
    case WorldOp::Change: {
      auto& list = changes_[me];
      list.push_back(kq::KEvent{a[0], static_cast<int>(a[1]), static_cast<unsigned>(a[2]),
                                static_cast<unsigned>(a[3]), a[4], a[5]});
      return static_cast<Value>(list.size());
    }
    case WorldOp::Kevent: {
      std::vector<kq::KEvent> list = std::move(changes_[me]);
      changes_[me].clear();
      events_[me].clear();
      return kq_->sys_kevent(call.pid, a[0], std::move(list), static_cast<int>(a[1]), a[2],
                             &events_[me]);
    }
    case WorldOp::Register: {
      std::vector<kq::KEvent> one{kq::KEvent{a[1], static_cast<int>(a[2]),
                                             static_cast<unsigned>(a[3]),
                                             static_cast<unsigned>(a[4]), a[5], 0}};
      events_[me].clear();
      return kq_->sys_kevent(call.pid, a[0], std::move(one), 0, -1, &events_[me]);
    }
    case WorldOp::SetReadable:
      if (a[0] < 0 || a[0] >= kq_->mfile_count())
        ex_.fail(ViolationKind::Assertion, "harness: no such model file", call.site);
      kq_->mfile_set_readable(static_cast<int>(a[0]), static_cast<int>(a[1]));
      return 0;
    case WorldOp::Signal: {
      kq::KProc* p = procs_.find(a[0]);
      if (p == nullptr) return kq::kESRCH;
      kq_->knote(p->p_klist,
                 static_cast<long>(kq::NOTE_SIGNAL | static_cast<unsigned>(a[1] & 0xff)));
      return 0;
    }
    case WorldOp::FsEvent:
      kq_->fs_event(static_cast<long>(a[0]));
      return 0;
    case WorldOp::MfileAssume:
      if (a[0] < 0 || a[0] >= kq_->mfile_count() || a[1] < 0 || a[1] >= kq_->mfile_count())
        ex_.fail(ViolationKind::Assertion, "harness: no such model file", call.site);
      kq_->mfile_assume(static_cast<int>(a[0]), static_cast<int>(a[1]));
      return 0;
    case WorldOp::Read:
      return kq_->sys_fileop(call.pid, a[0], kq::Kq::FileOp::Read);
    case WorldOp::Write:
      return kq_->sys_fileop(call.pid, a[0], kq::Kq::FileOp::Write);
    case WorldOp::Ioctl:
      return kq_->sys_fileop(call.pid, a[0], kq::Kq::FileOp::Ioctl, a[1], a[2]);
    case WorldOp::Fstat:
      return kq_->sys_fileop(call.pid, a[0], kq::Kq::FileOp::Stat);
    default:
      return 0;
  }
}

// falloc + fsetfd for a plain file or a model file (not in seed; the shape of sys_kqueue).
Value World::open_file(Value pid, int type, int mfile) {
  const Holder h = fd::temp_holder("open", ex_.current(), mfile);
  Value fd = -1;
  int error = 0;
  const kq::FilePtr fp = layer_->falloc(pid, type, mfile, h, fd, error, "open (not in seed)");
  if (!fp) return error;
  layer_->fsetfd(pid, fd, fp, h, "open: fd_install (not in seed)");
  return fd;
}

Value World::fd_op(WorldOp op, const model::OpCall& call) {
  const std::vector<Value>& a = call.args;
  if (op == WorldOp::Open) return open_file(call.pid, kq::DTYPE_OTHER, -1);
  if (op == WorldOp::MfileOpen) {
    if (a[0] < 0 || a[0] >= kq_->mfile_count())
      ex_.fail(ViolationKind::Assertion, "harness: no such model file", call.site);
    return open_file(call.pid, kq::DTYPE_MFILE, static_cast<int>(a[0]));
  }
  fd::FilesStruct* files = fd_->current_files(call.pid);
  if (files == nullptr) return -fd::kESRCH;
  switch (op) {
    case WorldOp::Close:
      return fd_->close_fd(*files, a[0]);
    case WorldOp::Dup:
      return fd_->dup(*files, a[0]);
    case WorldOp::Dup2:
      return fd_->dup2(*files, a[0], a[1]);
    case WorldOp::SetCloexec: {
      bool needed = false;
      const Holder h = fd::temp_holder("fcntl", ex_.current(), a[0]);
      fd::File* file = fd_->fget_raw_light(*files, a[0], needed, h);
      if (file == nullptr) return -fd::kEBADF;
      fd_->set_close_on_exec(*files, a[0], a[1] != 0);
      fd_->fput_light(*file, needed, h);
      return 0;
    }
    default:
      return 0;
  }
}

Value World::proc_op(WorldOp op, const model::OpCall& call) {
  switch (op) {
    case WorldOp::Fork:
      return fd_->fork(call.pid);
    case WorldOp::Exec:
      return fd_->exec(call.pid);
    default:
      break;
  }
  // exit: the kernel single-threads a process before exit1; the harness requires it.
  if (active_[call.pid] > 1) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("harness: exit of process {} while another of its threads is inside an "
                         "operation",
                         call.pid),
             call.site);
  }
  if (fd_->current_files(call.pid) == nullptr) return -fd::kESRCH;
  exit_status_[call.pid] = call.args[0];
  return fd_->exit(call.pid);
}

Value World::sem_op(WorldOp op, const model::OpCall& call) {
  if (!sem_) ex_.fail(ViolationKind::Assertion, "harness: no sem model here", call.site);
  const std::vector<Value>& a = call.args;
  const Value pid = call.pid;
  const auto name = [&call](Value index) -> std::string {
    return call.strings != nullptr ? (*call.strings).at(static_cast<std::size_t>(index)) : "";
  };
  switch (op) {
    case WorldOp::SemInit:
      return sem_->init(pid, static_cast<std::uint32_t>(a[0]));
    case WorldOp::SemOpen:
      return sem_->open(pid, name(a[0]), a[1], a[2], static_cast<std::uint32_t>(a[3]));
    case WorldOp::SemUnlink:
      return sem_->unlink(pid, name(a[0]));
    case WorldOp::SemClose:
      return sem_->close(pid, a[0]);
    case WorldOp::SemPost:
      return sem_->post(pid, a[0]);
    case WorldOp::SemWait:
      return sem_->wait(pid, a[0]);
    case WorldOp::SemTrywait:
      return sem_->trywait(pid, a[0]);
    case WorldOp::SemGetvalue:
      return sem_->getvalue(pid, a[0]);
    case WorldOp::SemDestroy:
      return sem_->destroy(pid, a[0]);
    default:
      ex_.fail(ViolationKind::Assertion, "harness: unknown operation", call.site);
  }
}

}  // namespace kmc::cross
