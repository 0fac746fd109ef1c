// Basic value types shared by every part of the engine: ids, accesses, sites and violation kinds.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

namespace kmc {

using ThreadId = std::uint16_t;
using ObjectId = std::uint32_t;
using Value = std::int64_t;

inline constexpr ThreadId kNoThread = 0xffff;
inline constexpr ObjectId kNoObject = 0xffffffffu;
// An access to kEverything conflicts with every access (used when an event touches too much to
// list).
inline constexpr ObjectId kEverything = 0xfffffffeu;
inline constexpr int kMaxThreads = 64;
// The pseudo-object every seq_cst access and fence touches under --memory-model rc11: they are
// totally ordered (RC11's psc), so DPOR must see each pair of them as dependent.
inline constexpr ObjectId kSeqCstOrder = 0xfffffffdu;

// C11's memory orders, which the kernel's primitives map to (docs/primitives.md). Only
// --memory-model rc11 tells them apart; under sc every access behaves as seq_cst.
enum class MemoryOrder : std::uint8_t { Relaxed, Acquire, Release, AcqRel, SeqCst };

// Which executions of the atomics are explored: sequential consistency (the default) or RC11
// (docs/weak-memory.md).
enum class MemoryModel : std::uint8_t { Sc, Rc11 };

// Whether an operation of order `o` acquires (reads synchronise) / releases (writes publish).
[[nodiscard]] constexpr bool acquires(MemoryOrder o) {
  return o == MemoryOrder::Acquire || o == MemoryOrder::AcqRel || o == MemoryOrder::SeqCst;
}
[[nodiscard]] constexpr bool releases(MemoryOrder o) {
  return o == MemoryOrder::Release || o == MemoryOrder::AcqRel || o == MemoryOrder::SeqCst;
}

// Where a visible operation comes from: the seed line it models (e.g. "R512", "U670", "K1291")
// and the model source line. Built implicitly from a string literal so the call site is recorded.
struct Site {
  const char* seed = "";
  std::source_location loc{};
  constexpr Site(const char* seed_ref,  // NOLINT(google-explicit-constructor): call-site capture
                 std::source_location where = std::source_location::current())
      : seed(seed_ref), loc(where) {}
};

// "R512 fd/dup.cpp:20": the seed line (when there is one) and the model file's last two path parts.
[[nodiscard]] std::string site_text(const char* seed, const std::source_location& loc);

// How an event touches an object, for the DPOR dependency relation.
// Read/Write: plain shared memory. Acquire/SharedAcquire/Release: lock-like ownership transfer:
// acquires conflict with each other (two shared acquires do not), while a release conflicts only
// with plain reads and writes, so the races DPOR reverses are acquire against acquire.
enum class AccessKind : std::uint8_t { Read, Write, Acquire, SharedAcquire, Release };

struct Access {
  ObjectId object = kNoObject;
  AccessKind kind = AccessKind::Read;
};

// True when the two accesses do not commute.
[[nodiscard]] constexpr bool conflicts(Access a, Access b) {
  if (a.object != b.object) return a.object == kEverything || b.object == kEverything;
  const auto plain = [](AccessKind k) { return k == AccessKind::Read || k == AccessKind::Write; };
  if (a.kind == AccessKind::Release || b.kind == AccessKind::Release)
    return plain(a.kind) || plain(b.kind);
  if (a.kind == AccessKind::Read && b.kind == AccessKind::Read) return false;
  if (a.kind == AccessKind::SharedAcquire && b.kind == AccessKind::SharedAcquire) return false;
  return true;
}

// Violation kinds, spelled as in DESIGN §4.
enum class ViolationKind : std::uint8_t {
  UseAfterFree,
  DoubleFree,
  Leak,
  Refcount,
  UnlockNotOwner,
  LockOrder,
  Deadlock,
  LostWakeup,
  Livelock,
  SleepInAtomic,
  DataRace,
  Assertion,
  Invariant,
};
inline constexpr int kViolationKindCount = 13;

[[nodiscard]] std::string_view to_string(ViolationKind kind);
// Whether the kernel would survive a violation of `kind` (a WARN, not a panic) and the model's
// state stays meaningful after it: under --keep-going such a violation does not end the execution.
[[nodiscard]] bool survivable(ViolationKind kind);
// Parses the DESIGN §4 spelling; returns false when `text` names no kind.
[[nodiscard]] bool parse_violation_kind(std::string_view text, ViolationKind& out);

}  // namespace kmc
