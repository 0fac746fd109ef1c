// Scenario texts the CLI tests run (on the fd model; no config, so they follow its defaults).
#pragma once

namespace kmc::testing {

// dup3 onto a descriptor beyond the table while another thread closes the source: passes.
inline constexpr const char* kPassScenario =
    "# dup3 racing close\n"
    "model fd\n"
    "setup\n"
    "  open -> a\n"
    "thread T1\n"
    "  dup3 a 5\n"
    "thread T2\n"
    "  close a\n"
    "expect pass\n";

// The same with dup3 looking the file up too early: use-after-free and refcount (and, past the
// refcount violation, the data race of RCU freeing the file under T1).
inline constexpr const char* kViolationScenario =
    "# dup3 racing close, early fcheck\n"
    "model fd\n"
    "variant M-FD-earlyfcheck\n"
    "setup\n"
    "  open -> a\n"
    "thread T1\n"
    "  dup3 a 5\n"
    "thread T2\n"
    "  close a\n"
    "expect violation data-race refcount use-after-free\n";

}  // namespace kmc::testing
