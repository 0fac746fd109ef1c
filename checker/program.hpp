// What the engine checks: a program that builds fresh state and threads for every execution.
#pragma once

#include <memory>
#include <string>

namespace kmc {

class Execution;

// Owns everything one execution of a program creates; destroyed after the execution's threads.
class ProgramInstance {
 public:
  virtual ~ProgramInstance() = default;
};

class Program {
 public:
  virtual ~Program() = default;
  // Builds this execution's state, registers its checks and spawns its threads on `ex`.
  // Must be deterministic: the same calls in the same order every time.
  [[nodiscard]] virtual std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const = 0;
  [[nodiscard]] virtual std::string name() const = 0;
  // What a schedule of this program depends on, for replay tokens (replay_token.hpp): [a-z0-9-]
  // parts that a mismatch can be explained from, or "" (no check; the benchmarks).
  [[nodiscard]] virtual std::string fingerprint() const { return {}; }
};

}  // namespace kmc
