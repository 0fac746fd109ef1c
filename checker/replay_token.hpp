// Replay tokens: a schedule as a compact, checksummed text ("K1." + base64url + "." + check).
// The schedule lists, for every event, the thread that ran it and, for a choice, the value chosen.
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
[[nodiscard]] std::string encode_token(const Schedule& schedule);
// The token of already encoded schedule bytes (prefix, base64url, checksum): encode_token's last
// step, and how tests/fuzz_targets reaches the decoder's schedule checks past the checksum.
[[nodiscard]] std::string token_of_bytes(std::string_view bytes);
// Decodes a token; on failure returns nullopt and says why in `error`.
[[nodiscard]] std::optional<Schedule> decode_token(std::string_view token, std::string& error);

}  // namespace kmc
