// Construction of the composed world and the hooks that tie the three models together (spec §4).
#include "model/cross/world.hpp"

#include <fmt/format.h>

#include <set>

namespace kmc::cross {

World::World(Execution& ex, const WorldConfig& config)
    : ex_(ex),
      config_(config),
      fd_(std::make_unique<fd::FdSystem>(ex, config.fd)),
      layer_(std::make_unique<FdFileLayer>(ex, *fd_)),
      procs_(ex) {
  kq_ = std::make_unique<kq::Kq>(ex, config.kq, *layer_, procs_, config.nmfiles);
  layer_->set_kq(*kq_);
  if (config.with_sem) sem_ = std::make_unique<model::sem::SemModel>(ex, config.sem, false);
  add_proc(1);
  fd::FdHooks& hooks = fd_->hooks;
  hooks.last_fput = [this](fd::File& file, Site site) { on_last_fput(file, site); };
  hooks.before_filp_close = [this](fd::FilesStruct& files, Value fd, fd::File& file) {
    before_filp_close(files, fd, file);
  };
  hooks.after_fork = [this](fd::Task& parent, fd::Task& child) { on_fork(parent, child); };
  hooks.after_exec = [this](fd::Task& task) { on_exec(task); };
  hooks.after_exit = [this](fd::Task& task) { on_exit(task); };
  hooks.mark_roots = [this] { mark_roots(); };
  kq_->register_checks();
}

World::~World() = default;

void World::add_proc(Value pid) {
  kq_->bind_proc(procs_.add(pid));
  if (sem_) sem_->add_process(pid);
}

Value World::create_process() {
  const Value pid = fd_->create_process();
  add_proc(pid);
  return pid;
}

// A thread shares the process's descriptor table (CLONE_FILES); it is no new process for kq.
void World::add_thread(Value pid) {
  (void)fd_->add_thread(pid);
  if (sem_) sem_->add_thread(pid);
}

// The last fput runs fo_close before the memory goes: kqueue_close (K1625) for a kqueue. Any
// other file's close may block (not in seed: vn_close, soclose, pipe_close sleep), which gives
// up the tokens of a DragonFly caller: the knote's fdrop at K1949 runs under the kq token.
void World::on_last_fput(fd::File& file, Site site) {
  auto* ext = dynamic_cast<KqFileExt*>(file.ext.get());
  if (ext == nullptr) return;
  if (ext->kf.f_type == kq::DTYPE_KQUEUE) {
    (void)kq_->kqueue_close(layer_->ref_of(file));
    return;
  }
  kq_->source_may_block(site, "fo_close of the last reference (not in seed)");
}

// DragonFly kern_close (not in seed): after the slot is cleared and the table unlocked, an
// unlocked test of f_klist, then knote_fdclose; the closer still holds the slot's reference.
void World::before_filp_close(fd::FilesStruct& files, Value fd, fd::File& file) {
  auto* ext = dynamic_cast<KqFileExt*>(file.ext.get());
  if (ext == nullptr) return;
  const kq::FilePtr fp = layer_->ref_of(file);
  if (fp.at("kern_close").f_klist.first("kern_close: SLIST_FIRST(&fp->f_klist) (not in seed)"))
    kq_->knote_fdclose(fp, files.id, fd);
}

// fork (spec §4): copy_files has run; kqueues are not inherited, then the sem fork hook, then
// NOTE_FORK on the parent's p_klist once the child exists.
void World::on_fork(fd::Task& parent, fd::Task& child) {
  if (!config_.kq.inherit_kqueue) drop_child_kqueues(child);
  add_proc(child.pid);
  if (sem_) sem_->fork_hook(child.pid, parent.pid);
  if (kq::KProc* p = procs_.find(parent.pid)) {
    kq_->knote(p->p_klist, static_cast<long>(kq::NOTE_FORK | static_cast<unsigned>(child.pid)));
  }
}

void World::drop_child_kqueues(fd::Task& child) {
  fd::FilesStruct* files = fd_->current_files(child.pid);
  if (files == nullptr) return;
  std::vector<Value> kqfds;
  (void)fd_->iterate_fd(files, 0, [&kqfds](fd::File& file, Value fd) -> Value {
    if (file.f_type == fd::kDTYPE_KQUEUE) kqfds.push_back(fd);
    return 0;
  });
  for (const Value fd : kqfds) {
    const Holder h = fd::temp_holder("fork-nokqueue", ex_.current(), fd);
    const fd::FdSystem::Detached d = fd_->close_fd_detach(*files, fd, h);
    if (d.file != nullptr) fd_->fput(*d.file, h, "fork: kqueue not inherited (not in seed)");
  }
}

void World::on_exec(fd::Task& task) {
  if (sem_) sem_->exec_hook(task.pid);
  if (kq::KProc* p = procs_.find(task.pid))
    kq_->knote(p->p_klist, static_cast<long>(kq::NOTE_EXEC));
}

// exit (spec §4): exit_files has run; the sem destructor; then the process becomes a zombie and
// NOTE_EXIT is posted (zombie first, so that a racing attach takes the zpfind path).
void World::on_exit(fd::Task& task) {
  if (sem_) sem_->exit_hook(task.pid);
  kq::KProc* p = procs_.find(task.pid);
  if (p == nullptr) return;
  p->p_token->get("exit1: p_token (not in seed)");
  p->p_xstat.set(exit_status_[task.pid], "exit1: p_xstat (not in seed)");
  p->p_token->release("exit1 (not in seed)");
  p->p_stat.store(1, "exit1: SZOMB (not in seed)");
  kq_->knote(p->p_klist, static_cast<long>(kq::NOTE_EXIT));
}

// Leak roots beyond the fd model's (which marked the tables and the files in their slots): the
// kq layer's globals, the sem model, and what live files keep alive (kqueues, knotes, and the
// files knotes hold), to a fixpoint.
void World::mark_roots() {
  kq_->mark_globals();
  if (sem_) sem_->mark_roots();
  std::vector<kq::FilePtr> work;
  for (const kq::FilePtr& fp : layer_->all_files())
    if (fp.live() && fp.cell()->marked) work.push_back(fp);
  std::set<CellHeader*> done;
  while (!work.empty()) {
    const kq::FilePtr fp = work.back();
    work.pop_back();
    if (!fp.live() || !done.insert(fp.cell()).second) continue;
    kq_->mark_from_file(fp, work);
  }
}

}  // namespace kmc::cross
