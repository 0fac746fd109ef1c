// kqueue_register (K1128-1419) and floadkevfps (K1082-1117): a batch of up to KQ_NEVENTS
// changes, the kq_regtd serialisation, the knote lookup on f_klist or the hash, creation with
// the close interlock, modify, delete, enable/disable, and the cleanup of unused file references.
#include <fmt/format.h>

#include "model/kq/kq.hpp"

namespace kmc::kq {

namespace {
constexpr int kBatchStride = 1000;  // ghost holder numbering: batch * stride + index
}  // namespace

void Kq::floadkevfps(ThreadId td, FdpId fdp, const KEvent* kev, std::vector<FilePtr>& fp,
                     int climit, std::uint64_t batch) {
  const Value pid = current_pid();
  const bool tdcache = climit <= 2 && pid != 0 && files_.fdp_of(pid) == fdp;
  if (!tdcache) files_.lock_table(fdp, "K1094");
  for (int i = 0; climit != 0; --climit, ++i) {
    fp[static_cast<std::size_t>(i)] = FilePtr{};
    const int filter = kev[i].filter;
    if (!is_sysfilter(filter)) continue;
    const FilterOps* fops = sysfilt_ops_[~filter];
    if (!(fops->flags & FILTEROP_ISFD)) continue;
    const Holder h{"register-batch", td, static_cast<Value>(batch) * kBatchStride + i, true};
    fp[static_cast<std::size_t>(i)] = tdcache ? files_.holdfp(fdp, kev[i].ident, h, "K1104")
                                              : files_.holdfp_locked(fdp, kev[i].ident, h, "K1106");
  }
  if (!tdcache) files_.unlock_table(fdp, "K1116");
}

int Kq::kqueue_register(const KqPtr& kq, KEvent* kev, int* countp) {
  const FdpId fdp = kq.at("K1131").kq_fdp;
  Klist* list = nullptr;  // K1132: NULL once, at the declaration only
  std::vector<FilePtr> fp(static_cast<std::size_t>(params_.kq_nevents));
  KnPtr kn;  // K1135: NULL once, at the declaration only
  const ThreadId me = ex_.current();
  ThreadId td = me;  // K1143
  int climit = *countp;
  if (climit > params_.kq_nevents) climit = params_.kq_nevents;
  const Value closedcounter = files_.closedcounter(fdp, "K1147");
  const std::uint64_t batch = next_serial_++;
  floadkevfps(me, fdp, kev, fp, climit, batch);
  const auto holder = [&](int i) {
    return Holder{"register-batch", me, static_cast<Value>(batch) * kBatchStride + i, true};
  };
  const auto drop_fp = [&](int i, Site site) {
    const auto c = static_cast<std::size_t>(i);
    if (fp[c]) files_.fdrop(fp[c], holder(i), site);
    fp[c] = FilePtr{};
  };

  Token& tok = kq_token(kq);
  tok.get("K1150");
  int count = 0;
  int error = 0;

  // Only one thread registers on a kq at a time (K1157-1167).
  while (kq.at("K1157").kq_regtd.get("K1157") != kNoThread && kq->kq_regtd.get("K1157") != td) {
    kq->kq_state.set(kq->kq_state.get("K1158") | KQ_REGWAIT, "K1158");
    (void)tsleep({kq.cell(), 1}, fmt::format("kq#{}.kq_regtd", kq->serial), "kqreg",
                 /*timeout=*/false, /*pcatch=*/false, "K1159");
  }
  if (kq.at("K1161").kq_regtd.get("K1161") != kNoThread)
    td = kNoThread;  // recursive call
  else
    kq->kq_regtd.set(td, "K1166");

  for (;;) {  // loop: (K1169)
    // The seed sets list and kn only where they are declared (K1132, K1135), so a change sees the
    // previous change's values (kq-4); the upstream fix starts every change from NULL.
    if (params_.listfix || params_.listonly) list = nullptr;  // M-KQ-listfix, M-KQ-listonly
    if (params_.listfix) kn = KnPtr{};                        // M-KQ-listfix
    KEvent* e = &kev[count];
    const FilterOps* fops = nullptr;
    if (e->filter < 0) {
      if (e->filter + EVFILT_SYSCOUNT < 0) {
        error = kEINVAL;
        ++count;
        break;
      }
      fops = sysfilt_ops_[~e->filter];
    } else {
      error = kEINVAL;
      ++count;
      break;
    }
    const std::size_t c = static_cast<std::size_t>(count);
    if ((fops->flags & FILTEROP_ISFD) && !fp[c]) {
      error = kEBADF;
      ++count;
      break;
    }

    cache_step(AccessKind::Read, "K1198");  // SLIST_EMPTY, outside the crit section
    if (knote_cache_.empty()) {
      const KnPtr new_kn = knote_alloc("K1201");
      cache_step(AccessKind::Write, "K1202");  // crit section (K1202-1205)
      knote_cache_.push_back(new_kn);
    }

    if (fp[c])
      list = &fp[c].at("K1209").f_klist;
    else if (kq.at("K1210").kq_knhashmask.get("K1210") != 0)
      list = &hash_bucket(kq, e->ident, "K1211");
    if (list != nullptr) {
      list->token().get("K1215");
    again:
      for (kn = list->first("K1217"); kn; kn = list->next(kn, "K1217")) {
        Knote& k = kn.at("K1218");
        if (k.kn_kq.get("K1218") == kq && k.kn_filter.get("K1219") == e->filter &&
            k.kn_id.get("K1220") == e->ident) {
          if (knote_acquire(kn) == 0) goto again;
          break;
        }
      }
      list->token().release("K1226");
    }

    if (!kn && !(e->flags & EV_ADD)) {
      error = kENOENT;
      ++count;
      break;
    }

    if (e->flags & EV_ADD) {
      if (!kn) {
        // From the cache (crit section, K1244-1254), or kmalloc if another thread emptied it.
        cache_step(AccessKind::Write, "K1244");
        if (knote_cache_.empty()) {
          kn = knote_alloc("K1248");
        } else {
          const KnPtr cached = knote_cache_.back();
          knote_cache_.pop_back();
          // current(), not live(): a knote freed into the cache is also free memory to the model
          // heap, so with address reuse kmalloc may have handed its cell to another knote.
          if (cached.current()) {
            kn = cached;  // preallocated at K1201, never used
          } else {
            // Memory freed by knote_free into the cache: handed out again (the same cell when
            // address reuse is on, as the LIFO cache does).
            kn = make<Knote>(ex_, "knote", "K1250", /*may_sleep=*/false, ex_, next_serial_++);
            (void)chan({kn.cell(), 0}, kn_name(kn));
            knotes_.push_back(kn);
          }
        }
        Knote& k = kn.at("K1255");
        k.kn_fp.set(fp[c], "K1255");
        k.kn_kq.set(kq, "K1256");
        k.kn_fop.set(fops, "K1257");
        if (fp[c]) {
          files_.transfer(fp[c], holder(count),
                          Holder{"knote", static_cast<Value>(k.serial), 0, false}, "K1263");
        }
        fp[c] = FilePtr{};  // K1263
        k.kn_sfflags.set(e->fflags, "K1265");
        k.kn_sdata.set(e->data, "K1266");
        e->fflags = 0;
        e->data = 0;
        k.kn_id.set(e->ident, "K1269");
        k.kn_filter.set(e->filter, "K1269");
        k.kn_flags.set(e->flags, "K1269");
        k.kn_fflags.set(e->fflags, "K1269");
        k.kn_data.set(e->data, "K1269");
        k.kn_udata.set(e->udata, "K1269");
        k.kn_status.set(KN_PROCESSING, "K1276");
        k.owner = me;
        knote_attach(kn);
        if ((error = filter_attach(kn)) != 0) {
          status_set(kn, KN_DELETING | KN_REPROCESS, "K1279");
          knote_drop(kn);
          ++count;
          break;
        }
        // Close interlock (K1291-1295), removed by M-KQ-nocheckfd.
        if (!params_.nocheckfd && (fops->flags & FILTEROP_ISFD) &&
            files_.checkfdclosed(fdp, e->ident, kn.at("K1292").kn_fp.get("K1292"), closedcounter,
                                 "K1292") != 0) {
          status_set(kn, KN_DELETING | KN_REPROCESS, "K1294");
        }
      } else {
        if (!(status(kn, "K1302") & KN_PROCESSING))
          ex_.fail(ViolationKind::Assertion, "KKASSERT(KN_PROCESSING)", "K1302");
        if (fops == &user_filtops_) {
          filt_usertouch(kn, e, /*register=*/true);
        } else {
          kn->kn_sfflags.set(e->fflags, "K1306");
          kn->kn_sdata.set(e->data, "K1307");
          kn->kn_udata.set(e->udata, "K1308");
        }
      }
      if ((status(kn, "K1319") & KN_REPROCESS) == 0) {
        if (filter_event(kn, 0, "K1320")) knote_activate(kn, "K1321");
      }
    } else if (e->flags & EV_DELETE) {
      knote_detach_and_drop(kn);
      error = 0;
      ++count;
      break;
    } else {
      if (!(status(kn, "K1339") & KN_PROCESSING))
        ex_.fail(ViolationKind::Assertion, "KKASSERT(KN_PROCESSING)", "K1339");
      if (fops == &user_filtops_) {
        filt_usertouch(kn, e, /*register=*/true);
      } else {
        kn->kn_sfflags.set(e->fflags, "K1343");
        kn->kn_sdata.set(e->data, "K1344");
        kn->kn_udata.set(e->udata, "K1345");
      }
      if ((status(kn, "K1355") & KN_REPROCESS) == 0) {
        if (filter_event(kn, 0, "K1356")) knote_activate(kn, "K1357");
      }
    }

    if ((e->flags & EV_DISABLE) && !(status(kn, "K1365") & KN_DISABLED))
      status_set(kn, KN_DISABLED, "K1366");
    if ((e->flags & EV_ENABLE) && (status(kn, "K1372") & KN_DISABLED)) {
      status_clear(kn, KN_DISABLED, "K1373");
      const unsigned s = status(kn, "K1374");
      if ((s & KN_ACTIVE) && !(s & KN_QUEUED)) knote_enqueue(kn);
    }
    (void)knote_release(kn);  // kn may be invalid now

    ++count;
    if (e->flags & EV_RECEIPT) {
      error = 0;
      break;
    }
    if (count < climit) {  // ++kev; goto loop (K1395-1397)
      // M-KQ-fpfix: the change just done no longer needs its reference (kq-5); a new knote took
      // it over and left fp[count-1] NULL (K1263).
      if (params_.fpfix) drop_fp(count - 1, "K1397");
      continue;
    }
    break;
  }

  // done: (K1402)
  if (td != kNoThread) {
    kq.at("K1404").kq_regtd.set(kNoThread, "K1404");
    const unsigned state = kq->kq_state.get("K1405");
    if (state & KQ_REGWAIT) {
      kq->kq_state.set(state & ~KQ_REGWAIT, "K1406");
      chan({kq.cell(), 1}, fmt::format("kq#{}.kq_regtd", kq->serial)).wakeup("K1407");
    }
  }
  tok.release("K1410");
  *countp = count;
  if (params_.fpfix && count > 0) drop_fp(count - 1, "K1412");  // M-KQ-fpfix (kq-5)
  for (; count < climit; ++count) drop_fp(count, "K1415");
  // KQ-I7: every reference floadkevfps took is transferred or dropped by now.
  for (std::size_t i = 0; i < fp.size(); ++i) {
    if (!fp[i]) continue;
    ex_.warn(ViolationKind::Refcount,
             fmt::format("KQ-I7: kqueue_register returns still holding the reference that "
                         "floadkevfps took on fp#{} for change {} (ident {}): it is never dropped",
                         fp[i].unchecked()->serial, i, kev[i].ident),
             "K1418");
  }
  return error;
}

}  // namespace kmc::kq
