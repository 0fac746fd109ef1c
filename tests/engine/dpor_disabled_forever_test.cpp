// A thread whose next step could run for a while and was then disabled by another thread's
// conflicting step, before it ever ran (a callout armed and cancelled before its softclock ran):
// the race is only in hand if DPOR sees that never-executed step, which the execution records as
// pending at its end (Trace::pending). Without it DPOR never ran the waiter first.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::expect_exact;
using testing::LambdaProgram;

// One daemon per slot waits until its slot is armed (the arm is its enabler); T arms every slot,
// then disarms every slot, on the waiters' objects. Finals: which waiters ran.
LambdaProgram arm_disarm(std::set<std::string>& finals, int slots) {
  return LambdaProgram([&finals, slots](Execution& ex, Bag& bag) {
    struct Slot {
      ObjectId id = kNoObject;
      int armed = 0;
      std::int32_t armed_at = -1;
      int fired = 0;
    };
    auto& all = bag.make<std::vector<Slot>>(static_cast<std::size_t>(slots));
    for (int i = 0; i < slots; ++i)
      all[i].id = ex.register_object(ObjectKind::Internal, "slot" + std::to_string(i));
    ex.add_end_check([&finals, &all]() -> std::optional<Violation> {
      std::string s;
      for (const Slot& slot : all) s += std::to_string(slot.fired);
      finals.insert(s);
      return std::nullopt;
    });
    for (int i = 0; i < slots; ++i) {
      Slot& slot = all[i];
      ex.spawn(
          "waiter" + std::to_string(i),
          [&ex, &slot] {
            PendingOp op(OpKind::LatchWait, slot.id, AccessKind::Write, "wait until armed");
            op.can_run = [](const void* s, ThreadId) {
              return static_cast<const Slot*>(s)->armed != 0;
            };
            op.state = &slot;
            op.wait = WaitKind::Event;
            op.enabler = &slot.armed_at;
            ex.visible(op);
            slot.fired = 1;
          },
          /*daemon=*/true);
    }
    ex.spawn("T", [&ex, &all] {
      for (Slot& slot : all) {
        ex.visible(PendingOp(OpKind::Store, slot.id, AccessKind::Write, "arm"));
        slot.armed = 1;
        slot.armed_at = ex.current_event();
      }
      for (Slot& slot : all) {
        ex.visible(PendingOp(OpKind::Store, slot.id, AccessKind::Write, "disarm"));
        slot.armed = 0;
      }
    });
  });
}

TEST(DporDisabledForever, AWaiterDisabledBeforeItRanStillRunsFirst) {
  EXPECT_EQ(expect_exact([](auto& f) { return arm_disarm(f, 1); }),
            (std::set<std::string>{"0", "1"}));
  EXPECT_EQ(expect_exact([](auto& f) { return arm_disarm(f, 2); }),
            (std::set<std::string>{"00", "01", "10", "11"}));
}

}  // namespace
}  // namespace kmc
