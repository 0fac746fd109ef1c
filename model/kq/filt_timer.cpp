// The timer filter (K420-520): a callout per knote, run by a softclock thread; the expiry takes
// the kq token and either marks an owned knote for reprocessing or activates it itself.
#include <fmt/format.h>

#include "model/kq/kq.hpp"

namespace kmc::kq {

void Kq::filt_timerreset(const KnPtr& kn, Site site) {
  // K427-429 turn kn_sdata (milliseconds) into ticks; virtual time makes every delay alike.
  Knote& k = kn.at(site);
  (void)k.kn_sdata.get(site);
  const CalloutPtr calloutp = k.kn_hook.get("K430");
  const KqPtr kq = k.kn_kq.get(site);
  callouts_.reset(calloutp, kn, kq.unchecked() != nullptr ? kq.unchecked()->serial : 0, "K431");
}

void Kq::filt_timerexpire(const KnPtr& kn) {
  const KqPtr kq = kn.at("K443").kn_kq.get("K443");
  Token& tok = kq_token(kq);
  tok.get("K445");
  Knote& k = kn.at("K451");
  k.kn_data.set(k.kn_data.get("K451") + 1, "K451");
  const unsigned st = status(kn, "K452");
  if (st & KN_PROCESSING) {
    status_set(kn, KN_REPROCESS, "K453");
    if ((st & KN_DELETING) == 0 && (kn.at("K455").kn_flags.get("K455") & EV_ONESHOT) == 0)
      filt_timerreset(kn, "K456");
    tok.release("K457");
    return;
  }
  if (st & KN_DELETING) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("KASSERT: acquire a deleting knote {:#x} ({})", st, kn_name(kn)), "K460");
  }
  status_set(kn, KN_PROCESSING, "K462");
  knote_activate(kn, "K464");
  if ((kn.at("K465").kn_flags.get("K465") & EV_ONESHOT) == 0) filt_timerreset(kn, "K466");
  (void)knote_release(kn);
  tok.release("K470");
}

int Kq::filt_timerattach(const KnPtr& kn) {
  const int prev = kq_ncallouts_.fetch_add(1, "K482");
  if (prev >= params_.kq_calloutmax) {
    (void)kq_ncallouts_.fetch_add(-1, "K484");
    kn.at("K485").kn_hook.set(CalloutPtr{}, "K485");
    return kENOMEM;
  }
  kn.at("K489").kn_flags.set(kn->kn_flags.get("K489") | EV_CLEAR, "K489");
  const CalloutPtr calloutp = make<CalloutMem>(ex_, "callout", "K490", /*may_sleep=*/true, -1);
  calloutp.unchecked()->slot = callouts_.init(calloutp, "K491");  // callout_init_mp
  kn.at("K492").kn_hook.set(calloutp, "K492");
  filt_timerreset(kn, "K494");
  return 0;
}

void Kq::filt_timerdetach(const KnPtr& kn) {
  const CalloutPtr calloutp = kn.at("K509").kn_hook.get("K509");
  if (params_.calloutstop) callouts_.stop(calloutp, "K510");  // M-KQ-calloutstop
  else callouts_.terminate(calloutp, "K510");
  kn.at("K511").kn_hook.set(CalloutPtr{}, "K511");
  heap_of(ex_).free(calloutp.cell(), "K512");
  (void)kq_ncallouts_.fetch_add(-1, "K513");
}

int Kq::filt_timer(const KnPtr& kn, long hint) {
  (void)hint;
  return kn.at("K519").kn_data.get("K519") != 0 ? 1 : 0;
}

}  // namespace kmc::kq
