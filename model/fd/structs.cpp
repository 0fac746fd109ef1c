#include "model/fd/structs.hpp"

#include <fmt/format.h>

namespace kmc::fd {

File::File(Execution& ex, Value h, const FileSpec& spec, const Holder& holder)
    : handle(h),
      f_mode(spec.mode),
      f_type(spec.type),
      f_data(spec.data),
      f_count(ex, fmt::format("f_count#{}", h), RefCount::Options{}),
      f_pos(ex, fmt::format("f_pos#{}", h), 0),
      ext(spec.make_ext ? spec.make_ext(ex) : nullptr) {
  f_count.init({holder});
}

FdTable::FdTable(Execution& ex, std::string name, Value h, int max_fds_, int bits_per_word,
                 bool embedded_)
    : handle(h),
      max_fds(max_fds_),
      embedded(embedded_),
      open_fds(ex, name + ".open_fds", max_fds_ / bits_per_word, bits_per_word),
      close_on_exec(ex, name + ".close_on_exec", max_fds_ / bits_per_word, bits_per_word),
      ex_(ex) {
  fd.reserve(static_cast<std::size_t>(max_fds_));
  for (int i = 0; i < max_fds_; ++i)
    fd.push_back(std::make_unique<RcuVar>(ex, fmt::format("{}.fd[{}]", name, i), 0));
}

int FdTable::max(Site site) const {
  container_.check(ex_, site);
  return max_fds;
}

RcuVar& FdTable::slot(Value i, Site site) {
  container_.check(ex_, site);
  if (i < 0 || i >= max_fds) {
    ex_.fail(ViolationKind::Invariant,
             fmt::format("FD-I3: slot {} of fdtable#{} is out of bounds (max_fds {})", i, handle,
                         max_fds),
             site);
  }
  return *fd[static_cast<std::size_t>(i)];
}

FilesStruct::FilesStruct(Execution& ex, Value id_, Value fdtab_handle, int bits_per_word)
    : id(id_),
      count(ex, fmt::format("files#{}.count", id_), RefCount::Options{}),
      file_lock(ex, fmt::format("file_lock#{}", id_), "file_lock"),
      fdt(ex, fmt::format("files#{}.fdt", id_), 0),
      next_fd(ex, fmt::format("files#{}.next_fd", id_), 0),
      fdtab(ex, fmt::format("files#{}.fdtab", id_), fdtab_handle, bits_per_word, bits_per_word,
            /*embedded=*/true),
      closedcounter(ex, fmt::format("files#{}.closedcounter", id_), 0),
      ex_(ex) {}

void FilesStruct::touch(Site site) const {
  container_.check(ex_, site);
}

Task::Task(Execution& ex, Value pid_)
    : pid(pid_),
      alloc_lock(ex, fmt::format("task_lock#{}", pid_), "task_lock"),
      files(ex, fmt::format("task#{}.files", pid_), nullptr) {}

}  // namespace kmc::fd
