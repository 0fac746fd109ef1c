#include "checker/version.hpp"

#include "kmc_generated/version.hpp"

namespace kmc {

std::string version() {
  return KMC_VERSION;
}

std::string git_commit() {
  return KMC_GIT_COMMIT;
}

std::string version_line() {
  return "kmc " + version() + " (commit " + git_commit() + ")";
}

}  // namespace kmc
