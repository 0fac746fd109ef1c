// The simple filters: file (K249-253) with fo_kqfilter dispatch, kqueue-on-kqueue (K258-287),
// user (K525-648), fs (K653-675), the AIO stub, and the model-only signal and MFILE filters.
#include <fmt/format.h>

#include "model/kq/kq.hpp"

namespace kmc::kq {

int Kq::fo_kqfilter(const FilePtr& fp, const KnPtr& kn) {
  switch (fp.at("fo_kqfilter").f_type) {
    case DTYPE_KQUEUE:
      return kqueue_kqfilter(fp, kn);
    case DTYPE_MFILE:
      return mfile_kqfilter(fp, kn);
    default:
      return kEOPNOTSUPP;  // a descriptor-layer file without kqueue support (badfo_kqfilter)
  }
}

int Kq::filt_fileattach(const KnPtr& kn) {
  return fo_kqfilter(kn.at("K252").kn_fp.get("K252"), kn);
}

int Kq::kqueue_kqfilter(const FilePtr& fp, const KnPtr& kn) {
  (void)fp;
  const KqPtr kq = kn.at("K261").kn_fp.get("K261").at("K261").f_data.get("K261");
  if (kn->kn_filter.get("K263") != EVFILT_READ) return kEOPNOTSUPP;
  kn->kn_fop.set(&kqread_filtops_, "K266");
  knote_insert(kq.at("K267").ki_note, kn);
  return 0;
}

void Kq::filt_kqdetach(const KnPtr& kn) {
  const KqPtr kq = kn.at("K274").kn_fp.get("K274").at("K274").f_data.get("K274");
  knote_remove(kq.at("K276").ki_note, kn);
}

int Kq::filt_kqueue(const KnPtr& kn, long hint) {
  (void)hint;
  const KqPtr kq = kn.at("K283").kn_fp.get("K283").at("K283").f_data.get("K283");
  // The watched kqueue's count, read without its token.
  const Value data = kq.at("K285").kq_count.load("K285");
  kn->kn_data.set(data, "K285");
  return data > 0 ? 1 : 0;
}

int Kq::filt_userattach(const KnPtr& kn) {
  Knote& k = kn.at("K530");
  k.kn_hook.set(CalloutPtr{}, "K530");
  const unsigned sfflags = k.kn_sfflags.get("K531");
  k.hookid.set((sfflags & NOTE_TRIGGER) ? 1 : 0, "K532");
  const unsigned ffctrl = sfflags & NOTE_FFCTRLMASK;
  const unsigned masked = sfflags & NOTE_FFLAGSMASK;
  k.kn_sfflags.set(masked, "K537");
  switch (ffctrl) {
    case NOTE_FFAND:
      k.kn_fflags.set(k.kn_fflags.get("K543") & masked, "K543");
      break;
    case NOTE_FFOR:
      k.kn_fflags.set(k.kn_fflags.get("K547") | masked, "K547");
      break;
    case NOTE_FFCOPY:
      k.kn_fflags.set(masked, "K551");
      break;
    default:
      break;
  }
  k.kn_data.set(k.kn_sdata.get("K559"), "K559");
  return 0;
}

void Kq::filt_userdetach(const KnPtr& kn) { (void)kn; }

int Kq::filt_user(const KnPtr& kn, long hint) {
  (void)hint;
  return kn.at("K573").hookid.get("K573");
}

void Kq::filt_usertouch(const KnPtr& kn, KEvent* kev, bool register_type) {
  Knote& k = kn.at("K581");
  if (register_type) {  // EVENT_REGISTER (K582-632)
    if (kev->fflags & NOTE_TRIGGER) k.hookid.set(1, "K584");
    const unsigned ffctrl = kev->fflags & NOTE_FFCTRLMASK;
    kev->fflags &= NOTE_FFLAGSMASK;
    switch (ffctrl) {
      case NOTE_FFAND:
        k.kn_fflags.set(k.kn_fflags.get("K593") & kev->fflags, "K593");
        break;
      case NOTE_FFOR:
        k.kn_fflags.set(k.kn_fflags.get("K597") | kev->fflags, "K597");
        break;
      case NOTE_FFCOPY:
        k.kn_fflags.set(kev->fflags, "K601");
        break;
      default:
        break;
    }
    k.kn_data.set(kev->data, "K609");
    if (kev->flags & EV_CLEAR) {
      k.hookid.set(0, "K621");
      k.kn_data.set(0, "K630");
    }
    return;
  }
  // EVENT_PROCESS (K634-642).
  *kev = KEvent{k.kn_id.get("K635"),     k.kn_filter.get("K635"), k.kn_flags.get("K635"),
                k.kn_fflags.get("K636"), k.kn_data.get("K637"),   k.kn_udata.get("K635")};
  if (k.kn_flags.get("K638") & EV_CLEAR) k.hookid.set(0, "K639");
}

int Kq::filt_fsattach(const KnPtr& kn) {
  kn.at("K658").kn_flags.set(kn->kn_flags.get("K658") | EV_CLEAR, "K658");
  knote_insert(fs_klist_, kn);
  return 0;
}

void Kq::filt_fsdetach(const KnPtr& kn) { knote_remove(fs_klist_, kn); }

int Kq::filt_fs(const KnPtr& kn, long hint) {
  Knote& k = kn.at("K673");
  const unsigned fflags = k.kn_fflags.get("K673") | static_cast<unsigned>(hint);
  k.kn_fflags.set(fflags, "K673");
  return fflags != 0 ? 1 : 0;
}

int Kq::filt_aioattach(const KnPtr& kn) {
  (void)kn;
  return kENXIO;  // DragonFly has no AIO (not in seed)
}

// The model signal filter (spec §3.3, not in seed): on the registering process's p_klist.
int Kq::filt_sigattach(const KnPtr& kn) {
  KProc* p = procs_.proc_of(current_pid());
  if (p == nullptr) return kESRCH;
  Knote& k = kn.at("sigattach");
  k.p_proc.set(p, "sigattach");
  k.kn_flags.set(k.kn_flags.get("sigattach") | EV_CLEAR, "sigattach");
  knote_insert(p->p_klist, kn);
  return 0;
}

void Kq::filt_sigdetach(const KnPtr& kn) {
  KProc* p = kn.at("sigdetach").p_proc.get("sigdetach");
  knote_remove(p->p_klist, kn);
}

int Kq::filt_signal(const KnPtr& kn, long hint) {
  Knote& k = kn.at("filt_signal");
  const auto h = static_cast<unsigned long>(hint);
  if ((h & NOTE_SIGNAL) && static_cast<Value>(h & ~static_cast<unsigned long>(NOTE_SIGNAL)) ==
                               k.kn_id.get("filt_signal")) {
    k.kn_data.set(k.kn_data.get("filt_signal") + 1, "filt_signal");
  }
  return k.kn_data.get("filt_signal") != 0 ? 1 : 0;
}

// The model file (spec §3.3, not in seed): fo_kqfilter, and its filter ops.
int Kq::mfile_kqfilter(const FilePtr& fp, const KnPtr& kn) {
  const int index = fp.at("mfile_kqfilter").mfile;
  if (kn.at("mfile_kqfilter").kn_filter.get("mfile_kqfilter") != EVFILT_READ) return kEOPNOTSUPP;
  kn->kn_fop.set(&mfile_ops_, "mfile_kqfilter");
  kn->hook_mfile.set(index, "mfile_kqfilter");
  knote_insert(mfile(index).note, kn);
  return 0;
}

void Kq::mfile_detach(const KnPtr& kn) {
  knote_remove(mfile(kn.at("mfile_detach").hook_mfile.get("mfile_detach")).note, kn);
}

// The file types behind fo_kqfilter take their own tokens in f_event (DragonFly pipes their
// buffer tokens, sockets their sockbuf token; not in seed), which the file's other users, in the
// scenario or not, may hold. So the model file's f_event may block, and its caller, which holds
// the kq token (and in knote() the list token) and owns kn, gives them up until it runs again:
// the "filter may block" paths of K237, K1504 and K1788 (source_may_block).
int Kq::mfile_event(const KnPtr& kn, long hint) {
  (void)hint;
  source_may_block(filter_caller_, "mfile f_event: the file's own token (not in seed)");
  MFile& m = mfile(kn.at("mfile_event").hook_mfile.get("mfile_event"));
  const int readable = m.readable.load("mfile_event");
  kn->kn_data.set(readable, "mfile_event");
  return readable != 0 ? 1 : 0;
}

}  // namespace kmc::kq
