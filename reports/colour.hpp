// ANSI colours for the verdicts kmc prints on a terminal: red for a violation or a mismatch, green
// for a pass, yellow for an incomplete run. Callers decide whether colour is on; text for files,
// pipes, JSON and reports is never painted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kmc::reports {

enum class Tone : std::uint8_t { Violation, Pass, Incomplete };

// `text` wrapped in the escape of `tone` and a reset when `on`, else `text` unchanged. A trailing
// newline stays outside the colour, so a terminal never carries it into the next line.
[[nodiscard]] std::string paint(std::string_view text, Tone tone, bool on);

// The tone of a verdict word as kmc prints it: "violation"/"MISMATCH"/"ERROR"/"fail" are
// Violation, "pass"/"ok"/"matched" Pass, anything else ("incomplete", "NOT RUN") Incomplete.
[[nodiscard]] Tone tone_of(std::string_view verdict);

}  // namespace kmc::reports
