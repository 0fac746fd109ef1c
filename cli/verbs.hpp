// The kmc verbs (DESIGN §4): each registers its sub-command and flags, then runs when chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace kmc::cli {

class Verb {
 public:
  virtual ~Verb() = default;
  // Adds the sub-command with its flags, help text and examples to `app`; returns it.
  virtual CLI::App* setup(CLI::App& app) = 0;
  // Runs the verb with the parsed flags; returns the exit code (DESIGN §4).
  [[nodiscard]] virtual int execute() = 0;
};

// `argv0` is how kmc was invoked, for the replay commands it prints.
[[nodiscard]] std::unique_ptr<Verb> make_run_verb(const std::string& argv0);
[[nodiscard]] std::unique_ptr<Verb> make_replay_verb(const std::string& argv0);
[[nodiscard]] std::unique_ptr<Verb> make_test_verb(const std::string& argv0);
[[nodiscard]] std::unique_ptr<Verb> make_list_verb();
[[nodiscard]] std::unique_ptr<Verb> make_bench_verb();
[[nodiscard]] std::unique_ptr<Verb> make_fuzz_verb(const std::string& argv0);  // verb_fuzz.cpp
[[nodiscard]] std::unique_ptr<Verb> make_verify_verb();                        // verb_verify.cpp

}  // namespace kmc::cli
