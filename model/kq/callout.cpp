#include "model/kq/callout.hpp"

#include <string>

namespace kmc::kq {

Callouts::Callouts(Execution& ex, int max_fires, std::function<void(const KnPtr&)> fire)
    : ex_(ex), max_fires_(max_fires), fire_(std::move(fire)) {}

void Callouts::sync(Slot& slot) {
  ex_.sync_acquire(slot.clock);
  ex_.sync_release(slot.clock);
}

void Callouts::step(Slot& slot, OpKind kind, Site site) {
  PendingOp op(kind, slot.id, AccessKind::Write, site);
  ex_.visible(op);
  sync(slot);
}

int Callouts::init(const CalloutPtr& mem, Site site) {
  const int index = static_cast<int>(slots_.size());
  auto slot = std::make_unique<Slot>();
  slot->id = ex_.register_object(ObjectKind::Internal, "callout#" + std::to_string(index));
  slot->mem = mem;
  slot->max_fires = max_fires_;
  Slot* raw = slot.get();
  slots_.push_back(std::move(slot));
  ex_.spawn("softclock" + std::to_string(index), [this, raw] { softclock(*raw); },
            /*daemon=*/true);
  (void)site;
  return index;
}

void Callouts::reset(const CalloutPtr& mem, const KnPtr& arg, std::uint64_t kq_serial,
                     Site site) {
  Slot& slot = *slots_.at(static_cast<std::size_t>(mem.at(site).slot));
  step(slot, OpKind::Store, site);
  (void)mem.at(site);  // callout_reset writes the callout structure
  slot.arg = arg;
  slot.kq_serial = kq_serial;
  slot.pending = true;
  slot.armed_at = ex_.current_event();
}

void Callouts::stop(const CalloutPtr& mem, Site site) {
  Slot& slot = *slots_.at(static_cast<std::size_t>(mem.at(site).slot));
  step(slot, OpKind::Store, site);
  (void)mem.at(site);
  slot.pending = false;
}

void Callouts::terminate(const CalloutPtr& mem, Site site) {
  Slot& slot = *slots_.at(static_cast<std::size_t>(mem.at(site).slot));
  step(slot, OpKind::Store, site);
  (void)mem.at(site);
  slot.pending = false;
  if (!slot.running) return;
  // Wait for the running callback to return: a blocking point (tokens are given up meanwhile).
  PendingOp wait(OpKind::LatchWait, slot.id, AccessKind::Read, site);
  wait.can_run = [](const void* state, ThreadId) { return !static_cast<const Slot*>(state)->running; };
  wait.state = &slot;
  wait.wait = WaitKind::Event;
  wait.wait_label = "callout_terminate";
  wait.enabler = &slot.idle_at;
  ex_.visible(wait);
  sync(slot);
}

void Callouts::softclock(Slot& slot) {
  for (;;) {
    PendingOp wait(OpKind::LatchWait, slot.id, AccessKind::Write, "softclock");
    wait.can_run = [](const void* state, ThreadId) {
      const auto* s = static_cast<const Slot*>(state);
      return s->pending && s->fires < s->max_fires;
    };
    wait.state = &slot;
    wait.wait = WaitKind::Event;
    wait.wait_label = "callout";
    wait.enabler = &slot.armed_at;
    ex_.visible(wait);
    // In the same step the softclock takes the callout off its wheel and reads c_func and c_arg
    // (under the callout's lock: the access is ordered before whoever takes the lock next).
    (void)slot.mem.at("softclock");
    sync(slot);
    slot.pending = false;
    slot.running = true;
    ++slot.fires;
    const KnPtr arg = slot.arg;
    fire_(arg);
    step(slot, OpKind::Store, "softclock");
    slot.running = false;
    slot.idle_at = ex_.current_event();
  }
}

bool Callouts::busy_for(std::uint64_t kq_serial) const {
  for (const auto& s : slots_)
    if ((s->pending || s->running) && s->kq_serial == kq_serial) return true;
  return false;
}

bool Callouts::any_running() const {
  for (const auto& s : slots_)
    if (s->running) return true;
  return false;
}

}  // namespace kmc::kq
