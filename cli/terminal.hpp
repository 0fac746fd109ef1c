// What the terminal kmc prints to can show: its width, for the trace layout, and the flag that
// forces a layout.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "reports/text_report.hpp"

namespace kmc::cli {

// The text flags of run, test and replay, as given.
struct TextFlags {
  std::string trace_layout = "auto";
};

// Adds --trace-layout auto|columns|lines to `cmd`.
void add_text_flags(CLI::App& cmd, TextFlags& flags);

// The width of the terminal `fd` writes to (ioctl TIOCGWINSZ); when `fd` is not a terminal, the
// COLUMNS environment variable; else 0, no limit (files and pipes).
[[nodiscard]] std::size_t output_width(int fd);

// The style for text written to `fd` under `flags`: the layout they force, or auto with the
// width of `fd`.
[[nodiscard]] reports::TextStyle text_style_for(const TextFlags& flags, int fd);

}  // namespace kmc::cli
