// fdtable allocation, copy, expansion and freeing (seed R40-191).
#include <fmt/format.h>

#include "model/fd/fd_api.hpp"

namespace kmc::fd {

namespace {
Value roundup_pow_of_two(Value n) {
  Value p = 1;
  while (p < n) p <<= 1;
  return p;
}
}  // namespace

FdTable* FdSystem::table(Value handle) const {
  if (handle <= 0 || handle > static_cast<Value>(tables_.size())) return nullptr;
  return tables_[static_cast<std::size_t>(handle - 1)].table;
}

FdTable* FdSystem::locked_fdt(FilesStruct& files, Site site) {
  return table(files.fdt.locked_get(site));
}

int FdSystem::peek_max_fds(const FilesStruct& files) const {
  return table(files.fdt.peek())->max_fds;
}

File* FdSystem::peek_slot(const FilesStruct& files, Value fd) const {
  FdTable* fdt = table(files.fdt.peek());
  if (fd < 0 || fd >= fdt->max_fds) return nullptr;
  return file_by_handle(fdt->fd[static_cast<std::size_t>(fd)]->peek());
}

Value FdSystem::reserve_table_handle() {
  // Reserved before any scheduling point, so that concurrent allocations get distinct handles.
  tables_.push_back(TableRef{});
  return static_cast<Value>(tables_.size());
}

// alloc_fdtable (R95-135): the size rounding of R103-112, then one allocation that may sleep (the
// three kmalloc/vmalloc calls of R113-126 fail together under fault injection).
FdTable* FdSystem::alloc_fdtable(Value nr) {
  const Value g = config_.params.granule();
  const Value w = config_.params.W;
  nr /= g;
  nr = roundup_pow_of_two(nr + 1);
  nr *= g;
  // Two unlocked loads, as written: a sysctl write between them is seen by the second one.
  if (nr > nr_open("R111")) nr = ((nr_open("R112") - 1) | (w - 1)) + 1;
  if (inject_failure("R114")) return nullptr;
  const Value h = reserve_table_handle();
  Ptr<FdTable> p =
      make<FdTable>(ex_, "fdtable", "R113", /*may_sleep=*/true, ex_, fmt::format("fdtable#{}", h),
                    h, static_cast<int>(nr), config_.params.W, /*embedded=*/false);
  tables_[static_cast<std::size_t>(h - 1)] = TableRef{p.unchecked(), p.cell()->generation};
  return p.unchecked();
}

// __free_fdtable (R40-44): an immediate kfree (one step).
void FdSystem::free_fdtable(FdTable& fdt, Site site) {
  heap_of(ex_).free(fdt.cell(), site);
}

// free_fdtable_rcu (R58-79), run by the RCU callback thread after the grace period. The vmalloc
// branch (per-CPU defer list + work item) also ends in __free_fdtable: modelled as a direct free.
void FdSystem::free_fdtable_rcu(FdTable& fdt) {
  if (fdt.max("R62") <= config_.params.W) {
    ex_.fail(ViolationKind::Assertion,
             fmt::format("BUG_ON(fdt->max_fds <= NR_OPEN_DEFAULT) at R62: fdtable#{}", fdt.handle),
             "R62");
  }
  free_fdtable(fdt, "R64");
}

// copy_fdtable (R81-94): nfdt is private to the caller; ofdt is read under file_lock.
void FdSystem::copy_fdtable(FdTable& nfdt, FdTable& ofdt) {
  const int omax = ofdt.max("R83");
  if (nfdt.max("R83") < omax) {
    ex_.fail(
        ViolationKind::Assertion,
        fmt::format("BUG_ON(nfdt->max_fds < ofdt->max_fds) at R83: {} < {}", nfdt.max_fds, omax),
        "R83");
  }
  for (int i = 0; i < omax; ++i)
    nfdt.slot(i, "R86").init(ofdt.slot(i, "R86").locked_get("R86"), "R86");
  // The rest of the new arrays is zero already (R87, R91, R93): the table was just built.
  const int words = omax / config_.params.W;
  for (int i = 0; i < words; ++i) {
    nfdt.open_fds.set_word(i, ofdt.open_fds.word(i, "R90"), "R90");
    nfdt.close_on_exec.set_word(i, ofdt.close_on_exec.word(i, "R92"), "R92");
  }
}

// expand_fdtable (R140-171): entered and left with file_lock held; drops it around the
// allocation (M-FD-alloc-locked keeps it). Returns 1 (the lock was dropped), -ENOMEM or -EMFILE.
Value FdSystem::expand_fdtable(FilesStruct& files, Value nr) {
  const bool keep_lock = config_.variants.alloc_locked;
  if (!keep_lock) files.file_lock.unlock("R143");
  FdTable* new_fdt = alloc_fdtable(nr);
  if (!keep_lock) files.file_lock.lock("R145");
  if (new_fdt == nullptr) return -kENOMEM;
  if (new_fdt->max("R151") <= nr) {
    free_fdtable(*new_fdt, "R152");
    return -kEMFILE;
  }
  FdTable* cur_fdt = locked_fdt(files, "R157");
  if (config_.variants.noexpandcheck || nr >= cur_fdt->max("R158")) {
    copy_fdtable(*new_fdt, *cur_fdt);
    files.fdt.publish(new_fdt->handle, "R162");
    if (cur_fdt->max("R163") > config_.params.W) {
      rcu_->call_rcu([this, cur_fdt] { free_fdtable_rcu(*cur_fdt); }, "R164");
    }
  } else {
    free_fdtable(*new_fdt, "R168");
  }
  return 1;
}

// expand_files (R177-191): 0 when nr fits, -EMFILE past sysctl_nr_open, else expand_fdtable.
Value FdSystem::expand_files(FilesStruct& files, Value nr) {
  FdTable* fdt = locked_fdt(files, "R179");
  if (nr < fdt->max("R182")) return 0;
  if (nr >= nr_open("R186")) return -kEMFILE;
  return expand_fdtable(files, nr);
}

// The sysctl write of sysctl_nr_open: a plain store (R18), bounded like proc_dointvec_minmax by
// sysctl_nr_open_min = BITS_PER_LONG (R19) and sysctl_nr_open_max (R20, scaled to kNrOpenMax).
// Lowering it under a running expansion is what the -EMFILE tests at R151 and R249 are for.
Value FdSystem::set_nr_open(Value nr) {
  if (nr < config_.params.W || nr > kNrOpenMax) return -kEINVAL;
  sysctl_nr_open_.store(nr, "proc_dointvec_minmax: sysctl_nr_open = nr (not in seed)");
  return 0;
}

// Without a sysctl writer the value never changes, so its loads order nothing: no step, which
// keeps every scenario that does not ask for the write exactly as small as before.
Value FdSystem::nr_open(Site site) {
  if (config_.params.nr_open_to == 0) return config_.params.nr_open;
  return sysctl_nr_open_.load(site);
}

// count_open_files (R200-211): one past the last non-zero word, in fds.
int FdSystem::count_open_files(FdTable& fdt) {
  const int w = config_.params.W;
  const int size = fdt.max("R201");
  int i = size / w;
  while (i > 0) {
    if (fdt.open_fds.word(--i, "R206") != 0) break;
  }
  return (i + 1) * w;
}

}  // namespace kmc::fd
