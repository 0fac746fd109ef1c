// Small functions over the scenario AST, file loading and discovery, and the parser's
// integer/identifier helpers.
#include "model/scenario/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

#include <cerrno>
#include <cstring>

#include "checker/input_file.hpp"
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

ParseResult load_scenario(const std::filesystem::path& path,
                          const std::vector<const model::ModelDescriptor*>& models) {
  const std::string file = path.string();
  const auto fail = [&](const std::string& why) {
    return ParseResult{std::nullopt, {{file, {}, why}}};
  };
  const InputFile in = read_input_file(path, kMaxScenarioBytes);
  switch (in.status) {
    case InputFile::Status::Ok:
      return parse_scenario(in.text, file, models);
    case InputFile::Status::CannotOpen:
      return fail("cannot open the file: " + in.detail);
    case InputFile::Status::Directory:
      return fail("is a directory, not a scenario file");
    case InputFile::Status::NotRegular:
      return fail("not a regular file (" + in.detail + "): scenarios are read from regular files");
    case InputFile::Status::TooLarge:
      return fail("file too large (" + in.detail + " bytes; at most " +
                  std::to_string(kMaxScenarioBytes) + ")");
    case InputFile::Status::CannotRead:
      return fail("cannot read the file: " + in.detail);
  }
  return fail("cannot be read");
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
