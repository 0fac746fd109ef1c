#include "model/scenario/lexer.hpp"

#include <cstdio>

namespace kmc::scenario {
namespace {

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool is_word_char(unsigned char c) {
  return c > 0x20 && c < 0x7f && c != '#' && c != '"';
}

std::string byte_name(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", c);
  return buf;
}

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Lexes one line (without its '\n'); returns false when the line had an error.
void lex_line(std::string_view s, Line& line, Diagnostics& diags) {
  std::size_t i = 0;
  const auto pos = [&](std::size_t at) { return Pos{line.number, static_cast<int>(at) + 1}; };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_space(c)) {
      ++i;
    } else if (c == '#') {
      line.has_comment = true;
      line.comment = trim(s.substr(i + 1));
      return;
    } else if (c == '"') {
      const std::size_t start = i++;
      std::string text;
      while (i < s.size() && s[i] != '"') {
        const auto d = static_cast<unsigned char>(s[i]);
        if (d < 0x20 || d >= 0x7f) {
          diags.error(pos(i), "unexpected byte " + byte_name(d) + " inside a string");
          line.tokens.clear();
          return;
        }
        text += s[i++];
      }
      if (i == s.size()) {
        diags.error(pos(start), "unterminated string: expected a closing '\"' on the same line");
        line.tokens.clear();
        return;
      }
      ++i;
      line.tokens.push_back({Token::Kind::String, std::move(text), pos(start)});
    } else if (is_word_char(c)) {
      const std::size_t start = i;
      if (s.compare(i, 2, "->") == 0) {
        line.tokens.push_back({Token::Kind::Arrow, "->", pos(i)});
        i += 2;
        continue;
      }
      while (i < s.size() && is_word_char(static_cast<unsigned char>(s[i])) &&
             s.compare(i, 2, "->") != 0)
        ++i;
      line.tokens.push_back(
          {Token::Kind::Word, std::string(s.substr(start, i - start)), pos(start)});
    } else {
      diags.error(pos(i), "unexpected byte " + byte_name(c) +
                              " (scenario files are ASCII outside comments)");
      line.tokens.clear();
      return;
    }
  }
}

}  // namespace

std::vector<Line> lex(std::string_view text, Diagnostics& diags) {
  std::vector<Line> lines;
  std::size_t start = 0;
  int number = 1;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    line.number = number++;
    lex_line(text.substr(start, end - start), line, diags);
    if (!line.tokens.empty() || line.has_comment) lines.push_back(std::move(line));
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace kmc::scenario
