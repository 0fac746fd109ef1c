#include "checker/primitives/refcount.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace kmc {

std::string Holder::describe() const {
  return fmt::format("{}({},{}){}", kind, a, b, transient ? "*" : "");
}

bool Holder::same(const Holder& o) const {
  return a == o.a && b == o.b && std::strcmp(kind, o.kind) == 0;
}

RefRegistry::RefRegistry(Execution& ex) {
  ex.add_end_check([this, &ex]() -> std::optional<Violation> {
    for (const RefCount* rc : all_) {
      if (rc->container() != nullptr && !rc->container()->live) continue;
      for (const Holder& h : rc->holders()) {
        if (!h.transient) continue;
        Violation v;
        v.kind = ViolationKind::Refcount;
        v.message = fmt::format("{} still holds a reference on {} at the end (count {})",
                                h.describe(), rc->name(), rc->count());
        return v;
      }
    }
    (void)ex;
    return std::nullopt;
  });
}

void RefRegistry::remove(RefCount* rc) {
  all_.erase(std::remove(all_.begin(), all_.end(), rc), all_.end());
}

RefCount::RefCount(Execution& ex, std::string name, Options options)
    : ex_(ex),
      id_(ex.register_object(ObjectKind::RefCount, name)),
      name_(std::move(name)),
      options_(options) {
  ex.service(ex.refcount_service).add(this);
  if (container_.cell() != nullptr) container_.cell()->refcounts.push_back(this);
}

RefCount::~RefCount() {
  if (ex_.refcount_service) ex_.refcount_service->remove(this);
}

void RefCount::init(std::vector<Holder> holders) {
  holders_ = std::move(holders);
  count_ = static_cast<long>(holders_.size());
}

void RefCount::step(OpKind kind, AccessKind access, Site site) {
  if (options_.atomic) {
    PendingOp op(kind, id_, access, site);
    container_.add_to(op);
    ex_.visible(op);
    container_.check(ex_, site);
    ex_.sync_acquire(clock_);
    if (access == AccessKind::Write) ex_.sync_release(clock_);
  } else {
    container_.check(ex_, site);
    if (access == AccessKind::Write)
      race_.on_write(ex_, id_, site);
    else
      race_.on_read(ex_, id_, site);
  }
}

void RefCount::remove_holder(const Holder& h, Site site) {
  for (auto it = holders_.begin(); it != holders_.end(); ++it) {
    if (it->same(h)) {
      holders_.erase(it);
      return;
    }
  }
  // Under keep-going the count has changed and the holder list stays as it was.
  ex_.warn(ViolationKind::Refcount,
           fmt::format("{} drops a reference on {} that it does not hold (holders: {})",
                       h.describe(), name_, describe_holders()),
           site);
}

void RefCount::inc(const Holder& h, Site site) {
  step(OpKind::FetchAdd, AccessKind::Write, site);
  if (options_.atomic) {
    ex_.last_event().value = count_ + 1;
    ex_.last_event().before = count_;
  }
  if (count_ == 0 && options_.zero_is_dead) {
    ex_.warn(ViolationKind::Refcount,
             fmt::format("{} increments {} from zero (the object is already being released)",
                         h.describe(), name_),
             site);
  }
  ++count_;
  holders_.push_back(h);
}

bool RefCount::dec_and_test(const Holder& h, Site site) {
  step(OpKind::FetchAdd, AccessKind::Write, site);
  if (options_.atomic) {
    ex_.last_event().value = count_ - 1;
    ex_.last_event().before = count_;
  }
  if (count_ == 0) {  // under keep-going the count underflows, as an unchecked atomic would
    ex_.warn(ViolationKind::Refcount,
             fmt::format("{} decrements {} below zero", h.describe(), name_), site);
  }
  --count_;
  remove_holder(h, site);
  return count_ == 0;
}

bool RefCount::inc_not_zero(const Holder& h, Site site) {
  if (options_.atomic) {
    step(OpKind::IncNotZero, AccessKind::Write, site);
  } else {
    step(OpKind::IncNotZero, AccessKind::Write, site);
  }
  if (options_.atomic) ex_.last_event().before = count_;
  if (count_ == 0) {
    if (options_.atomic) ex_.last_event().value = 0;
    return false;
  }
  ++count_;
  holders_.push_back(h);
  if (options_.atomic) ex_.last_event().value = count_;
  return true;
}

long RefCount::read(Site site) {
  step(OpKind::Load, AccessKind::Read, site);
  if (options_.atomic) ex_.last_event().value = count_;
  return count_;
}

void RefCount::transfer(const Holder& from, const Holder& to, Site site) {
  remove_holder(from, site);
  holders_.push_back(to);
}

std::string RefCount::describe_holders() const {
  std::string out;
  for (const Holder& h : holders_) out += (out.empty() ? "" : ", ") + h.describe();
  return out.empty() ? "none" : out;
}

}  // namespace kmc
