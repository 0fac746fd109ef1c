#include "reports/graph_style.hpp"

#include <fmt/format.h>

#include <vector>

namespace kmc::reports {

void NodeStyle::fade() {
  border = "#ced4da";
  font = "#868e96";
  if (fill != kFoldFill && fill != kBlockedFill) fill = "#f8f9fa";
}

const char* op_fill(OpKind op) {
  switch (op) {
    case OpKind::MutexLock:
    case OpKind::MutexUnlock:
    case OpKind::SpinLock:
    case OpKind::SpinUnlock:
    case OpKind::RwRead:
    case OpKind::RwWrite:
    case OpKind::RwUnlock:
    case OpKind::TokenGet:
    case OpKind::TokenRelease:
    case OpKind::Block:
    case OpKind::Resume:
      return "#d0e2ff";
    case OpKind::Sleep:
    case OpKind::Wakeup:
    case OpKind::WakeupOne:
    case OpKind::Woken:
    case OpKind::TimedOut:
    case OpKind::LatchSet:
    case OpKind::LatchWait:
      return "#d3f9d8";
    case OpKind::Load:
    case OpKind::Store:
    case OpKind::Exchange:
    case OpKind::CompareExchange:
    case OpKind::FetchAdd:
    case OpKind::IncNotZero:
    case OpKind::ListFirst:
    case OpKind::ListNext:
    case OpKind::ListInsert:
    case OpKind::ListRemove:
      return "#e5dbff";
    case OpKind::Alloc:
    case OpKind::Free:
    case OpKind::RcuReadLock:
    case OpKind::RcuReadUnlock:
    case OpKind::CallRcu:
    case OpKind::RcuCallback:
      return "#ffe8cc";
    default:
      return "#ffffff";
  }
}

const char* kind_color(OrderKind kind) {
  switch (kind) {
    case OrderKind::LockHandoff:
      return "#1c7ed6";
    case OrderKind::Wakeup:
      return "#2f9e44";
    case OrderKind::Enables:
      return "#2f9e44";
    case OrderKind::ReadsFrom:
      return "#7048e8";
    case OrderKind::FreeUse:
      return "#e8590c";
    case OrderKind::Spawn:
      return "#495057";
    case OrderKind::WaitsFor:
    case OrderKind::Races:
      return "#c92a2a";
  }
  return "#000000";
}

EdgeStyle edge_style(const GraphEdge& e, bool has_violation) {
  EdgeStyle s;
  if (e.program_order) {
    s.weight = 20;
    s.arrowsize = 0.5;
    s.color = e.highlighted ? kHighlightColor : (has_violation ? "#ced4da" : "#868e96");
    s.penwidth = e.highlighted ? 2.2 : 1.0;
    return s;
  }
  s.color = kind_color(e.kind);
  if (e.kind == OrderKind::Enables || e.kind == OrderKind::WaitsFor) s.style = "dashed";
  if (e.kind == OrderKind::Spawn || e.kind == OrderKind::Races) s.style = "dotted";
  if (e.highlighted) {
    s.penwidth = 2.6;
  } else if (has_violation) {
    s.color += "66";  // faded: not on a path into the violation
  } else {
    s.penwidth = 1.4;
  }
  // Waits-for and race edges explain the violation; they order nothing, so they do not pull.
  s.constraint = e.kind != OrderKind::WaitsFor && e.kind != OrderKind::Races;
  return s;
}

std::string legend_html() {
  // Four cells a row keeps the legend narrower than most pictures.
  const std::pair<OrderKind, const char*> items[] = {
      {OrderKind::LockHandoff, "lock release &#8594; acquire"},
      {OrderKind::Wakeup, "wakeup &#8594; woken (dashed: other enabler)"},
      {OrderKind::ReadsFrom, "atomic write &#8594; read that saw it"},
      {OrderKind::FreeUse, "free &#8594; use of the freed object"},
      {OrderKind::Spawn, "spawn (dotted)"},
      {OrderKind::WaitsFor, "lock holder &#8594; thread blocked on it"},
      {OrderKind::Races, "other access of a data race (dotted)"},
  };
  std::vector<std::string> cells;
  for (const auto& [kind, text] : items)
    cells.push_back(
        fmt::format("<FONT COLOR=\"{}\">&#9472;&#9472; {}</FONT>", kind_color(kind), text));
  cells.push_back(fmt::format("<FONT COLOR=\"{}\"><B>bold: leads to the violation</B></FONT>",
                              kHighlightColor));
  cells.push_back(
      fmt::format("<FONT COLOR=\"{}\">orange border: preempted there</FONT>", kPreemptColor));
  cells.emplace_back("grey: does not lead to the violation");
  cells.emplace_back("lanes: threads, in program order");
  std::string rows;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i % 4 == 0) rows += i == 0 ? "<TR>" : "</TR><TR>";
    rows += "<TD ALIGN=\"LEFT\">" + cells[i] + "</TD>";
  }
  return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">" + rows +
         "</TR></TABLE>";
}

bool shows_value(OpKind op) {
  return op == OpKind::Load || op == OpKind::Exchange || op == OpKind::CompareExchange ||
         op == OpKind::FetchAdd || op == OpKind::IncNotZero || op == OpKind::Choose;
}

std::string where_short(const char* seed, const std::source_location& loc) {
  std::string file = loc.file_name() != nullptr ? loc.file_name() : "";
  const auto slash = file.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    const auto prev = file.rfind('/', slash - 1);
    file = file.substr(prev == std::string::npos ? 0 : prev + 1);
  }
  const std::string place = file.empty() ? std::string() : fmt::format("{}:{}", file, loc.line());
  if (seed == nullptr || *seed == '\0') return place;
  return place.empty() ? std::string(seed) : fmt::format("{} {}", seed, place);
}

std::string short_paths(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t space = text.find(' ', pos);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    std::string_view word = text.substr(pos, end - pos);
    const std::size_t last = word.rfind('/');
    if (last != std::string_view::npos && last > 0) {
      const std::size_t prev = word.rfind('/', last - 1);
      if (prev != std::string_view::npos) word = word.substr(prev + 1);
    }
    out += word;
    if (space != std::string_view::npos) out += ' ';
    pos = end + 1;
  }
  return out;
}

std::string shorten(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max > 3 ? max - 3 : 0)) + "...";
}

std::string wrap(std::string_view text, std::size_t width, std::string_view breaker) {
  std::string out;
  std::size_t line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    if (line > 0 && line + 1 + word.size() > width) {
      out += breaker;
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    pos = end + 1;
  }
  return out;
}

}  // namespace kmc::reports
