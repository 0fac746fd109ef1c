#include "model/fd/invariants.hpp"

#include <fmt/format.h>

#include <memory>

namespace kmc::fd {

namespace {
bool has_holder(const RefCount& rc, const Holder& h) {
  for (const Holder& x : rc.holders())
    if (x.same(h)) return true;
  return false;
}
}  // namespace

void FdInvariants::install(FdSystem& sys) {
  auto self = std::shared_ptr<FdInvariants>(new FdInvariants(sys));
  Execution& ex = sys.ex_;
  const auto always = [] { return true; };
  const auto each_files = [self](auto member) {
    return [self, member]() -> std::optional<std::string> {
      for (FilesStruct* files : self->sys_.files_structs_) {
        if (files == nullptr || !self->checkable(*files)) continue;
        if (auto msg = (self.get()->*member)(*files)) return msg;
      }
      return std::nullopt;
    };
  };
  ex.add_invariant("FD-I3", always, each_files(&FdInvariants::table_state));
  ex.add_invariant("FD-I1", always, each_files(&FdInvariants::slots_and_bits));
  ex.add_invariant("FD-I2", always, each_files(&FdInvariants::next_fd));
  ex.add_invariant("FD-I4", always, [self]() -> std::optional<std::string> {
    for (FilesStruct* files : self->sys_.files_structs_) {
      if (files == nullptr || !self->checkable(*files)) continue;
      if (auto msg = self->slot_refs(*files)) return msg;
    }
    return self->holders_of_files();
  });
  ex.add_invariant("FD-I5", always, [self] { return self->files_counts(); });
  ex.add_invariant("FD-I8", always, [self] { return self->borrows(false); });
  ex.add_end_check([self] { return self->at_end(); });
  ex.set_leak_roots([&sys] { sys.mark_roots(); });
}

// A structure is checked while its lock is free, once other threads can see it, and until its
// count reached zero (close_files then empties slots without clearing bits, by design).
bool FdInvariants::checkable(const FilesStruct& files) const {
  if (!files.published || files.dead || !files.file_lock.is_free()) return false;
  return files.cell() != nullptr && files.cell()->live;
}

bool FdInvariants::file_live(const File& file) const {
  const Ptr<File>& p = sys_.files_[static_cast<std::size_t>(file.handle - 1)];
  return p.live() && p.unchecked()->handle == file.handle;  // not freed, nor reused since
}

std::optional<std::string> FdInvariants::table_state(FilesStruct& files) const {
  const Value h = files.fdt.peek();
  FdTable* fdt = sys_.table(h);
  if (fdt == nullptr) return fmt::format("files#{}->fdt is not a table ({})", files.id, h);
  const FdSystem::TableRef& ref = sys_.tables_[static_cast<std::size_t>(h - 1)];
  const CellHeader* cell = fdt->cell();
  if (cell != nullptr && (!cell->live || cell->generation != ref.generation))
    return fmt::format("files#{}->fdt points to fdtable#{}, which was freed", files.id, h);
  if (fdt->max_fds < files.max_seen)
    return fmt::format("files#{} max_fds went down from {} to {}", files.id, files.max_seen,
                       fdt->max_fds);
  files.max_seen = fdt->max_fds;
  return std::nullopt;
}

std::optional<std::string> FdInvariants::slots_and_bits(FilesStruct& files) const {
  FdTable* fdt = sys_.table(files.fdt.peek());
  Execution& ex = sys_.ex_;
  for (Value fd = 0; fd < fdt->max_fds; ++fd) {
    const Value h = fdt->fd[static_cast<std::size_t>(fd)]->peek();
    const bool open = fdt->open_fds.peek(fd);
    const auto owners = files.larval.count(fd);
    if (h != 0 && !open)
      return fmt::format("files#{} fd {} holds file#{} but its open bit is clear", files.id, fd, h);
    if (owners > 1)
      return fmt::format("files#{} fd {} is being created by {} threads at once", files.id, fd,
                         owners);
    if (h != 0 || !open) continue;
    if (owners == 0)
      return fmt::format(
          "files#{} fd {} is allocated (bit set, slot NULL) but no thread is "
          "creating it: it can never be used or freed",
          files.id, fd);
    const ThreadId owner = files.larval.find(fd)->second;
    if (ex.thread(owner).finished)
      return fmt::format("files#{} fd {} is still larval but {} has finished", files.id, fd,
                         ex.thread(owner).name);
  }
  return std::nullopt;
}

std::optional<std::string> FdInvariants::next_fd(FilesStruct& files) const {
  FdTable* fdt = sys_.table(files.fdt.peek());
  const Value next = files.next_fd.peek();
  if (next > fdt->max_fds)
    return fmt::format("files#{} next_fd {} is past max_fds {}", files.id, next, fdt->max_fds);
  for (Value fd = 0; fd < next; ++fd) {
    if (!fdt->open_fds.peek(fd))
      return fmt::format("files#{} fd {} is free but below next_fd {}", files.id, fd, next);
  }
  return std::nullopt;
}

std::optional<std::string> FdInvariants::slot_refs(FilesStruct& files) const {
  FdTable* fdt = sys_.table(files.fdt.peek());
  for (Value fd = 0; fd < fdt->max_fds; ++fd) {
    File* file = sys_.file_by_handle(fdt->fd[static_cast<std::size_t>(fd)]->peek());
    if (file == nullptr) continue;
    if (!file_live(*file))
      return fmt::format("files#{} fd {} points to a freed file", files.id, fd);
    if (!has_holder(file->f_count, slot_holder(files, fd)))
      return fmt::format("files#{} fd {} holds file#{} without a reference (f_count {}: {})",
                         files.id, fd, file->handle, file->f_count.count(),
                         file->f_count.describe_holders());
  }
  return std::nullopt;
}

std::optional<std::string> FdInvariants::holders_of_files() const {
  for (const Ptr<File>& p : sys_.files_) {
    if (!p || !file_live(*p.unchecked())) continue;
    File& file = *p.unchecked();
    for (const Holder& h : file.f_count.holders()) {
      if (std::string_view(h.kind) != kHolderSlot) continue;
      FilesStruct* files = sys_.files_by_id(h.a);
      if (files == nullptr || !checkable(*files)) continue;
      FdTable* fdt = sys_.table(files->fdt.peek());
      const Value in_slot = h.b < fdt->max_fds ? fdt->fd[static_cast<std::size_t>(h.b)]->peek() : 0;
      if (in_slot != file.handle)
        return fmt::format(
            "file#{} has a reference for files#{} fd {}, but that slot holds "
            "file#{} (a reference was lost)",
            file.handle, files->id, h.b, in_slot);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FdInvariants::files_counts() const {
  for (const auto& task : sys_.tasks_) {
    FilesStruct* files = task->files.peek();
    if (files == nullptr) continue;
    if (files->dead)
      return fmt::format("task {} still uses files#{} whose count reached zero", task->pid,
                         files->id);
    if (!has_holder(files->count, task_holder(task->pid)))
      return fmt::format("task {} uses files#{} without a count (holders: {})", task->pid,
                         files->id, files->count.describe_holders());
  }
  for (FilesStruct* files : sys_.files_structs_) {
    if (files == nullptr || !files->published || files->dead) continue;
    for (const Holder& h : files->count.holders()) {
      if (std::string_view(h.kind) != kHolderTask) continue;
      Task* task = sys_.find_task(h.a);
      if (task == nullptr || task->files.peek() != files)
        return fmt::format("files#{} counts task {}, which does not use it", files->id, h.a);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FdInvariants::borrows(bool at_end) const {
  for (const FdSystem::Borrow& b : sys_.borrows_) {
    if (at_end)
      return fmt::format("{} never released its fget_light pointer to fd {} (fput_light)",
                         sys_.ex_.thread(b.thread).name, b.fd);
    if (!file_live(*b.file) || b.file->f_count.count() < 1)
      return fmt::format(
          "{} borrows file#{} (fget_light, no reference) after its last reference "
          "was dropped",
          sys_.ex_.thread(b.thread).name, b.file->handle);
    if (!checkable(*b.files)) continue;
    FdTable* fdt = sys_.table(b.files->fdt.peek());
    const Value in_slot = b.fd < fdt->max_fds ? fdt->fd[static_cast<std::size_t>(b.fd)]->peek() : 0;
    if (in_slot != b.file->handle)
      return fmt::format(
          "fd {} was cleared or replaced while {} borrows its file#{} "
          "(fget_light without a reference)",
          b.fd, sys_.ex_.thread(b.thread).name, b.file->handle);
  }
  return std::nullopt;
}

std::optional<Violation> FdInvariants::at_end() const {
  const auto broken = [](std::string message) {
    Violation v;
    v.kind = ViolationKind::Invariant;
    v.message = "FD-I9: " + std::move(message) + " (at the end)";
    return std::optional<Violation>(std::move(v));
  };
  Execution& ex = sys_.ex_;
  for (std::size_t t = 0; t < ex.thread_count(); ++t) {
    if (ex.thread(static_cast<ThreadId>(t)).rcu_depth > 0)
      return broken(fmt::format("{} is still in an RCU read section",
                                ex.thread(static_cast<ThreadId>(t)).name));
  }
  if (auto msg = borrows(true)) return broken(*msg);
  for (const Ptr<File>& p : sys_.files_) {
    if (!p || !file_live(*p.unchecked())) continue;
    const File& file = *p.unchecked();
    if (file.f_count.count() == 0)
      return broken(fmt::format("file#{} has f_count 0 but was never freed", file.handle));
  }
  for (FilesStruct* files : sys_.files_structs_) {
    if (files == nullptr || !files->published) continue;
    if (files->cell() == nullptr || !files->cell()->live) continue;
    bool used = false;
    for (const auto& task : sys_.tasks_) used = used || task->files.peek() == files;
    if (!used)
      return broken(fmt::format("files#{} is used by no task but was not freed (count {}: {})",
                                files->id, files->count.count(), files->count.describe_holders()));
  }
  return std::nullopt;
}

}  // namespace kmc::fd
