#include "checker/types.hpp"

#include <array>

#include <fmt/format.h>

namespace kmc {
namespace {
constexpr std::array<std::string_view, kViolationKindCount> kNames = {
    "use-after-free", "double-free", "leak",        "refcount", "unlock-not-owner",
    "lock-order",     "deadlock",    "lost-wakeup", "livelock", "sleep-in-atomic",
    "data-race",      "assertion",   "invariant"};
}  // namespace

std::string_view to_string(ViolationKind kind) {
  return kNames[static_cast<int>(kind)];
}

bool parse_violation_kind(std::string_view text, ViolationKind& out) {
  for (int i = 0; i < kViolationKindCount; ++i) {
    if (kNames[i] == text) {
      out = static_cast<ViolationKind>(i);
      return true;
    }
  }
  return false;
}
std::string site_text(const char* seed, const std::source_location& loc) {
  std::string file = loc.file_name() ? loc.file_name() : "";
  const auto slash = file.rfind('/');
  if (slash != std::string::npos) {
    const auto prev = file.rfind('/', slash - 1);
    file = file.substr(prev == std::string::npos ? 0 : prev + 1);
  }
  if (seed != nullptr && *seed != '\0') return fmt::format("{} {}:{}", seed, file, loc.line());
  return fmt::format("{}:{}", file, loc.line());
}

}  // namespace kmc
