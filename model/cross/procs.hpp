// The process table the proc and signal filters look into (not in seed): one KProc per pid of
// the fd model's tasks, with p_klist, p_token and the running/zombie state pfind and zpfind read.
#pragma once

#include <map>
#include <memory>

#include "model/kq/file_layer.hpp"

namespace kmc::cross {

class ProcTable final : public kq::ProcLayer {
 public:
  explicit ProcTable(Execution& ex) : ex_(ex) {}
  // A new running process `pid` (its tokens are bound by the caller through Kq::bind_proc).
  kq::KProc& add(Value pid);
  // The process, in any state, or null.
  [[nodiscard]] kq::KProc* find(Value pid) const;

  [[nodiscard]] kq::KProc* pfind(Value pid, Site site) override;
  [[nodiscard]] kq::KProc* zpfind(Value pid, Site site) override;
  [[nodiscard]] kq::KProc* proc_of(Value pid) override { return find(pid); }

 private:
  Execution& ex_;
  std::map<Value, std::unique_ptr<kq::KProc>> procs_;
};

}  // namespace kmc::cross
