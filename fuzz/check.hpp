// Model-checks one generated scenario, and minimises the schedule of a counterexample.
// Violations of the models' harness contract ("harness: ..." assertions) are not findings: they
// say the generated scenario broke a rule of the scenario format, so they are set apart. So are
// counterexamples of executions in which a guarded call failed (protocol.hpp: an alloc_fd that
// got no fd cannot be installed) and counterexamples matching a known-finding pattern (--ignore).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/result.hpp"
#include "model/scenario/scenario.hpp"

namespace kmc::fuzz {

// A known finding to look past: a violation of `kind` (any kind if unset) whose message matches
// `text`, a substring pattern in which `*` stands for any run of characters.
struct KnownPattern {
  std::optional<ViolationKind> kind;
  std::string text;
  std::string source;  // as written (for messages)
};

// Parses `KIND:TEXT`, `KIND` (every violation of that kind) or `TEXT` (any kind); KIND is a kind
// name (use-after-free, invariant, ...). False with `error` set for an empty pattern.
[[nodiscard]] bool parse_known(const std::string& spec, KnownPattern& out, std::string& error);
// Reads patterns from a file, one a line; blank lines and lines starting with '#' are skipped.
[[nodiscard]] bool load_known(const std::string& path, std::vector<KnownPattern>& out,
                              std::string& error);
[[nodiscard]] bool matches(const KnownPattern& p, const Violation& v);
// The pattern that names `v` and its variations: the message with each number replaced by `*`
// (invariant ids such as FD-I9 kept), as `KIND:TEXT`.
[[nodiscard]] std::string generalise(const Violation& v);

// How to explore one scenario: DPOR is exhaustive up to the caps, pct/random sample `executions`.
struct CheckLimits {
  std::string strategy = "dpor";
  std::uint64_t executions = 2000;  // cap per scenario
  double seconds = 2.0;             // time limit per scenario
  std::uint64_t seed = 1;           // pct/random
  std::uint32_t max_steps = 100000;
  std::vector<KnownPattern> known;          // counterexamples to look past
  const std::atomic<bool>* stop = nullptr;  // set asynchronously (Ctrl-C): end the run early
  // The end of the whole budget (fuzz --seconds): a check still running then stops there, inside
  // DPOR's analysis too, and finds nothing more.
  std::optional<std::chrono::steady_clock::time_point> not_after;
};

struct CheckOutcome {
  std::optional<Counterexample> found;  // the first real violation (of `want`, when given)
  std::vector<ViolationKind> kinds;     // every real kind seen (all of them with keep_going)
  bool harness = false;                 // a harness breach was seen
  bool contract = false;                // an execution with a failed guarded call was seen
  bool known = false;                   // a counterexample matching a known pattern was seen
  bool complete = false;                // the strategy explored everything within its bounds
  RunStats stats;
  std::string error;  // the engine failed (replay mismatch, bad strategy): not a finding
};

// True for a violation that reports a broken scenario contract rather than a model bug.
[[nodiscard]] bool is_harness(const Violation& v);

// True if `c`'s execution broke the scenario contract at run time: a guarded call (protocol.hpp)
// returned an error, so the pairing the scenario spells out could not hold. Replays `c`.
// `keep_going`: `c` comes from a keep-going run, whose execution went on past survivable
// violations to the guarded call that failed.
[[nodiscard]] bool breaks_contract(const scenario::Scenario& s, const Counterexample& c,
                                   std::uint32_t max_steps, bool keep_going = false);

// True for an end-of-run `refcount` report of a temporary reference held by a thread that ended
// blocked inside the call that took it (`allow blocked`): the thread still legitimately holds it
// (the fd layer's holders name their thread first: "kevent(3,2)*"). An engine-side exemption
// would be the proper fix (see fuzz/README.md).
[[nodiscard]] bool blocked_holder(const Counterexample& c);

// Explores `s`. With `want`, explores everything within the limits and returns a counterexample
// of that kind only; without, stops at the first violation.
[[nodiscard]] CheckOutcome check_scenario(const scenario::Scenario& s, const CheckLimits& limits,
                                          std::optional<ViolationKind> want = std::nullopt);

// The counterexample of kind `kind` with the fewest preemptions: bounded DFS with bounds
// 0, 1, ..., `max_bound`, the first one found (DFS order) at the smallest bound; nullopt if none.
[[nodiscard]] std::optional<Counterexample> minimise_schedule(const scenario::Scenario& s,
                                                              ViolationKind kind,
                                                              const CheckLimits& limits,
                                                              std::uint32_t max_bound);

// Makes `c`, found under keep-going (which follows an execution past the violations the kernel
// survives), replay as `kmc run FILE --replay TOKEN` does, without keep-going: its schedule cut
// just after the violating event. False, `c` unchanged, when that replay stops with another kind
// first: `c` then replays only with `--keep-going`.
[[nodiscard]] bool cut_at_violation(const scenario::Scenario& s, Counterexample& c,
                                    std::uint32_t max_steps);

// Replays `token` on the scenario file `path` (with keep-going when `keep_going`) and says
// whether it gives a `kind` violation; `error` tells why not.
[[nodiscard]] bool replays(const std::string& path, const std::string& token, ViolationKind kind,
                           std::uint32_t max_steps, bool keep_going, std::string& error);

}  // namespace kmc::fuzz
