// kmc's version and the git commit it was built from (the generated header behind them is
// checker/version.hpp.in), for `kmc --version` and the `tool` object of every JSON document.
#pragma once

#include <string>

namespace kmc {

// "0.1": the project version of CMakeLists.txt.
[[nodiscard]] std::string version();
// The commit kmc was built from, 12 hex digits, "-dirty" when the tree had local changes, or
// "unknown" when built outside a git checkout.
[[nodiscard]] std::string git_commit();
// "kmc 0.1 (commit 1a2b3c4d5e6f)": what `kmc --version` prints.
[[nodiscard]] std::string version_line();

}  // namespace kmc
