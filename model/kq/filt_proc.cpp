// The process filter (K289-418): attach through pfind/zpfind with the p_token, detach, and the
// event function with NOTE_EXIT detaching and NOTE_FORK|NOTE_TRACK registering a new knote.
#include "model/kq/kq.hpp"

namespace kmc::kq {

int Kq::filt_procattach(const KnPtr& kn) {
  Knote& k = kn.at("K296");
  int immediate = 0;
  // pfind and zpfind (not in seed) take the token of the process hash chain or of the zombie
  // list, which fork, exit and wait anywhere in the system take too: they may block.
  source_may_block("K296", "pfind: the process hash token (not in seed)");
  KProc* p = procs_.pfind(k.kn_id.get("K296"), "K296");
  if (p == nullptr && (k.kn_sfflags.get("K297") & NOTE_EXIT)) {
    source_may_block("K298", "zpfind: the zombie list token (not in seed)");
    p = procs_.zpfind(k.kn_id.get("K298"), "K298");
    immediate = 1;
  }
  if (p == nullptr) return kESRCH;
  // PRISON_CHECK (K304) always passes: the model has no jails.
  p->p_token->get("K310");
  kn.at("K311").p_proc.set(p, "K311");
  kn->kn_flags.set(kn->kn_flags.get("K312") | EV_CLEAR, "K312");
  if (kn->kn_flags.get("K317") & EV_FLAG1) {
    kn->kn_data.set(kn->kn_sdata.get("K318"), "K318");
    kn->kn_fflags.set(NOTE_CHILD, "K319");
    kn->kn_flags.set(kn->kn_flags.get("K320") & ~EV_FLAG1, "K320");
  }
  knote_insert(p->p_klist, kn);
  if (immediate && filt_proc(kn, static_cast<long>(NOTE_EXIT))) knote_activate(kn, "K331");
  p->p_token->release("K332");
  return 0;  // PRELE (K333): processes are never freed in the model
}

void Kq::filt_procdetach(const KnPtr& kn) {
  if (status(kn, "K351") & KN_DETACHED) return;
  KProc* p = kn.at("K353").p_proc.get("K353");
  knote_remove(p->p_klist, kn);
}

int Kq::filt_proc(const KnPtr& kn, long hint) {
  const unsigned event = static_cast<unsigned>(hint) & NOTE_PCTRLMASK;
  Knote& k = kn.at("K370");
  if (k.kn_sfflags.get("K370") & event) k.kn_fflags.set(k.kn_fflags.get("K371") | event, "K371");
  if (event == NOTE_EXIT) {
    KProc* p = kn.at("K379").p_proc.get("K379");
    if ((status(kn, "K380") & KN_DETACHED) == 0) {
      knote_remove(p->p_klist, kn);
      status_set(kn, KN_DETACHED, "K383");
      kn.at("K384").kn_data.set(p->p_xstat.get("K384"), "K384");
      kn->p_proc.set(nullptr, "K385");
    }
    kn.at("K388").kn_flags.set(kn->kn_flags.get("K388") | EV_EOF | EV_NODATA | EV_ONESHOT, "K388");
    return 1;
  }
  if (event == NOTE_FORK && (kn.at("K397").kn_sfflags.get("K397") & NOTE_TRACK)) {
    Knote& t = kn.at("K405");
    KEvent kev;
    kev.ident = static_cast<Value>(static_cast<unsigned long>(hint) & NOTE_PDATAMASK);
    kev.filter = t.kn_filter.get("K406");
    kev.flags = t.kn_flags.get("K407") | EV_ADD | EV_ENABLE | EV_FLAG1;
    kev.fflags = t.kn_sfflags.get("K408");
    kev.data = t.kn_id.get("K409");
    kev.udata = t.kn_udata.get("K410");
    int n = 1;
    const int error = kqueue_register(t.kn_kq.get("K412"), &kev, &n);
    if (error != 0) kn.at("K414").kn_fflags.set(kn->kn_fflags.get("K414") | NOTE_TRACKERR, "K414");
  }
  return kn.at("K417").kn_fflags.get("K417") != 0 ? 1 : 0;
}

}  // namespace kmc::kq
