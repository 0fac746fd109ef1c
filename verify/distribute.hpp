// Spreading a verify run over processes: alone, one process runs every item on its --jobs threads;
// under `mpirun -np K` (kmc built with KMC_MPI), rank 0 owns the run and hands items out in batches
// to whichever rank asks next (dynamic load balancing: scenario costs differ by orders of
// magnitude), works on them itself on its own threads, and gathers every result, so that only it
// writes output and the results are the same as a single process's. Only verify/ and the CLI know
// about MPI; the engine does not.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "verify/catalogue.hpp"
#include "verify/enumerate.hpp"
#include "verify/signature.hpp"
#include "verify/verifier.hpp"
#include "verify/work.hpp"

namespace kmc::verify {

// This process's place in the run: an MPI job's rank and size, or rank 0 of 1 when alone.
class Distribution {
 public:
  // Joins the MPI job when kmc was built with MPI and started by an MPI launcher (mpirun sets its
  // environment); otherwise a job of one, and MPI is never touched.
  Distribution();
  Distribution(const Distribution&) = delete;
  Distribution& operator=(const Distribution&) = delete;
  ~Distribution();

  // This process's rank (0 owns the run and writes the output).
  [[nodiscard]] int rank() const { return rank_; }
  // How many processes share the run.
  [[nodiscard]] int size() const { return size_; }
  // How many of them run on this machine (to share its cores among them).
  [[nodiscard]] int local_size() const { return local_size_; }

  // Rank 0: runs `items`, handed out in `order`, over every rank (this one on `options.jobs`
  // threads too) and returns results[i] for items[i]. `done` (if set) gets each finished id, one
  // call at a time, as results reach this rank.
  [[nodiscard]] std::vector<CaseResult> run(
      const std::vector<WorkItem>& items, const std::vector<std::uint32_t>& order,
      const VerifyOptions& options,
      const std::function<void(std::uint32_t, const CaseResult&)>& done);

  // Other ranks: ask rank 0 for batches, run them on `options.jobs` threads and send the results
  // back, until rank 0 has no more.
  void serve(const VerifyOptions& options);

  // Every rank, last: returns rank 0's `status` so that every process (and so mpirun) exits with
  // it. Rank 0 first releases the other ranks if run() was never called (bad input, --list).
  [[nodiscard]] int finish(int status);

  // Whether this kmc was built with MPI support.
  [[nodiscard]] static bool built_with_mpi();

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool joined_ = false;  // MPI initialised by this object
  bool ran_ = false;     // run() handed out the work (and released the other ranks)
};

// What a verify run computes besides the report: each case's result, and the known signatures.
struct VerifyRun {
  std::vector<CaseResult> results;           // results[i] for cases[i]
  std::map<std::string, std::string> known;  // signature -> finding id
  std::vector<std::string> skipped;          // known-finding scenarios that did not run or parse
};

// Rank 0: runs the cases and the known findings' scenarios as one pool of items over `dist` (so
// the known findings no longer run first on one thread). `options.progress` counts cases only.
[[nodiscard]] VerifyRun run_verify(const Catalogue& c, const std::vector<Case>& cases,
                                   const std::vector<KnownFinding>& findings,
                                   const VerifyOptions& options, Distribution& dist);

}  // namespace kmc::verify
