// Distribution when kmc is built without MPI (KMC_MPI off): always a job of one process.
#include "verify/distribute.hpp"
#include "verify/pool.hpp"

namespace kmc::verify {

Distribution::Distribution() = default;

Distribution::~Distribution() = default;

std::vector<CaseResult> Distribution::run(
    const std::vector<WorkItem>& items, const std::vector<std::uint32_t>& order,
    const VerifyOptions& options,
    const std::function<void(std::uint32_t, const CaseResult&)>& done) {
  ran_ = true;
  return run_items(items, order, options, done);
}

// Never called: without MPI there is no rank but 0.
void Distribution::serve(const VerifyOptions& /*options*/) {}

int Distribution::finish(int status) {
  return status;
}

bool Distribution::built_with_mpi() {
  return false;
}

}  // namespace kmc::verify
