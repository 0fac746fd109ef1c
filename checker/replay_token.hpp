// Replay tokens: a schedule as a compact, checksummed text ("K1." + base64url + "." + check).
// The schedule lists, for every event, the thread that ran it and, for a choice, the value chosen.
// A K2 token adds, before the checksum, the fingerprint of what the schedule depends on (the
// program's Program::fingerprint() and the engine's kScheduleVersion), so that a replay against
// something else can say what differs; K1 tokens (without it) still decode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/trace.hpp"

namespace kmc {

struct Schedule {
  std::vector<ThreadId> threads;      // one per event
  std::vector<std::uint32_t> values;  // one per choice event, in order
};

[[nodiscard]] Schedule schedule_of(const Trace& trace);
// The version of the engine's scheduling as far as a schedule depends on it (which events are
// scheduling points, in what order threads are numbered): bump it when an engine change makes
// old schedules replay differently, so old tokens say so instead of diverging.
inline constexpr int kScheduleVersion = 1;

// "K1.<schedule>.<check>" without a fingerprint, else "K2.<schedule>.<fingerprint>-e<V>.<check>"
// (`fingerprint` made of [a-z0-9-] only).
[[nodiscard]] std::string encode_token(const Schedule& schedule, std::string_view fingerprint = {});
// Decodes a token; on failure returns nullopt and says why in `error`. A K2 token's fingerprint
// ("fd-...-e1") goes to `fingerprint` when given ("" for K1).
[[nodiscard]] std::optional<Schedule> decode_token(std::string_view token, std::string& error,
                                                   std::string* fingerprint = nullptr);
// The K1 token of already encoded schedule bytes (prefix, base64url, checksum): encode_token's
// last step without a fingerprint, and how tests/fuzz_targets reaches the decoder's schedule
// checks past the checksum.
[[nodiscard]] std::string token_of_bytes(std::string_view bytes);

}  // namespace kmc
