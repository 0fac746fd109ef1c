#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace kmc::cli {

void add_text_flags(CLI::App& cmd, TextFlags& flags) {
  cmd.add_option(
         "--trace-layout", flags.trace_layout,
         "how a trace is printed: columns (one column per thread), lines (one event per "
         "line, naming its thread) or auto (default: lines on a terminal, or with COLUMNS set, "
         "when the table is wider or there are more than 3 threads besides setup; columns "
         "into files and pipes, and in --report's trace.txt)")
      ->check(CLI::IsMember({"auto", "columns", "lines"}));
  add_color_flag(cmd, flags.color);
}

void add_color_flag(CLI::App& cmd, std::string& mode) {
  cmd.add_option("--color", mode,
                 "colour the verdicts (violation and mismatch red, pass green, incomplete yellow) "
                 "and a trace's violating event: auto (default: only when stdout is a terminal "
                 "and NO_COLOR is unset or empty; stderr when --json - takes stdout), always "
                 "(even with NO_COLOR) or never. Files, --json, --report, --junit and --sarif "
                 "are never coloured")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

bool color_for(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode != "auto") return false;
  const char* no_color = std::getenv("NO_COLOR");
  // no-color.org: NO_COLOR present and not empty turns colour off, whatever its value.
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fd) != 0;
}

std::size_t output_width(int fd) {
  winsize size{};
  if (isatty(fd) != 0 && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col != 0) return size.ws_col;
  const char* columns = std::getenv("COLUMNS");
  if (columns == nullptr) return 0;
  const std::string_view text(columns);
  std::size_t width = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), width);
  // A COLUMNS that is not a plain positive number says nothing about the width.
  return error == std::errc{} && end == text.data() + text.size() ? width : 0;
}

reports::TextStyle text_style_for(const TextFlags& flags, int fd) {
  reports::TextStyle style;
  if (flags.trace_layout == "columns") style.layout = reports::TraceLayout::Columns;
  if (flags.trace_layout == "lines") style.layout = reports::TraceLayout::Lines;
  style.width = output_width(fd);
  style.color = color_for(flags.color, fd);
  return style;
}

}  // namespace kmc::cli
