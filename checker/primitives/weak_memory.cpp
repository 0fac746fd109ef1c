#include "checker/primitives/weak_memory.hpp"

#include <algorithm>

namespace kmc {

WeakMemory::PerThread& WeakMemory::of(ThreadId t) {
  if (threads_.size() <= t) threads_.resize(t + 1u);
  return threads_[t];
}

void WeakMemory::fence(MemoryOrder order) {
  const ThreadId me = ex_.current();
  VectorClock& clock = ex_.thread(me).clock;
  PerThread& mine = of(me);
  if (acquires(order)) clock.join(mine.acquired);
  if (order == MemoryOrder::SeqCst) clock.join(sc_);
  if (!releases(order)) return;
  mine.released = clock;
  if (order == MemoryOrder::SeqCst) sc_.join(clock);
  // Later events of this thread are not covered by what this fence published.
  clock.tick(me);
}

WeakMemory& weak_memory(Execution& ex) {
  return ex.service(ex.weak_service);
}

void fence(Execution& ex, MemoryOrder order, Site site) {
  if (!ex.in_thread()) throw_outside_thread("fence", site);
  if (ex.options().memory_model == MemoryModel::Sc || order == MemoryOrder::Relaxed) return;
  if (order == MemoryOrder::SeqCst) {
    ex.register_fixed_object(kSeqCstOrder, ObjectKind::Internal, "seq_cst order");
    ex.visible(PendingOp(OpKind::Fence, kSeqCstOrder, AccessKind::Write, site));
  }
  weak_memory(ex).fence(order);
}

bool WeakLocation::seen(const Store& s) const {
  if (s.thread == kNoThread) return true;
  const ThreadId me = ex_.current();
  const VectorClock& now = ex_.thread(me).clock;
  const auto before = [&](ThreadId t, std::uint32_t epoch) {
    return t == me || now.get(t) >= epoch;
  };
  if (before(s.thread, s.epoch)) return true;
  return std::any_of(s.readers.begin(), s.readers.end(),
                     [&](const auto& r) { return before(r.first, r.second); });
}

std::uint32_t WeakLocation::lower_bound() const {
  for (auto pos = static_cast<std::uint32_t>(mo_.size()); pos-- > 0;)
    if (seen(mo_[pos])) return pos;
  return 0;
}

void WeakLocation::readable(std::vector<std::uint32_t>& out) const {
  out.clear();
  const std::uint32_t low = lower_bound();
  for (auto pos = static_cast<std::uint32_t>(mo_.size()); pos-- > low;) out.push_back(pos);
}

std::uint32_t WeakLocation::read(std::uint32_t pos, MemoryOrder order) {
  Store& s = mo_[pos];
  const ThreadId me = ex_.current();
  VectorClock& clock = ex_.thread(me).clock;
  // A thread's first read of a store is the one later reads depend on: a later read of the same
  // thread happens before fewer threads than it (program order).
  const bool known = std::any_of(s.readers.begin(), s.readers.end(),
                                 [me](const auto& r) { return r.first == me; });
  if (!known) s.readers.emplace_back(me, clock.get(me));
  if (acquires(order))
    clock.join(s.message);
  else
    weak_memory(ex_).saw(me, s.message);
  return s.value;
}

void WeakLocation::insert(std::uint32_t pos, std::uint32_t value, MemoryOrder order,
                          const VectorClock* carried) {
  const ThreadId me = ex_.current();
  VectorClock& clock = ex_.thread(me).clock;
  Store s;
  s.value = value;
  s.thread = me;
  s.epoch = clock.get(me);
  if (releases(order)) {
    s.message = clock;
    clock.tick(me);
  } else {
    s.message = weak_memory(ex_).fence_released(me);
  }
  if (carried != nullptr) s.message.join(*carried);
  mo_.insert(mo_.begin() + pos, std::move(s));
}

void WeakLocation::write(std::uint32_t value, MemoryOrder order) {
  // After any store at or past the lower bound, except between a store and the read-modify-write
  // that read it (which must follow it immediately); the last place first.
  std::vector<std::uint32_t> after;
  const std::uint32_t low = lower_bound();
  for (auto pos = static_cast<std::uint32_t>(mo_.size()); pos-- > low;)
    if (!mo_[pos].taken) after.push_back(pos);
  const std::uint32_t pick = ex_.choose_in_step(static_cast<std::uint32_t>(after.size()));
  insert(after[pick] + 1, value, order, nullptr);
}

void WeakLocation::write_after(std::uint32_t pos, std::uint32_t value, MemoryOrder order) {
  mo_[pos].taken = true;
  const VectorClock carried = mo_[pos].message;
  insert(pos + 1, value, order, &carried);
}

}  // namespace kmc
