// The fd model as scenario files see it: its descriptor (parameters, variants, operations,
// symbols) and the per-execution instance that runs scenario operations on an FdSystem.
#pragma once

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "model/fd/fd_api.hpp"
#include "model/model_api.hpp"

namespace kmc::fd {

// The descriptor registered in model/registry.cpp under the name "fd".
[[nodiscard]] const model::ModelDescriptor& fd_descriptor();

// Operation indices of fd_descriptor().ops, in order.
enum class FdOp : int {
  Open,
  Close,
  Dup,
  Dup2,
  Dup3,
  FcntlDupfd,
  Fget,
  FgetRaw,
  FgetLight,
  FgetRawLight,
  Fput,
  FputLight,
  Use,
  SetCloexec,
  GetCloexec,
  ReplaceFd,
  IterateFd,
  AllocFd,
  Install,
  PutUnusedFd,
  CloneThread,
  Fork,
  Exec,
  Exit,
  GetFiles,
  PutFiles,
  CloseForeign,
  ResetFiles,
  Count,
};

// One execution's fd model: an FdSystem plus the references scenario threads hold (file handles
// from fget*, files_structs from get_files), so that fput/put_files can name their holders.
class FdModelInstance final : public model::ModelInstance {
 public:
  FdModelInstance(Execution& ex, const FdConfig& config);
  [[nodiscard]] Value create_process() override;
  void add_thread(Value pid) override;
  [[nodiscard]] Value invoke(const model::OpCall& call) override;
  [[nodiscard]] FdSystem& system() { return *sys_; }

 private:
  struct Ref {  // a file reference (or fget_light borrow) a scenario thread holds
    bool light = false;
    bool needed = true;
  };
  [[nodiscard]] Value file_op(FdOp op, FilesStruct& files, const std::vector<Value>& a);
  [[nodiscard]] Value ref_op(FdOp op, FilesStruct& files, const std::vector<Value>& a);
  [[nodiscard]] Value task_op(FdOp op, Value pid, const std::vector<Value>& a);
  [[nodiscard]] Value take_file(FdOp op, FilesStruct& files, Value fd);
  [[nodiscard]] bool pop_ref(Value handle, Ref& out);
  [[nodiscard]] Holder file_holder(Value handle) const;
  // The table an operation with an optional `files` argument works on: the task's own (0) or
  // the files_struct of a get_files handle (NULL if there is none).
  [[nodiscard]] FilesStruct* table_of(FilesStruct& own, Value handle) const;

  Execution& ex_;
  std::unique_ptr<FdSystem> sys_;
  std::map<std::pair<ThreadId, Value>, std::vector<Ref>> refs_;
};

}  // namespace kmc::fd
