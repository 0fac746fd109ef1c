// Debian's chromium, headless, for the tests that open a report page from disk as a user would.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kmc::testing {

// The whole of file `p` ("" if it cannot be read).
[[nodiscard]] inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// True if `chromium` is on the PATH (apt-get install -y chromium).
[[nodiscard]] inline bool chromium_installed() {
  return std::system("command -v chromium > /dev/null 2>&1") == 0;
}

// Runs chromium headless on `url` with `args` (e.g. "--dump-dom"), stdout to `out` and stderr to
// `out`.err, with a fresh profile in `profile`; returns the shell's exit status.
[[nodiscard]] inline int run_chromium(const std::string& args, const std::string& url,
                                      const std::filesystem::path& out,
                                      const std::filesystem::path& profile) {
  const std::string cmd =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--disable-dev-shm-usage --user-data-dir='" +
      profile.string() + "' " + args + " '" + url + "' > '" + out.string() + "' 2> '" +
      out.string() + ".err'";
  return std::system(cmd.c_str());
}

}  // namespace kmc::testing
