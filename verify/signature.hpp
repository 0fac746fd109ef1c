// Deduplicating violations across scenarios: a signature names the kind, the seed line (or model
// place) of the violating event and that of the event it conflicts with, and the known findings
// (reports/FINDINGS.md) are mapped to the signatures their scenarios produce.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "checker/trace.hpp"

namespace kmc::verify {

// "use-after-free@R520~R164": kind, where the violating event is, where the other party is ("-"
// when the violation names none). Seed lines when the model cites one, else "file.cpp:LINE".
[[nodiscard]] std::string signature(const Violation& v);

// A file-name-safe form of a signature.
[[nodiscard]] std::string signature_file_name(const std::string& signature);

// A finding of FINDINGS.md ("fd-1") and the scenario files its section names.
struct KnownFinding {
  std::string id;
  std::vector<std::filesystem::path> scenarios;
};

// The findings of a FINDINGS.md-style file: each `### ID: ...` heading and the `scenarios/...scn`
// paths quoted in its section (resolved against `root`). False with `error` if unreadable.
[[nodiscard]] bool read_findings(const std::filesystem::path& file,
                                 const std::filesystem::path& root, std::vector<KnownFinding>& out,
                                 std::string& error);

}  // namespace kmc::verify
