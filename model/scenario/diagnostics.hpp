// Parse errors of scenario files, each with the place it was found, printed the way compilers do
// ("FILE:LINE:COL: error: what was expected") so editors can jump to it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kmc::scenario {

// A 1-based place in a scenario file; line 0 means "the file as a whole".
struct Pos {
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  std::string file;
  Pos pos;
  std::string message;
  // "FILE:LINE:COL: error: MESSAGE" (or "FILE: error: MESSAGE" for whole-file errors).
  [[nodiscard]] std::string format() const;
};

// Collects the errors of one file; stops collecting after a limit so a binary file does not
// produce megabytes of output (the last entry then says how many more there were).
class Diagnostics {
 public:
  explicit Diagnostics(std::string file, std::size_t limit = 50)
      : file_(std::move(file)), limit_(limit) {}

  void error(Pos pos, std::string message);
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] std::size_t count() const { return list_.size() + dropped_; }
  // The errors in the order found, with a final "N more errors" entry when some were dropped.
  [[nodiscard]] std::vector<Diagnostic> take();
  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::size_t limit_;
  std::size_t dropped_ = 0;
  std::vector<Diagnostic> list_;
};

// The closest of `candidates` to `word` by edit distance, or "" when none is close enough;
// used for "did you mean ..." hints.
[[nodiscard]] std::string closest(const std::string& word,
                                  const std::vector<std::string>& candidates);

// ", did you mean 'X'?" when a close candidate exists, else "".
[[nodiscard]] std::string did_you_mean(const std::string& word,
                                       const std::vector<std::string>& candidates);

// "a, b, c" (or "none").
[[nodiscard]] std::string join_names(const std::vector<std::string>& names);

}  // namespace kmc::scenario
