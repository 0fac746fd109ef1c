#include "checker/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kmc {

namespace {
// What `mode` is, for "not a regular file (a FIFO)".
const char* file_type(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}
}  // namespace

InputFile read_input_file(const std::filesystem::path& path, std::size_t max_bytes) {
  InputFile out;
  const auto fail = [&](InputFile::Status s, std::string detail) {
    out.status = s;
    out.detail = std::move(detail);
    out.text.clear();
    return out;
  };
  // O_NONBLOCK: opening a FIFO without a writer must not wait; what is not a regular file is
  // refused before anything is read (/dev/zero and /dev/urandom never end).
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(InputFile::Status::CannotOpen, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    if (S_ISDIR(st.st_mode)) return fail(InputFile::Status::Directory, "a directory");
    return fail(InputFile::Status::NotRegular, file_type(st.st_mode));
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return fail(InputFile::Status::TooLarge, std::to_string(st.st_size));
  }
  // At most one read past the limit, even if the file grows meanwhile (or is a /proc file whose
  // size says 0).
  char buf[65536];
  while (out.text.size() <= max_bytes) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return fail(InputFile::Status::CannotRead, std::strerror(err));
    }
    if (n == 0) break;
    out.text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (out.text.size() > max_bytes)
    return fail(InputFile::Status::TooLarge, std::to_string(out.text.size()) + "+");
  return out;
}

std::string input_file_error(const std::filesystem::path& path, const InputFile& f,
                             const std::string& what, std::size_t max_bytes) {
  const std::string p = path.string() + ": ";
  switch (f.status) {
    case InputFile::Status::Ok:
      return "";
    case InputFile::Status::CannotOpen:
      return p + "cannot open the file: " + f.detail;
    case InputFile::Status::Directory:
      return p + "is a directory, not a file";
    case InputFile::Status::NotRegular:
      return p + "not a regular file (" + f.detail + "): " + what + " are read from regular files";
    case InputFile::Status::TooLarge:
      return p + "file too large (" + f.detail + " bytes; at most " + std::to_string(max_bytes) +
             ")";
    case InputFile::Status::CannotRead:
      return p + "cannot read the file: " + f.detail;
  }
  return p + "cannot be read";
}

}  // namespace kmc
