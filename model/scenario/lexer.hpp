// Splits one line of a scenario file into tokens: words, quoted strings and the `->` arrow;
// `#` starts a comment. Only printable ASCII is accepted outside comments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/diagnostics.hpp"

namespace kmc::scenario {

struct Token {
  enum class Kind : std::uint8_t { Word, String, Arrow };
  Kind kind = Kind::Word;
  std::string text;  // the word, or the string's contents without quotes
  Pos pos;
};

struct Line {
  int number = 0;
  std::vector<Token> tokens;
  std::string comment;  // the text after '#', trimmed (used for the scenario's description)
  bool has_comment = false;
};

// Lexes `text` line by line. Malformed input (a control or non-ASCII byte outside a comment, an
// unterminated string) is reported to `diags`; the rest of that line is skipped. Never throws
// except std::bad_alloc.
[[nodiscard]] std::vector<Line> lex(std::string_view text, Diagnostics& diags);

}  // namespace kmc::scenario
