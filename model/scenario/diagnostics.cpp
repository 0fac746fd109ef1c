#include "model/scenario/diagnostics.hpp"

#include <algorithm>

namespace kmc::scenario {

std::string Diagnostic::format() const {
  if (pos.line <= 0) return file + ": error: " + message;
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) +
         ": error: " + message;
}

void Diagnostics::error(Pos pos, std::string message) {
  if (list_.size() >= limit_) {
    ++dropped_;
    return;
  }
  list_.push_back({file_, pos, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::take() {
  std::vector<Diagnostic> out = std::move(list_);
  if (dropped_ > 0) out.push_back({file_, {}, std::to_string(dropped_) + " more errors not shown"});
  list_.clear();
  dropped_ = 0;
  return out;
}

namespace {
// Levenshtein distance, small inputs only (names of a few dozen characters).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return "";
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string best = closest(word, candidates);
  return best.empty() ? "" : ", did you mean '" + best + "'?";
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace kmc::scenario
