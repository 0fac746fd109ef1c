#include "model/kq/knote.hpp"

namespace kmc::kq {

namespace {
std::string nm(const char* what, std::uint64_t serial, const char* field) {
  return std::string(what) + "#" + std::to_string(serial) + "." + field;
}
}  // namespace

Knote::Knote(Execution& ex, std::uint64_t s, const char* what)
    : kn_link(ex, nm(what, s, "kn_link")),
      kn_next(ex, nm(what, s, "kn_next")),
      kn_kqlink(ex, nm(what, s, "kn_kqlink")),
      kn_tqe(ex, nm(what, s, "kn_tqe")),
      kn_kq(ex, nm(what, s, "kn_kq"), KqPtr{}),
      kn_fop(ex, nm(what, s, "kn_fop"), nullptr),
      kn_fp(ex, nm(what, s, "kn_fp"), FilePtr{}),
      kn_hook(ex, nm(what, s, "kn_hook"), CalloutPtr{}),
      p_proc(ex, nm(what, s, "p_proc"), nullptr),
      hookid(ex, nm(what, s, "hookid"), 0),
      hook_mfile(ex, nm(what, s, "hook_mfile"), -1),
      kn_id(ex, nm(what, s, "kn_id"), 0),
      kn_filter(ex, nm(what, s, "kn_filter"), 0),
      kn_flags(ex, nm(what, s, "kn_flags"), 0),
      kn_fflags(ex, nm(what, s, "kn_fflags"), 0),
      kn_data(ex, nm(what, s, "kn_data"), 0),
      kn_udata(ex, nm(what, s, "kn_udata"), 0),
      kn_sfflags(ex, nm(what, s, "kn_sfflags"), 0),
      kn_sdata(ex, nm(what, s, "kn_sdata"), 0),
      kn_status(ex, nm(what, s, "kn_status"), 0),
      serial(s) {}

KnHash::KnHash(Execution& ex, int size) {
  for (int i = 0; i < size; ++i)
    buckets.push_back(
        std::make_unique<Klist>(ex, "kq_knhash[" + std::to_string(i) + "]", LinkField::Link));
}

Kqueue::Kqueue(Execution& ex, std::uint64_t s, Value fdp)
    : kq_knpend(ex, nm("kq", s, "kq_knpend"), ListShape::Tail, &Knote::kn_tqe),
      kq_count(ex, nm("kq", s, "kq_count"), 0),
      kq_knlist(ex, nm("kq", s, "kq_knlist"), ListShape::Tail, &Knote::kn_kqlink),
      kq_knhash(ex, nm("kq", s, "kq_knhash"), HashPtr{}),
      kq_knhashmask(ex, nm("kq", s, "kq_knhashmask"), 0),
      kq_state(ex, nm("kq", s, "kq_state"), 0),
      kq_regtd(ex, nm("kq", s, "kq_regtd"), kNoThread),
      kq_sleep_cnt(ex, nm("kq", s, "kq_sleep_cnt"), 0),
      kq_sigio(ex, nm("kq", s, "kq_sigio"), 0),
      ki_note(ex, nm("kq", s, "ki_note"), LinkField::Next),
      kq_fdp(fdp),
      serial(s) {}

KFile::KFile(Execution& ex, std::uint64_t s, int type, int mf)
    : f_klist(ex, nm("fp", s, "f_klist"), LinkField::Link, /*racy_head=*/true),
      f_data(ex, nm("fp", s, "f_data"), KqPtr{}),
      f_type(type),
      mfile(mf),
      serial(s) {}

KProc::KProc(Execution& ex, Value p)
    : pid(p),
      p_klist(ex, "proc" + std::to_string(p) + ".p_klist", LinkField::Next),
      p_stat(ex, "proc" + std::to_string(p) + ".p_stat", 0),
      p_xstat(ex, "proc" + std::to_string(p) + ".p_xstat", 0) {}

MFile::MFile(Execution& ex, int index)
    : readable(ex, "mfile" + std::to_string(index) + ".readable", 0),
      note(ex, "mfile" + std::to_string(index) + ".note", LinkField::Next) {}

}  // namespace kmc::kq
