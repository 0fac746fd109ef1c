// Comparing a verify run with an earlier one of the same model and bound (its `--json` output):
// a case differs when it shows a signature the baseline never reported, or a violation where the
// baseline proved it. Model-file line numbers are masked (a patch to the model shifts them; seed
// lines are compared as they are). For regression gates and mutation runs (`--baseline`).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"
#include "verify/verifier.hpp"

namespace kmc::verify {

// What an earlier run showed, by case.
struct Baseline {
  std::string file;
  std::set<std::string> signatures;           // masked, of every finding of the earlier run
  std::map<std::string, std::string> status;  // case key -> "proved", "violation", ...
};

// "fget.cpp:33~R541" -> "fget.cpp:*~R541": a signature with its model-file lines masked.
[[nodiscard]] std::string mask_model_lines(const std::string& signature);

// A case's identity across runs: its setup, configuration point and each thread's action names
// (not its index, so that a catalogue that grew still matches the cases it kept).
[[nodiscard]] std::string case_key(const Catalogue& c, const Case& k);

// Reads a `kmc verify --json` file; false with `error` when it cannot be read or parsed, or was
// made for another model, bound or configuration space than `model`/`bound`/`space`.
[[nodiscard]] bool load_baseline(const std::filesystem::path& file, const std::string& model,
                                 const std::string& bound, const std::string& space, Baseline& out,
                                 std::string& error);

// How `result` of the case `key` differs from the baseline ("new signature X", "violation where
// the baseline proved it"), or nothing. Cases the baseline did not finish never differ.
[[nodiscard]] std::optional<std::string> difference(const Baseline& b, const std::string& key,
                                                    const CaseResult& result);

}  // namespace kmc::verify
