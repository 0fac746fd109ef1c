// What the terminal kmc prints to can show: its width, for the trace layout, whether it wants
// colour, and the flags that force either.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "reports/text_report.hpp"

namespace kmc::cli {

// The text flags of run, test and replay, as given.
struct TextFlags {
  std::string trace_layout = "auto";
  std::string color = "auto";
};

// Adds --trace-layout auto|columns|lines and --color (add_color_flag) to `cmd`.
void add_text_flags(CLI::App& cmd, TextFlags& flags);

// Adds --color auto|always|never to `cmd`, the one definition every verb that prints verdicts
// uses (run, replay, test, fuzz, verify, bench).
void add_color_flag(CLI::App& cmd, std::string& mode);

// Whether text written to `fd` is coloured under --color `mode`: always, never, or for auto only
// when `fd` is a terminal and NO_COLOR is unset or empty (https://no-color.org). `always`
// overrides NO_COLOR: it is the user's explicit wish.
[[nodiscard]] bool color_for(const std::string& mode, int fd);

// The width of the terminal `fd` writes to (ioctl TIOCGWINSZ); when `fd` is not a terminal, the
// COLUMNS environment variable; else 0, no limit (files and pipes).
[[nodiscard]] std::size_t output_width(int fd);

// The style for text written to `fd` under `flags`: the layout they force, or auto with the
// width of `fd`; colour per color_for.
[[nodiscard]] reports::TextStyle text_style_for(const TextFlags& flags, int fd);

}  // namespace kmc::cli
