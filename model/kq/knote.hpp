// The objects of the kq model as kern_event.c sees them (spec §3.1): struct knote, struct kqueue,
// the part of struct file it touches, processes (p_klist), model files (MFILE) and filter ops.
// Plain fields protected by a token are Tracked; fields read without their token by design are
// RacyVar (each access a scheduling point).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "model/kq/klist.hpp"
#include "model/kq/kq_defs.hpp"
#include "model/kq/racy_var.hpp"

namespace kmc::kq {

class Kq;
struct Kqueue;
struct KFile;
struct KProc;
struct KnHash;
struct CalloutMem;
using KqPtr = Ptr<Kqueue>;
using HashPtr = Ptr<KnHash>;
using CalloutPtr = Ptr<CalloutMem>;

// A pointer to a struct file as kern_event.c holds it. The file is the descriptor layer's heap
// object; the kq part of it (KFile) is found in whatever file lives at that address now, so a
// stale pointer to a reused address sees the new file, as in the kernel. Every dereference
// checks that the file is live (use-after-free otherwise).
class FileRef {
 public:
  using Resolver = KFile* (*)(CellHeader* cell);
  FileRef() = default;
  FileRef(Heap& heap, CellHeader* cell, Resolver resolve)
      : heap_(&heap), cell_(cell), resolve_(resolve) {}
  [[nodiscard]] KFile& at(Site site) const {
    heap_->access(cell_, site);
    return *resolve_(cell_);
  }
  KFile* operator->() const { return &at("deref"); }
  // The kq part without a check (ghost use; it may be a freed file's).
  [[nodiscard]] KFile* unchecked() const { return cell_ != nullptr ? resolve_(cell_) : nullptr; }
  [[nodiscard]] CellHeader* cell() const { return cell_; }
  [[nodiscard]] bool live() const { return cell_ != nullptr && cell_->live; }
  explicit operator bool() const { return cell_ != nullptr; }
  friend bool operator==(const FileRef& a, const FileRef& b) { return a.cell_ == b.cell_; }

 private:
  Heap* heap_ = nullptr;
  CellHeader* cell_ = nullptr;
  Resolver resolve_ = nullptr;
};
using FilePtr = FileRef;

// struct filterops (K137-148): flags and the three operations, as members of the Kq module.
struct FilterOps {
  const char* name = "";
  unsigned flags = 0;
  int (Kq::*attach)(const KnPtr&) = nullptr;
  void (Kq::*detach)(const KnPtr&) = nullptr;
  int (Kq::*event)(const KnPtr&, long) = nullptr;
};

// Descriptor types the kq layer distinguishes.
inline constexpr int DTYPE_OTHER = 0;
inline constexpr int DTYPE_KQUEUE = 5;
inline constexpr int DTYPE_MFILE = 100;

// struct knote. Allocated by knote_alloc (K1997), freed (or cached) by knote_free (K2003).
struct Knote {
  // `what` names its fields ("kn#3.kn_status"); scan markers are "marker".
  Knote(Execution& ex, std::uint64_t serial, const char* what = "kn");
  ListLink<Knote> kn_link;    // f_klist or hash bucket (token of that list)
  ListLink<Knote> kn_next;    // event-source klist (token of that list)
  ListLink<Knote> kn_kqlink;  // its kqueue's kq_knlist (kq token)
  ListLink<Knote> kn_tqe;     // its kqueue's kq_knpend (kq token)
  Tracked<KqPtr> kn_kq;
  Tracked<const FilterOps*> kn_fop;
  Tracked<FilePtr> kn_fp;
  Tracked<CalloutPtr> kn_hook;  // timer: the callout
  Tracked<KProc*> p_proc;       // kn_ptr.p_proc
  Tracked<int> hookid;          // kn_ptr.hookid (user filter)
  Tracked<int> hook_mfile;      // kn_hook of a model-file knote: which MFILE it is on
  Tracked<Value> kn_id;         // kn_kevent.ident
  Tracked<int> kn_filter;
  Tracked<unsigned> kn_flags;
  Tracked<unsigned> kn_fflags;
  Tracked<Value> kn_data;
  Tracked<Value> kn_udata;
  Tracked<unsigned> kn_sfflags;
  Tracked<Value> kn_sdata;
  Tracked<unsigned> kn_status;
  // Ghost state.
  std::uint64_t serial;         // names the knote in holders and messages
  ThreadId owner = kNoThread;   // the KN_PROCESSING owner (spec §0.3)
  bool in_limbo = false;        // QUEUED but off the queue inside kqueue_scan (K1476-K1547)
  int delivered = 0;            // events posted by kqueue_scan
  bool oneshot_posted = false;  // an EV_ONESHOT event was posted (KQ-I10)
  bool is_marker = false;       // a scan marker on some thread's stack (K890, K1437)
};

// The kq hash table (hashinit, K1913): buckets of knotes linked by kn_link.
struct KnHash {
  KnHash(Execution& ex, int size);
  std::vector<std::unique_ptr<Klist>> buckets;
};

// struct kqueue (sys/eventvar.h; spec §3.1).
struct Kqueue {
  Kqueue(Execution& ex, std::uint64_t serial, Value fdp);
  IntrusiveList<Knote> kq_knpend;  // TAILQ through kn_tqe: queued knotes and scan markers (K687)
  RacyVar<int> kq_count;           // also read without the token (K908, filt_kqueue)
  IntrusiveList<Knote> kq_knlist;  // TAILQ through kn_kqlink (K688)
  Tracked<HashPtr> kq_knhash;
  Tracked<int> kq_knhashmask;
  Tracked<unsigned> kq_state;
  Tracked<ThreadId> kq_regtd;
  Tracked<unsigned> kq_sleep_cnt;
  Tracked<int> kq_sigio;
  Klist ki_note;  // kq_kqinfo.ki_note: knotes of other kqueues watching this one
  Value kq_fdp;   // set once by kqueue_init
  // Ghost state.
  std::uint64_t serial;
  int in_kevent = 0;  // threads inside kern_kevent on this kq (KQ-I12)
};

// The part of struct file that kern_event.c touches; built inside the file's constructor by the
// descriptor layer, so its engine objects belong to the file's memory and die with it.
struct KFile {
  KFile(Execution& ex, std::uint64_t serial, int type, int mfile);
  Klist f_klist;          // kn_link; its head is read unlocked by kern_close
  Tracked<KqPtr> f_data;  // DTYPE_KQUEUE: the kqueue
  int f_type;
  int mfile;  // DTYPE_MFILE: which model file object
  std::uint64_t serial;
  void* layer = nullptr;  // the descriptor layer's own file object
};

// A process as the proc and signal filters see it (not in seed).
struct KProc {
  KProc(Execution& ex, Value pid);
  Value pid;
  Klist p_klist;  // kn_next
  Token* p_token = nullptr;
  RacyVar<int> p_stat;   // 0 running, 1 zombie; read by pfind/zpfind
  Tracked<int> p_xstat;  // exit status
};

// The model event source (not in seed): readable state and a note list (spec §3.3).
struct MFile {
  MFile(Execution& ex, int index);
  Atomic<int> readable;
  Klist note;  // kn_next
};

// The callout memory that filt_timerattach allocates (K490) and filt_timerdetach frees (K512).
struct CalloutMem {
  explicit CalloutMem(int slot_index) : slot(slot_index) {}
  int slot;  // the softclock slot (engine-side callout state, outside the heap)
};

}  // namespace kmc::kq
