#include "fuzz/symbols.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace kmc::fuzz {
namespace {

// The upper-case words of a doc string ("EV_*", "O_CREAT"), with a trailing '*' kept.
std::vector<std::string> doc_words(const std::string& doc) {
  std::vector<std::string> words;
  std::string w;
  for (std::size_t i = 0; i <= doc.size(); ++i) {
    const char c = i < doc.size() ? doc[i] : ' ';
    if (std::isupper(static_cast<unsigned char>(c)) || c == '_' || c == '*' ||
        (!w.empty() && std::isdigit(static_cast<unsigned char>(c)))) {
      w += c;
    } else {
      if (w.size() > 1 && w.find('_') != std::string::npos) words.push_back(w);
      w.clear();
    }
  }
  return words;
}

bool matches(const std::string& symbol, const std::string& word) {
  if (word.back() == '*') return symbol.rfind(word.substr(0, word.size() - 1), 0) == 0;
  return symbol == word;
}

}  // namespace

std::vector<std::pair<std::string, Value>> relevant_symbols(const model::ModelDescriptor& model,
                                                            const model::ArgSpec& arg) {
  const std::vector<std::string> words = doc_words(arg.doc + " " + arg.name);
  std::vector<std::pair<std::string, Value>> out;
  for (const auto& sym : model.symbols)
    if (std::any_of(words.begin(), words.end(),
                    [&](const std::string& w) { return matches(sym.first, w); }))
      out.push_back(sym);
  return out;
}

std::string flags_text(const model::ModelDescriptor& model, const model::ArgSpec& arg,
                       const std::vector<int>& picks, int value) {
  const auto syms = relevant_symbols(model, arg);
  if (syms.empty()) return std::to_string(std::abs(value) % 4);
  const auto wrap = [&](int v) { return static_cast<std::size_t>(std::abs(v)) % syms.size(); };
  const bool selector =
      std::all_of(syms.begin(), syms.end(), [](const auto& s) { return s.second < 0; });
  if (selector) return syms[wrap(picks.empty() ? 0 : picks.front())].first;
  std::set<std::size_t> chosen;
  for (std::size_t k = 0; k < picks.size() && k < 3; ++k) chosen.insert(wrap(picks[k]));
  if (chosen.empty()) return "0";
  std::string out;
  for (std::size_t i : chosen) out += (out.empty() ? "" : "|") + syms[i].first;
  return out;
}

}  // namespace kmc::fuzz
