#include "checker/strategies/dpor_candidates.hpp"

#include <algorithm>
#include <bit>

namespace kmc {

namespace {
// Which lists hold the accesses that matter to an access of `kind`: those that conflict with it
// (types.hpp: conflicts()), and for an acquire the releases it may have waited for
// (dpor_waited_for(): any release for an exclusive acquire, a writer's for a shared one).
constexpr std::uint8_t kAll = 0x3f;
constexpr std::uint8_t kWanted[] = {
    /* Read */ kAll & ~1u,
    /* Write */ kAll,
    /* Acquire */ kAll,
    /* SharedAcquire */ (1u << 0) | (1u << 1) | (1u << 2) | (1u << 4),
    /* Release */ (1u << 0) | (1u << 1),
};
}  // namespace

DporCandidates::List DporCandidates::list_of(const Event& e, AccessKind kind) {
  switch (kind) {
    case AccessKind::Read:
      return kRead;
    case AccessKind::Write:
      return kWrite;
    case AccessKind::Acquire:
      return kAcquire;
    case AccessKind::SharedAcquire:
      return kShared;
    case AccessKind::Release:
      break;
  }
  return e.op == OpKind::RwUnlock && e.value == kReaderRelease ? kReaderRelease : kRelease;
}

void DporCandidates::reset(std::size_t threads) {
  threads_ = threads;
  for (auto& [object, o] : objects_) {
    for (auto& list : o.lists) {
      for (std::uint64_t m = o.threads; m != 0; m &= m - 1) {
        const auto t = static_cast<std::size_t>(std::countr_zero(m));
        if (t < list.size()) list[t].clear();
      }
    }
    o.threads = 0;
  }
  last_everything_.assign(threads, -1);
  last_touch_.assign(threads, -1);
  singles_.assign(threads, 0);
  heap_.clear();
}

void DporCandidates::add(const Event& e, std::size_t j, bool executed) {
  if (e.accesses.size == 0) return;
  const auto index = static_cast<std::uint32_t>(j);
  last_touch_[e.thread] = static_cast<std::int64_t>(j);
  if (!executed) return;
  for (int a = 0; a < e.accesses.size; ++a) {
    const Access acc = e.accesses.items[a];
    if (acc.object == kEverything) {
      last_everything_[e.thread] = static_cast<std::int64_t>(j);
      continue;
    }
    ObjectLists& o = objects_[acc.object];
    auto& lists = o.lists[list_of(e, acc.kind)];
    if (lists.size() < threads_) lists.resize(threads_);
    auto& list = lists[e.thread];
    if (list.empty() || list.back() != index) list.push_back(index);
    o.threads |= 1ull << e.thread;
  }
}

void DporCandidates::push(const std::uint32_t* items, std::size_t size, ThreadId thread) {
  if (size == 0) return;
  heap_.push_back(Cursor{items, size, thread});
}

void DporCandidates::begin(const Event& ej) {
  heap_.clear();
  done_ = 0;
  last_ = kEnd;
  const std::uint64_t others = ~(1ull << ej.thread);
  bool everything = false;
  for (int a = 0; a < ej.accesses.size; ++a)
    everything |= ej.accesses.items[a].object == kEverything;
  // An event that touches everything conflicts with the last event of each thread that touched
  // anything, which orders that thread's earlier events before it.
  const auto singles = [&](const std::vector<std::int64_t>& last) {
    for (std::size_t t = 0; t < threads_; ++t) {
      if (last[t] < 0 || (others & (1ull << t)) == 0) continue;
      singles_[t] = static_cast<std::uint32_t>(last[t]);
      push(&singles_[t], 1, static_cast<ThreadId>(t));
    }
  };
  if (everything) {
    singles(last_touch_);
  } else if (ej.accesses.size > 0) {
    singles(last_everything_);
    for (int a = 0; a < ej.accesses.size; ++a) {
      const Access acc = ej.accesses.items[a];
      const auto it = objects_.find(acc.object);
      if (it == objects_.end()) continue;
      const std::uint8_t wanted = kWanted[static_cast<int>(acc.kind)];
      for (std::uint64_t m = it->second.threads & others; m != 0; m &= m - 1) {
        const auto t = static_cast<std::size_t>(std::countr_zero(m));
        for (int l = 0; l < kLists; ++l) {
          const auto& lists = it->second.lists[l];
          if ((wanted & (1u << l)) == 0 || t >= lists.size()) continue;
          push(lists[t].data(), lists[t].size(), static_cast<ThreadId>(t));
        }
      }
    }
  }
  std::make_heap(heap_.begin(), heap_.end(), [](const Cursor& x, const Cursor& y) {
    return x.items[x.left - 1] < y.items[y.left - 1];
  });
}

std::size_t DporCandidates::next() {
  const auto less = [](const Cursor& x, const Cursor& y) {
    return x.items[x.left - 1] < y.items[y.left - 1];
  };
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), less);
    Cursor& c = heap_.back();
    if ((done_ & (1ull << c.thread)) != 0) {
      heap_.pop_back();
      continue;
    }
    const std::size_t e = c.items[--c.left];
    if (c.left == 0) {
      heap_.pop_back();
    } else {
      std::push_heap(heap_.begin(), heap_.end(), less);
    }
    if (e == last_) continue;
    last_ = e;
    return e;
  }
  return kEnd;
}

}  // namespace kmc
