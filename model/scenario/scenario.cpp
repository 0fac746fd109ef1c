// Small functions over the scenario AST, file loading and discovery, and the parser's
// integer/identifier helpers.
#include "model/scenario/scenario.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

#include <cerrno>
#include <cstring>

#include "model/scenario/parser.hpp"
#include "model/scenario/parser_state.hpp"

namespace kmc::scenario {

std::string to_string(const Expectation& e) {
  if (!e.violation) return "pass";
  std::string out = "violation";
  for (ViolationKind k : e.kinds) {
    out += ' ';
    out += kmc::to_string(k);
  }
  return out;
}

bool add_variant(Scenario& s, const std::string& variant, std::string& error) {
  if (s.model == nullptr || !s.model->has_variant(variant)) {
    std::vector<std::string> names;
    if (s.model != nullptr)
      for (const model::VariantSpec& v : s.model->variants) names.push_back(v.name);
    error = "unknown variant '" + variant + "' of model " + (s.model ? s.model->name : "?") +
            " (variants: " + join_names(names) + ")" + did_you_mean(variant, names);
    return false;
  }
  s.config.variants.insert(variant);
  return true;
}

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

ParseResult load_scenario(const std::filesystem::path& path,
                          const std::vector<const model::ModelDescriptor*>& models) {
  const std::string file = path.string();
  const auto fail = [&](const std::string& why) {
    return ParseResult{std::nullopt, {{file, {}, why}}};
  };
  // O_NONBLOCK: opening a FIFO without a writer must not wait; what is not a regular file is
  // refused before anything is read (/dev/zero and /dev/urandom never end).
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(std::string("cannot open the file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    const std::string type = file_type(st.st_mode);
    ::close(fd);
    if (dir) return fail("is a directory, not a scenario file");
    return fail("not a regular file (" + type + "): scenarios are read from regular files");
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxScenarioBytes) {
    ::close(fd);
    return fail("file too large (" + std::to_string(st.st_size) + " bytes; at most " +
                std::to_string(kMaxScenarioBytes) + ")");
  }
  // At most one read past the limit, even if the file grows meanwhile (or is a /proc file whose
  // size says 0): parse_scenario refuses what is over it.
  std::string text;
  char buf[65536];
  while (text.size() <= kMaxScenarioBytes) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return fail(std::string("cannot read the file: ") + std::strerror(err));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return parse_scenario(text, file, models);
}

std::vector<std::filesystem::path> find_scenarios(const std::filesystem::path& dir,
                                                  std::string& error) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    error = dir.string() + ": not a directory";
    return out;
  }
  auto it = std::filesystem::recursive_directory_iterator(
      dir, std::filesystem::directory_options::skip_permission_denied, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".scn") out.push_back(it->path());
  if (ec) error = dir.string() + ": " + ec.message();
  std::sort(out.begin(), out.end());
  return out;
}
namespace detail {

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool parse_integer(const std::string& s, Value& out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  bool negative = false;
  if (b != e && *b == '-') {
    negative = true;
    ++b;
  }
  int base = 10;
  if (e - b > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')) {
    base = 16;
    b += 2;
  }
  if (b == e) return false;
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(b, e, magnitude, base);
  if (ec != std::errc() || end != e) return false;
  const auto limit = static_cast<std::uint64_t>(INT64_MAX);
  if (magnitude > limit + (negative ? 1 : 0)) return false;
  out = negative ? static_cast<Value>(0 - magnitude) : static_cast<Value>(magnitude);
  return true;
}
}  // namespace detail
}  // namespace kmc::scenario
