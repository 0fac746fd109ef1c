#include "verify/signature.hpp"

#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "checker/input_file.hpp"
#include "fuzz/check.hpp"

namespace kmc::verify {
namespace {

// The first seed line (R123, U45, K1949) in `text`, or "" if none.
std::string seed_line(const std::string& text) {
  static const std::regex kSeed(R"(\b[RUK][0-9]+\b)");
  std::smatch m;
  return std::regex_search(text, m, kSeed) ? m.str() : "";
}

// "kq_knote.cpp:198" from a path and line.
std::string model_place(const char* file, unsigned line) {
  const std::string path = file == nullptr ? "" : file;
  const std::size_t slash = path.find_last_of('/');
  return fmt::format("{}:{}", slash == std::string::npos ? path : path.substr(slash + 1), line);
}

// The other party's place in a `related` line: its seed line, else the last "file:line" in it.
std::string related_place(const std::string& text) {
  if (std::string s = seed_line(text); !s.empty()) return s;
  static const std::regex kPlace(R"(([A-Za-z0-9_.]+\.(?:cpp|hpp)):([0-9]+))");
  std::string last = "-";
  for (std::sregex_iterator it(text.begin(), text.end(), kPlace), end; it != end; ++it)
    last = (*it)[1].str() + ":" + (*it)[2].str();
  return last;
}

}  // namespace

std::string signature(const Violation& v) {
  std::string here;
  if (v.seed != nullptr && !seed_line(v.seed).empty()) {
    here = seed_line(v.seed);
  } else if (v.loc.line() != 0) {
    here = model_place(v.loc.file_name(), v.loc.line());
  } else {
    // An end-of-run check has no place: its message, numbers and thread names generalised.
    const std::string g = fuzz::generalise(v);
    here = "end(" + g.substr(g.find(':') + 1, 48) + ")";
  }
  const std::string other = v.related.empty() ? "-" : related_place(v.related.front());
  return fmt::format("{}@{}~{}", to_string(v.kind), here, other);
}

std::string signature_file_name(const std::string& signature) {
  std::string out;
  for (char ch : signature) {
    const bool keep = std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
    out += keep ? ch : (ch == '@' || ch == '~' ? '.' : '_');
  }
  return out;
}

bool read_findings(const std::filesystem::path& file, const std::filesystem::path& root,
                   std::vector<KnownFinding>& out, std::string& error) {
  // A findings list is a page of markdown: 16 MiB is far past any real one, and what is not a
  // regular file (/dev/zero, a FIFO) would be read forever or wait forever.
  constexpr std::size_t kMaxBytes = std::size_t{16} << 20;
  const InputFile f = read_input_file(file, kMaxBytes);
  if (f.status != InputFile::Status::Ok) {
    error = input_file_error(file, f, "findings", kMaxBytes);
    return false;
  }
  std::istringstream in(f.text);
  static const std::regex kHeading(R"(^###\s+([A-Za-z0-9_-]+):)");
  static const std::regex kScenario(R"(`(scenarios/[^`\s]+\.scn)`)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kHeading)) {
      out.push_back(KnownFinding{m[1].str(), {}});
      continue;
    }
    if (out.empty()) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), kScenario), end; it != end; ++it) {
      const std::filesystem::path p = root / (*it)[1].str();
      auto& list = out.back().scenarios;
      if (std::find(list.begin(), list.end(), p) == list.end()) list.push_back(p);
    }
  }
  return true;
}

}  // namespace kmc::verify
