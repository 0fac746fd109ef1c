#include "checker/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace kmc {
namespace {

std::string failure(const std::filesystem::path& path, int err) {
  return path.string() + ": " + std::strerror(err);
}

// Writes all of `text` to `fd`; 0 or the errno of the failed write.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// A fresh name in `dir` for a temporary file of `name` (unique within the process and, by the
// pid, among kmc processes).
std::filesystem::path temp_name(const std::filesystem::path& dir, const std::string& name) {
  static std::atomic<unsigned long> counter{0};
  return dir / ("." + name + ".kmc-tmp-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter.fetch_add(1)));
}

// `path`'s folder ("." for a bare name).
std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// Creates an empty temporary file in `dir` and removes it; "" or why it could not.
std::string probe_create(const std::filesystem::path& dir) {
  const std::filesystem::path probe = temp_name(dir, "probe");
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return "cannot create a file in " + failure(dir, errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return "";
}

}  // namespace

std::string write_file_atomic(const std::filesystem::path& path, std::string_view text) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    if (std::filesystem::is_directory(st)) return failure(path, EISDIR);
    // A device or FIFO: no rename over it, write in place.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return failure(path, errno);
    const int err = write_all(fd, text);
    const int closed = ::close(fd) != 0 ? errno : 0;
    if (err != 0 || closed != 0) return failure(path, err != 0 ? err : closed);
    return "";
  }
  // Through a symbolic link the file it names is replaced, not the link.
  std::filesystem::path target = path;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec)))
    target = std::filesystem::weakly_canonical(path, ec);
  if (ec) target = path;
  const std::filesystem::path temp = temp_name(folder_of(target), target.filename().string());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return failure(path, errno);
  int err = write_all(fd, text);
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(temp.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return failure(path, err);
  }
  return "";
}

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw WriteError(path.parent_path().string() + ": " + ec.message());
  }
  if (std::string error = write_file_atomic(path, text); !error.empty()) throw WriteError(error);
}

std::string probe_output_file(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(st)) return path.string() + ": is a directory";
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return failure(path, errno);
    ::close(fd);
    return "";
  }
  return probe_create(folder_of(path));
}

std::string probe_output_dir(const std::filesystem::path& dir) {
  // Nothing is created: the nearest folder that exists must be one and take a new file.
  std::error_code ec;
  std::filesystem::path p = dir;
  while (!p.empty() && !std::filesystem::exists(std::filesystem::symlink_status(p, ec)))
    p = p.parent_path();
  if (p.empty()) p = ".";
  if (!std::filesystem::is_directory(p, ec))
    return p.string() + ": " + std::strerror(ENOTDIR) +
           (p == dir ? std::string() : " (on the way to " + dir.string() + ")");
  return probe_create(p);
}

}  // namespace kmc
