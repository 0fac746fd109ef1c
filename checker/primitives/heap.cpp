#include "checker/primitives/heap.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "checker/primitives/refcount.hpp"
#include "checker/primitives/sleep.hpp"

namespace kmc {

namespace {
std::string at(const char* seed, const std::source_location& loc) {
  return fmt::format("{}{}{}:{}", seed, *seed ? " " : "", loc.file_name(), loc.line());
}
}  // namespace

ObjectId Heap::freelist_id(const char* type) {
  std::uint32_t h = 2166136261u;
  for (const char* p = type; *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 16777619u;
  const ObjectId id = 0xE0000000u | (h & 0x0FFFFFFFu);
  ex_.register_fixed_object(id, ObjectKind::Internal, std::string("free-list ") + type);
  return id;
}

void Heap::begin_alloc(const char* type, Site site, bool may_sleep) {
  if (!ex_.in_thread()) throw_outside_thread(std::string("kmc::make of ") + type, site);
  const bool holds_tokens = !ex_.thread(ex_.current()).tokens.empty();
  if (may_sleep && holds_tokens) kmc::may_sleep(ex_, site, "allocation");
  PendingOp op(OpKind::Alloc, kNoObject, AccessKind::Write, site);
  op.may_sleep = may_sleep && !holds_tokens;
  if (ex_.options().address_reuse) op.accesses.add({freelist_id(type), AccessKind::Write});
  ex_.visible(op);
}

CellHeader* Heap::reuse(const char* type) {
  auto it = free_cells_.find(type);
  if (it == free_cells_.end() || it->second.empty()) return nullptr;
  CellHeader* cell = it->second.back();
  it->second.pop_back();
  return cell;
}

void Heap::require_outside_threads(const char* type) const {
  if (ex_.in_thread())
    throw UsageError(std::string("kmc: kmc::make_initial of ") + type +
                     " called from a model thread: it is for objects made before the threads "
                     "start; a thread allocates with kmc::make (one step)");
}

void Heap::finish_alloc(CellHeader& cell, Site site) {
  cell.live = true;
  cell.marked = false;
  ++cell.generation;
  cell.alloc_seed = site.seed;
  cell.alloc_loc = site.loc;
  cell.freed_by = kNoThread;
  cell.accesses.clear();
  cell.refcounts.clear();
  if (!ex_.in_thread()) return;  // alloc_initial: there is no event
  ex_.last_event().object = cell.id;
  ex_.last_event().accesses.add({cell.id, AccessKind::Write});
}

void Heap::free(CellHeader* cell, Site site) {
  PendingOp op(OpKind::Free, cell->id, AccessKind::Write, site);
  if (ex_.options().address_reuse) op.accesses.add({freelist_id(cell->type), AccessKind::Write});
  ex_.visible(op);
  const ThreadId me = ex_.current();
  if (!cell->live) {
    ex_.fail(ViolationKind::DoubleFree,
             fmt::format("{} frees {} a second time", ex_.thread(me).name,
                         ex_.trace().object_name(cell->id)),
             site,
             {fmt::format("first freed by {} at {}", ex_.thread(cell->freed_by).name,
                          at(cell->free_seed, cell->free_loc)),
              fmt::format("allocated at {}", at(cell->alloc_seed, cell->alloc_loc))});
  }
  for (const RefCount* rc : cell->refcounts) {
    if (rc->count() != 0) {  // under keep-going it is freed all the same
      ex_.warn(ViolationKind::Refcount,
               fmt::format("{} frees {} while {} = {} (holders: {})", ex_.thread(me).name,
                           ex_.trace().object_name(cell->id), rc->name(), rc->count(),
                           rc->describe_holders()),
               site);
    }
  }
  const VectorClock& now = ex_.thread(me).clock;
  for (const Epoch& e : cell->accesses) {
    if (e.thread == me || e.ordered_before(now)) continue;
    ex_.fail(ViolationKind::DataRace,
             fmt::format("{} frees {} without being ordered after {}'s access to it",
                         ex_.thread(me).name, ex_.trace().object_name(cell->id),
                         ex_.thread(e.thread).name),
             site,
             {fmt::format("{} accessed it at {}", ex_.thread(e.thread).name, at(e.seed, e.loc))});
  }
  cell->live = false;
  cell->freed_by = me;
  cell->free_seed = site.seed;
  cell->free_loc = site.loc;
  if (ex_.options().address_reuse) free_cells_[cell->type].push_back(cell);
}

void Heap::end_local(CellHeader* cell, Site site) {
  cell->live = false;
  cell->freed_by = ex_.in_thread() ? ex_.current() : kNoThread;
  cell->free_seed = site.seed;
  cell->free_loc = site.loc;
}

void Heap::access(CellHeader* cell, Site site) {
  if (!ex_.in_thread()) return;
  const ThreadId me = ex_.current();
  if (!cell->live) {
    ex_.fail(ViolationKind::UseAfterFree,
             fmt::format("{} accesses {} after {}", ex_.thread(me).name,
                         ex_.trace().object_name(cell->id),
                         cell->local ? "its scope ended" : "it was freed"),
             site,
             {fmt::format("{} by {} at {}", cell->local ? "scope ended" : "freed",
                          ex_.thread(cell->freed_by).name, at(cell->free_seed, cell->free_loc)),
              fmt::format("{} at {}", cell->local ? "declared" : "allocated",
                          at(cell->alloc_seed, cell->alloc_loc))});
  }
  const std::uint32_t clock = ex_.thread(me).clock.get(me);
  for (Epoch& e : cell->accesses) {
    if (e.thread == me) {
      e.clock = clock;
      e.seed = site.seed;
      e.loc = site.loc;
      return;
    }
  }
  cell->accesses.push_back(Epoch{me, clock, site.seed, site.loc});
}

void Heap::begin_marking() {
  for (auto& cell : cells_) cell->marked = false;
}

void Heap::mark(const CellHeader* cell) {
  if (cell != nullptr) const_cast<CellHeader*>(cell)->marked = true;
}

std::optional<Violation> Heap::unmarked_leak() const {
  for (const auto& cell : cells_) {
    if (!cell->live || cell->marked || cell->local) continue;
    Violation v;
    v.kind = ViolationKind::Leak;
    v.message =
        fmt::format("{} is live at the end but unreachable", ex_.trace().object_name(cell->id));
    v.seed = cell->alloc_seed;
    v.loc = cell->alloc_loc;
    v.related.push_back(fmt::format("allocated at {}", at(cell->alloc_seed, cell->alloc_loc)));
    return v;
  }
  return std::nullopt;
}

std::size_t Heap::live_count() const {
  std::size_t n = 0;
  for (const auto& cell : cells_) n += cell->live && !cell->local ? 1 : 0;
  return n;
}

}  // namespace kmc
