#include "reports/colour.hpp"

#include <array>

namespace kmc::reports {

std::string paint(std::string_view text, Tone tone, bool on) {
  if (!on || text.empty()) return std::string(text);
  // Bold red: a violation must stand out of a long trace; plain green and yellow for the rest.
  static constexpr std::array<std::string_view, 3> kStart = {"\x1b[1;31m", "\x1b[32m", "\x1b[33m"};
  const bool newline = text.back() == '\n';
  if (newline) text.remove_suffix(1);
  std::string out(kStart[static_cast<std::size_t>(tone)]);
  out += text;
  out += "\x1b[0m";
  if (newline) out += '\n';
  return out;
}

Tone tone_of(std::string_view verdict) {
  for (std::string_view bad : {"violation", "VIOLATION", "MISMATCH", "ERROR", "error", "fail"})
    if (verdict == bad) return Tone::Violation;
  for (std::string_view good : {"pass", "ok", "matched"})
    if (verdict == good) return Tone::Pass;
  return Tone::Incomplete;
}

}  // namespace kmc::reports
