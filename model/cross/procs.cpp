#include "model/cross/procs.hpp"

namespace kmc::cross {

kq::KProc& ProcTable::add(Value pid) {
  auto proc = std::make_unique<kq::KProc>(ex_, pid);
  kq::KProc& ref = *proc;
  procs_[pid] = std::move(proc);
  return ref;
}

kq::KProc* ProcTable::find(Value pid) const {
  auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

// pfind (not in seed): a running process, held (PHOLD); processes are never freed here.
kq::KProc* ProcTable::pfind(Value pid, Site site) {
  kq::KProc* p = find(pid);
  if (p == nullptr) return nullptr;
  return p->p_stat.load(site) == 0 ? p : nullptr;
}

// zpfind (not in seed): a zombie process.
kq::KProc* ProcTable::zpfind(Value pid, Site site) {
  kq::KProc* p = find(pid);
  if (p == nullptr) return nullptr;
  return p->p_stat.load(site) == 1 ? p : nullptr;
}

}  // namespace kmc::cross
