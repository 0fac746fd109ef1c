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

bool survivable(ViolationKind kind) {
  switch (kind) {
    // The kernel goes on (the lock is released, the count is wrong, a structure is inconsistent)
    // and the model can follow it with visible steps, so later consequences can be found.
    case ViolationKind::UnlockNotOwner:
    case ViolationKind::Refcount:
    case ViolationKind::Invariant:
    case ViolationKind::LockOrder:
    case ViolationKind::Leak:
      return true;
    // A data race involves accesses that are not scheduling points (tracked fields): DPOR takes
    // them as ordered by the program's locks, which a race says they are not, so what follows a
    // race is not explored exactly. Stopping there keeps DPOR's kinds equal to DFS's.
    case ViolationKind::DataRace:
    // A crash or a panic (use-after-free, double free, KASSERT, sleeping with a spinlock held
    // panics in lwkt_switch), or nothing left to run (deadlock, lost wakeup, livelock).
    case ViolationKind::UseAfterFree:
    case ViolationKind::DoubleFree:
    case ViolationKind::Deadlock:
    case ViolationKind::LostWakeup:
    case ViolationKind::Livelock:
    case ViolationKind::SleepInAtomic:
    case ViolationKind::Assertion:
      return false;
  }
  return false;
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
