// The --help paragraph on limits, shared by the verbs that explore.
#pragma once

namespace kmc::cli {

// Where the limits of a scenario and of its exploration are (the --help of run, test, fuzz and
// verify): the parser's, the livelock bound's and what the time limits cover.
inline constexpr const char* kLimitsHelp =
    "Limits: a scenario file is at most 1 MiB with at most 60 threads; operations per thread\n"
    "have no cap of their own (the file size bounds them, tens of thousands). One execution\n"
    "is at most --max-steps steps (default 100000; each operation takes one or more, fget\n"
    "about 2): past it the execution is a livelock violation. DPOR's analysis of an\n"
    "execution is close to linear in its length (one thread of 40,000 operations: well\n"
    "under a second). A time limit covers everything, DPOR's analysis inside an execution\n"
    "included: it is checked there too, so a run ends at most one execution past it.\n";

}  // namespace kmc::cli
