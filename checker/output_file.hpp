// Writing kmc's output files (JSON, reports, pictures, found scenarios) so that a reader never
// sees half of one and no failure goes unnoticed: one helper for every verb and printer.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kmc {

// A file could not be written; what() is "PATH: the system error".
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `text` to `path`: to a temporary file in the same folder, then renamed over `path`, so
// the old file or the whole new one is there, never a part. A `path` that exists and is not a
// regular file (/dev/stdout, /dev/full, a FIFO) is written in place. Creates no folders. Returns
// "" or "PATH: strerror".
[[nodiscard]] std::string write_file_atomic(const std::filesystem::path& path,
                                            std::string_view text);

// As write_file_atomic, creating the parent folders first; throws WriteError on failure.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// Whether output can go to file `path` (checked before a long run, so that a bad --json FILE is
// bad input, not a lost result): not a folder, and a file can be created in its folder (one is,
// then removed) or, for an existing non-regular file such as /dev/full, it opens for writing.
// Returns "" or why not.
[[nodiscard]] std::string probe_output_file(const std::filesystem::path& path);

// Whether folder `dir` can take output (created later if missing): the nearest existing folder
// on its path is one and a file can be created in it (one is, then removed). Returns "" or why
// not.
[[nodiscard]] std::string probe_output_dir(const std::filesystem::path& dir);

}  // namespace kmc
