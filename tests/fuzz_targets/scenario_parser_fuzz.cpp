// libFuzzer harness for the scenario parser (model/scenario/parser.hpp): on any bytes,
// parse_scenario returns without crashing or throwing, and keeps its contract: a scenario exactly
// when there are no errors, every error inside the text (line 0 is the whole file) with a message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/scenario/parser.hpp"

namespace {

// The number of lines of `text` (a last line without a newline counts).
int line_count(std::string_view text) {
  int lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines + (text.empty() || text.back() == '\n' ? 0 : 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kmc::scenario::ParseResult result = kmc::scenario::parse_scenario(text, "fuzz.scn");
  if (result.scenario.has_value() == !result.errors.empty()) __builtin_trap();
  const int lines = line_count(text);
  for (const kmc::scenario::Diagnostic& d : result.errors) {
    // Line lines+1 is where an unterminated construct is reported (the end of the file).
    if (d.pos.line < 0 || d.pos.line > lines + 1 || d.pos.col < 0) __builtin_trap();
    if (d.message.empty() || d.format().empty()) __builtin_trap();
  }
  return 0;
}
