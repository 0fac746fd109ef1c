// Runs scenario operations of the fd model on the calling model thread.
#include "model/fd/fd_model.hpp"

namespace kmc::fd {

FdModelInstance::FdModelInstance(Execution& ex, const FdConfig& config)
    : ex_(ex), sys_(std::make_unique<FdSystem>(ex, config)) {}

Value FdModelInstance::create_process() {
  return sys_->create_process();
}

void FdModelInstance::add_thread(Value pid) {
  (void)sys_->add_thread(pid);
}

Holder FdModelInstance::file_holder(Value handle) const {
  return temp_holder("fget", ex_.current(), handle);
}

FilesStruct* FdModelInstance::table_of(FilesStruct& own, Value handle) const {
  return handle == 0 ? &own : sys_->files_by_id(handle);
}

bool FdModelInstance::pop_ref(Value handle, Ref& out) {
  auto it = refs_.find({ex_.current(), handle});
  if (it == refs_.end() || it->second.empty()) return false;
  out = it->second.back();
  it->second.pop_back();
  return true;
}

Value FdModelInstance::invoke(const model::OpCall& call) {
  const auto op = static_cast<FdOp>(call.op);
  const std::vector<Value>& a = call.args;
  if (op == FdOp::CloneThread || op == FdOp::Fork || op == FdOp::Exec || op == FdOp::Exit ||
      op == FdOp::GetFiles || op == FdOp::PutFiles || op == FdOp::CloseForeign ||
      op == FdOp::ResetFiles) {
    return task_op(op, call.pid, a);
  }
  FilesStruct* files = sys_->current_files(call.pid);
  if (files == nullptr) return -kESRCH;  // the task has exited: it makes no more system calls
  if (op == FdOp::Fget || op == FdOp::FgetRaw || op == FdOp::FgetLight ||
      op == FdOp::FgetRawLight || op == FdOp::Fput || op == FdOp::FputLight || op == FdOp::Use ||
      op == FdOp::ReplaceFd || op == FdOp::Install) {
    return ref_op(op, *files, a);
  }
  return file_op(op, *files, a);
}

Value FdModelInstance::file_op(FdOp op, FilesStruct& files, const std::vector<Value>& a) {
  FdSystem& s = *sys_;
  switch (op) {
    case FdOp::Open:
      return s.open(files, a[0]);
    case FdOp::Close:
      return s.close_fd(files, a[0]);
    case FdOp::Dup:
      return s.dup(files, a[0]);
    case FdOp::Dup2:
      return s.dup2(files, a[0], a[1]);
    case FdOp::Dup3:
      return s.dup3(files, a[0], a[1], a[2]);
    case FdOp::FcntlDupfd:
      return s.fcntl_dupfd(files, a[0], a[1], a[2] != 0 ? kO_CLOEXEC : 0);
    case FdOp::SetCloexec:
    case FdOp::GetCloexec: {
      // do_fcntl F_SETFD / F_GETFD: the fd is looked up first, so the bit index is in range.
      bool needed = false;
      const Holder h = temp_holder("fcntl", ex_.current(), a[0]);
      File* file = s.fget_raw_light(files, a[0], needed, h);
      if (file == nullptr) return -kEBADF;
      Value res = 0;
      if (op == FdOp::SetCloexec) {
        s.set_close_on_exec(files, a[0], a[1] != 0);
      } else {
        res = s.get_close_on_exec(files, a[0]) ? 1 : 0;
      }
      s.fput_light(*file, needed, h);
      return res;
    }
    case FdOp::IterateFd: {
      FilesStruct* target = table_of(files, a[1]);
      Value seen = 0;
      (void)s.iterate_fd(target, a[0], [&seen](File&, Value) -> Value {
        ++seen;
        return 0;
      });
      return seen;
    }
    case FdOp::AllocFd: {
      FilesStruct* target = table_of(files, a[2]);
      if (target == nullptr) return -kEBADF;
      return s.alloc_fd(*target, a[0], s.rlimit(), a[1]);
    }
    case FdOp::PutUnusedFd:
      s.put_unused_fd(files, a[0]);
      return 0;
    default:
      return -kEINVAL;
  }
}

// fget* results are file handles the thread holds until fput*; fget_light may only borrow.
Value FdModelInstance::take_file(FdOp op, FilesStruct& files, Value fd) {
  FdSystem& s = *sys_;
  File* file = nullptr;
  bool needed = true;
  const bool light = op == FdOp::FgetLight || op == FdOp::FgetRawLight;
  // The holder names the file, which is known only after the lookup: take it under a provisional
  // tag and rename it (a ghost step) once the file is known.
  const Holder provisional = temp_holder("fget", ex_.current(), 0);
  switch (op) {
    case FdOp::Fget:
      file = s.fget(files, fd, provisional);
      break;
    case FdOp::FgetRaw:
      file = s.fget_raw(files, fd, provisional);
      break;
    case FdOp::FgetLight:
      file = s.fget_light(files, fd, needed, provisional);
      break;
    default:
      file = s.fget_raw_light(files, fd, needed, provisional);
      break;
  }
  if (file == nullptr) return 0;
  if (needed) file->f_count.transfer(provisional, file_holder(file->handle), "fget (scenario)");
  refs_[{ex_.current(), file->handle}].push_back(Ref{light, needed});
  return file->handle;
}

Value FdModelInstance::ref_op(FdOp op, FilesStruct& files, const std::vector<Value>& a) {
  FdSystem& s = *sys_;
  Ref r;
  switch (op) {
    case FdOp::Fget:
    case FdOp::FgetRaw:
    case FdOp::FgetLight:
    case FdOp::FgetRawLight:
      return take_file(op, files, a[0]);
    case FdOp::Fput:
    case FdOp::FputLight: {
      File* file = s.file_by_handle(a[0]);
      if (file == nullptr || !pop_ref(a[0], r)) return -kEBADF;  // the thread holds no such file
      if (r.light) {
        s.fput_light(*file, r.needed, file_holder(a[0]));
      } else {
        s.fput(*file, file_holder(a[0]), "fput (scenario)");
      }
      return 0;
    }
    case FdOp::Use: {
      File* file = s.file_by_handle(a[0]);
      if (file == nullptr) return -kEBADF;
      return file->f_pos.load("use (scenario)");
    }
    case FdOp::ReplaceFd: {
      File* file = s.file_by_handle(a[1]);
      if (a[1] != 0 && file == nullptr) return -kEBADF;
      return s.replace_fd(files, a[0], file, a[2]);
    }
    case FdOp::Install: {
      FilesStruct* target = table_of(files, a[2]);
      File* file = s.file_by_handle(a[1]);
      if (target == nullptr || file == nullptr || !pop_ref(a[1], r) || !r.needed) return -kEBADF;
      s.fd_install(*target, a[0], *file, file_holder(a[1]));
      return a[0];
    }
    default:
      return -kEINVAL;
  }
}

Value FdModelInstance::task_op(FdOp op, Value pid, const std::vector<Value>& a) {
  FdSystem& s = *sys_;
  switch (op) {
    case FdOp::CloneThread:
      return s.clone_files(pid);
    case FdOp::Fork:
      return s.fork(pid);
    case FdOp::Exec:
      return s.exec(pid, a[0] != 0);
    case FdOp::Exit:
      return s.exit(pid);
    case FdOp::GetFiles: {
      Task* task = s.find_task(a[0]);
      if (task == nullptr) return 0;
      // The holder is named after the files_struct, known only under task_lock: use a
      // provisional tag and rename it once known (a ghost step).
      const Holder provisional = temp_holder("get_files", ex_.current(), 0);
      FilesStruct* files = s.get_files_struct(*task, provisional);
      if (files == nullptr) return 0;
      files->count.transfer(provisional, temp_holder("get_files", ex_.current(), files->id),
                            "get_files (scenario)");
      return files->id;
    }
    case FdOp::PutFiles: {
      FilesStruct* files = s.files_by_id(a[0]);
      if (files == nullptr) return -kEBADF;
      s.put_files_struct(*files, temp_holder("get_files", ex_.current(), a[0]));
      return 0;
    }
    case FdOp::CloseForeign: {
      FilesStruct* files = s.files_by_id(a[0]);
      if (files == nullptr) return -kEBADF;
      return s.close_fd(*files, a[1]);
    }
    case FdOp::ResetFiles: {
      FilesStruct* files = s.files_by_id(a[0]);
      Task* task = s.find_task(pid);
      if (files == nullptr) return -kEBADF;
      if (task == nullptr || s.current_files(pid) == nullptr) return -kESRCH;
      s.reset_files_struct(*task, *files, temp_holder("get_files", ex_.current(), a[0]));
      return 0;
    }
    default:
      return -kEINVAL;
  }
}

}  // namespace kmc::fd
