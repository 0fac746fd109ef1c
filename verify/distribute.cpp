#include "verify/distribute.hpp"

namespace kmc::verify {

VerifyRun run_verify(const Catalogue& c, const std::vector<Case>& cases,
                     const std::vector<KnownFinding>& findings, const VerifyOptions& options,
                     Distribution& dist) {
  VerifyRun out;
  std::vector<KnownItem> known;
  const std::vector<WorkItem> items = make_items(c, cases, findings, options, known, out.skipped);
  std::size_t done = 0;  // dist.run serialises the callback
  std::vector<CaseResult> all =
      dist.run(items, dispatch_order(cases, items.size(), options.fewest_first), options,
               [&](std::uint32_t id, const CaseResult& r) {
                 if (id >= cases.size()) return;
                 if (options.case_done) options.case_done(id, r);
                 if (options.progress) options.progress(++done, cases.size(), r);
               });
  out.known = known_from_results(known, all, cases.size(), out.skipped);
  all.resize(cases.size());
  out.results = std::move(all);
  return out;
}

}  // namespace kmc::verify
