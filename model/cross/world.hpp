// The composition of spec §4: one process/file world in which the fd model is the descriptor
// layer, the kq model runs on top of it, and (for the `cross` model) the sem model's hooks follow
// the process life cycle. It is the model instance of both the `kq` and the `cross` models.
// Violations inside this glue are reported as assertions whose message starts with "harness:".
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "model/cross/fd_file_layer.hpp"
#include "model/cross/procs.hpp"
#include "model/fd/fd_api.hpp"
#include "model/kq/kq.hpp"
#include "model/model_api.hpp"
#include "model/sem/sem_api.hpp"

namespace kmc::cross {

struct WorldConfig {
  fd::FdConfig fd;
  kq::KqParams kq;
  int nmfiles = 2;
  bool with_sem = false;
  model::sem::SemConfig sem;
};

// Operation indices of the kq and cross descriptors (cross = all of them, kq = up to SemInit).
enum class WorldOp : int {
  Kqueue,
  Change,
  Kevent,
  Register,
  Open,
  MfileOpen,
  Close,
  Dup,
  Dup2,
  SetCloexec,
  SetReadable,
  Signal,
  FsEvent,
  MfileAssume,
  Read,
  Write,
  Ioctl,
  Fstat,
  Fork,
  Exec,
  Exit,
  SemInit,  // the first operation of the cross model only
  SemOpen,
  SemUnlink,
  SemClose,
  SemPost,
  SemWait,
  SemTrywait,
  SemGetvalue,
  SemDestroy,
  Count,
};

class World final : public model::ModelInstance {
 public:
  // Builds process 1, the fd system, the kq module (and the sem model) and installs the hooks.
  World(Execution& ex, const WorldConfig& config);
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  ~World() override;

  [[nodiscard]] Value create_process() override;
  void add_thread(Value pid) override;
  [[nodiscard]] Value invoke(const model::OpCall& call) override;

  [[nodiscard]] kq::Kq& kq() { return *kq_; }
  [[nodiscard]] fd::FdSystem& fd() { return *fd_; }
  [[nodiscard]] ProcTable& procs() { return procs_; }
  // The events the calling thread's last kevent returned (for tests).
  [[nodiscard]] const std::vector<kq::KEvent>& last_events() { return events_[ex_.current()]; }

 private:
  void add_proc(Value pid);
  void on_fork(fd::Task& parent, fd::Task& child);
  void on_exec(fd::Task& task);
  void on_exit(fd::Task& task);
  void before_filp_close(fd::FilesStruct& files, Value fd, fd::File& file);
  void on_last_fput(fd::File& file, Site site);
  void drop_child_kqueues(fd::Task& child);
  void mark_roots();
  [[nodiscard]] Value dispatch(const model::OpCall& call);
  [[nodiscard]] Value kq_op(WorldOp op, const model::OpCall& call);
  [[nodiscard]] Value fd_op(WorldOp op, const model::OpCall& call);
  [[nodiscard]] Value proc_op(WorldOp op, const model::OpCall& call);
  [[nodiscard]] Value sem_op(WorldOp op, const model::OpCall& call);
  [[nodiscard]] Value open_file(Value pid, int type, int mfile);

  Execution& ex_;
  WorldConfig config_;
  std::unique_ptr<fd::FdSystem> fd_;
  std::unique_ptr<FdFileLayer> layer_;
  ProcTable procs_;
  std::unique_ptr<kq::Kq> kq_;
  std::unique_ptr<model::sem::SemModel> sem_;
  std::map<ThreadId, std::vector<kq::KEvent>> changes_;  // each thread's pending changelist
  std::map<ThreadId, std::vector<kq::KEvent>> events_;
  std::map<Value, int> active_;  // threads inside an operation, per pid
  std::map<Value, Value> exit_status_;
};

}  // namespace kmc::cross
