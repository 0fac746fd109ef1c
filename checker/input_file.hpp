// Reading an input file kmc is given by name (a scenario, a findings list, known patterns) so that
// what never ends or never comes (/dev/zero, a FIFO without a writer, a directory) is refused
// before anything is read, and a file larger than the caller's limit is refused too.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace kmc {

struct InputFile {
  enum class Status { Ok, CannotOpen, Directory, NotRegular, TooLarge, CannotRead };
  Status status = Status::Ok;
  std::string text;    // the contents (Ok)
  std::string detail;  // what went wrong: strerror, "a FIFO", the size
};

// Opens `path` without blocking, refuses what is not a regular file, and reads at most
// `max_bytes` (a file over it is TooLarge, even one that grows while it is read).
[[nodiscard]] InputFile read_input_file(const std::filesystem::path& path, std::size_t max_bytes);

// "PATH: not a regular file (a FIFO): WHAT are read from regular files" and the like, for the
// callers that need no wording of their own (`what`: "findings", "patterns").
[[nodiscard]] std::string input_file_error(const std::filesystem::path& path, const InputFile& f,
                                           const std::string& what, std::size_t max_bytes);

}  // namespace kmc
