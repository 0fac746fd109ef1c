// A run result as text for people: the counterexample as a per-thread trace (one column per
// thread, one row per event, each with the seed line and model source line it comes from), the
// violation, and the replay token with the command that replays it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/result.hpp"

namespace kmc::reports {

// Where one scenario operation sits in a trace, so the printed trace shows which operation each
// event belongs to (the scenario layer records these when it replays a counterexample).
struct OpMark {
  ThreadId thread = kNoThread;
  std::int32_t first_event = 0;  // index of the first event after the call began
  std::int32_t end_event = -1;   // index just past its last event; -1 if it never returned
  std::string text;              // "dup2 a 1 -> b"
  std::string where;             // "dup2.scn:12"
  Value result = 0;
  std::string result_text;  // "-EBADF": the result with errno values named ("" : the number)
};

// How a trace is laid out: a table with one column per thread, or one event per line that names
// its thread (narrow terminals, many threads).
enum class TraceLayout : std::uint8_t { Auto, Columns, Lines };

// How text for a person is drawn: the trace layout, the width it must fit (0: no limit, a file
// or a pipe) and whether verdicts are coloured with ANSI escapes (a terminal that wants colour).
struct TextStyle {
  TraceLayout layout = TraceLayout::Auto;
  std::size_t width = 0;
  bool color = false;
};

// The layout `style` picks for `trace`: Auto is Lines when there is a width and the trace has more
// than kColumnsUpTo threads besides the first (`setup`), or its table would be wider.
[[nodiscard]] TraceLayout choose_layout(const Trace& trace, const std::vector<OpMark>& marks,
                                        const TextStyle& style);
inline constexpr std::size_t kColumnsUpTo = 3;

// The trace as a table (`#`, one column per thread, then the seed line and the model line) or,
// per choose_layout, one event per line (`#`, thread, event, seed and model line). Operation
// marks, when given, appear as rows `[dup2 a 1] => 0` of their thread. Blocked threads at the end
// are listed under the trace.
[[nodiscard]] std::string format_trace(const Trace& trace, const std::vector<OpMark>& marks = {},
                                       const TextStyle& style = {});

// The violation: kind, message, where it happened, the places related to it.
[[nodiscard]] std::string format_violation(const Violation& v, const Trace& trace,
                                           const TextStyle& style = {});

// A whole counterexample: trace, violation, replay token and `replay_command` (the exact
// command that replays it; omitted when empty).
[[nodiscard]] std::string format_counterexample(const Counterexample& cex,
                                                const std::string& replay_command,
                                                const std::vector<OpMark>& marks = {},
                                                const TextStyle& style = {});

// The verdict of DESIGN §4: "violation" when a counterexample was found, "pass" only when the
// exploration was complete (or a replayed execution ran to its end), else "incomplete".
[[nodiscard]] std::string_view verdict_of(const RunResult& r);

// One line on how the run ended: "pass: ... (N executions, ...; complete)", "VIOLATION ...", or,
// for a run that did not explore everything, "incomplete: no violation in the N executions
// explored; stopped by REASON; about M remain" (M from `estimated_total`, when there is one).
// DPOR fallback branches (RunStats::disabled_branches) are always named, never hidden.
// Painted by its verdict when `style.color`.
[[nodiscard]] std::string format_summary(const RunResult& r, std::string_view stop_reason = {},
                                         std::optional<double> estimated_total = std::nullopt,
                                         const TextStyle& style = {});

// A source path without the machine-specific prefix: "model/fd/fget.cpp" rather than
// "/home/me/kmc/model/fd/fget.cpp".
[[nodiscard]] std::string short_path(std::string_view path);

// `text` with every absolute source path in it shortened by short_path.
[[nodiscard]] std::string shorten_paths(std::string_view text);

// The value a read-modify-write (fetch_add, inc_not_zero) found before it changed it; nullopt when
// a check stopped it first (the violating event of a use-after-free). Every report reads it here
// alone, so the engine may keep it where it likes (Event::before today).
[[nodiscard]] std::optional<Value> value_before(const Trace& trace, const Event& e);

// What a read-modify-write did, as every report shows it: " -1: 1 -> 0" (the amount, then the
// value before and after), an inc_not_zero's ": 1 -> 2" or ": 0, not taken", or
// " (stopped by the check before it)".
[[nodiscard]] std::string describe_change(const Trace& trace, const Event& e);

// The event as shown in a trace cell: "mutex_enter file_lock#1", "load counter = 3".
[[nodiscard]] std::string describe_event(const Event& e, const Trace& trace);

}  // namespace kmc::reports
