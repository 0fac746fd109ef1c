// The fd invariants FD-I1..FD-I9 (spec §2.5) as engine invariant and end checks.
#pragma once

#include <optional>
#include <string>

#include "model/fd/fd_api.hpp"

namespace kmc::fd {

// Reads FdSystem's state without steps (peek) to check the spec's invariants. Each structure is
// checked only while its lock is free, it is published, and it is not being torn down.
class FdInvariants {
 public:
  // Registers every check with the system's execution, and the leak roots.
  static void install(FdSystem& sys);

 private:
  explicit FdInvariants(FdSystem& sys) : sys_(sys) {}
  [[nodiscard]] bool checkable(const FilesStruct& files) const;
  [[nodiscard]] bool file_live(const File& file) const;
  [[nodiscard]] std::optional<std::string> table_state(FilesStruct& files) const;     // FD-I3
  [[nodiscard]] std::optional<std::string> slots_and_bits(FilesStruct& files) const;  // FD-I1
  [[nodiscard]] std::optional<std::string> next_fd(FilesStruct& files) const;         // FD-I2
  [[nodiscard]] std::optional<std::string> slot_refs(FilesStruct& files) const;       // FD-I4
  [[nodiscard]] std::optional<std::string> holders_of_files() const;                  // FD-I4
  [[nodiscard]] std::optional<std::string> files_counts() const;                      // FD-I5
  [[nodiscard]] std::optional<std::string> borrows(bool at_end) const;                // FD-I8
  [[nodiscard]] std::optional<Violation> at_end() const;                              // FD-I9

  FdSystem& sys_;
};

}  // namespace kmc::fd
