#include "checker/types.hpp"

#include <array>

namespace kmc {
namespace {
constexpr std::array<std::string_view, kViolationKindCount> kNames = {
    "use-after-free", "double-free", "leak",       "refcount",        "unlock-not-owner",
    "lock-order",     "deadlock",    "lost-wakeup", "livelock",       "sleep-in-atomic",
    "data-race",      "assertion",   "invariant"};
}  // namespace

std::string_view to_string(ViolationKind kind) { return kNames[static_cast<int>(kind)]; }

bool parse_violation_kind(std::string_view text, ViolationKind& out) {
  for (int i = 0; i < kViolationKindCount; ++i) {
    if (kNames[i] == text) {
      out = static_cast<ViolationKind>(i);
      return true;
    }
  }
  return false;
}
}  // namespace kmc
