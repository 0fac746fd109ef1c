// libFuzzer harness for the replay-token decoder (checker/replay_token.hpp): on any text,
// decode_token returns without crashing; a failure says why, and a schedule it accepts encodes
// to a token that decodes to the same schedule. An input starting with '#' is the token's bytes
// instead (wrapped by token_of_bytes), so the fuzzer reaches the schedule checks behind the
// checksum without having to guess it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "checker/replay_token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string token(input);
  if (!input.empty() && input.front() == '#') token = kmc::token_of_bytes(input.substr(1));
  std::string error;
  const std::optional<kmc::Schedule> schedule = kmc::decode_token(token, error);
  if (!schedule) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  std::string again_error;
  const std::optional<kmc::Schedule> again =
      kmc::decode_token(kmc::encode_token(*schedule), again_error);
  if (!again || again->threads != schedule->threads || again->values != schedule->values)
    __builtin_trap();
  return 0;
}
