// What the kq operations return and post, one thread at a time: EV_RECEIPT and EV_ERROR events
// (K846-857), changelists and scans longer than KQ_NEVENTS (K820-833, K896-898), EVFILT_FS
// (K653-675), the kqueue fileops (K1562-1620) and the SIGIO that knote_enqueue sends (K1974-1975).
// The scenarios in scenarios/kq race these paths; here their results are checked.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "tests/kq/kq_test_helpers.hpp"

namespace kmc::kq::testing {
namespace {

using cross::World;
using cross::WorldOp;

// Runs `body` as the only scenario thread with KQ_NEVENTS = `nevents`, exhaustively, and fails
// the test if the run reports a violation.
void run_one(int nevents, const std::function<void(World&)>& body) {
  WorldProgram prog([nevents](cross::WorldConfig& c) { c.kq.kq_nevents = nevents; }, nullptr,
                    {body});
  const Outcome out = explore(prog, "dfs");
  EXPECT_TRUE(out.kinds.empty()) << out.describe();
  EXPECT_TRUE(out.result.complete);
}

Value change(World& w, Value ident, int filter, unsigned flags, unsigned fflags = 0) {
  return op(w, WorldOp::Change, {ident, filter, static_cast<Value>(flags), fflags});
}

Value kevent(World& w, Value kq, Value nevents, Value timeout = 0) {
  return op(w, WorldOp::Kevent, {kq, nevents, timeout});
}

const std::vector<KEvent>& events(World& w) {
  return w.last_events();
}

TEST(KqKeventOps, ReceiptAndErrorsArePostedPerChangeAcrossBatches) {
  std::vector<KEvent> posted;
  Value result = -100;
  run_one(2, [&](World& w) {
    const Value kq = op(w, WorldOp::Kqueue, {});
    change(w, 1, EVFILT_USER, EV_ADD | EV_RECEIPT);
    change(w, 2, EVFILT_USER, EV_DELETE);  // no such knote: EV_ERROR ENOENT
    change(w, 3, EVFILT_USER, EV_ADD);
    change(w, 4, EVFILT_USER, EV_ADD);
    change(w, 9, EVFILT_USER, EV_ADD | EV_RECEIPT);
    result = kevent(w, kq, 4);
    posted = events(w);
  });
  // Three errors posted: kern_kevent returns 0 with sysmsg_result 3 and does not scan (K860).
  EXPECT_EQ(result, 3);
  ASSERT_EQ(posted.size(), 3u);
  const std::vector<std::pair<Value, Value>> want{{1, 0}, {2, kENOENT}, {9, 0}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(posted[i].ident, want[i].first) << i;
    EXPECT_EQ(posted[i].flags, EV_ERROR) << i;
    EXPECT_EQ(posted[i].data, want[i].second) << i;
  }
}

TEST(KqKeventOps, ScanLongerThanKqNeventsReturnsEveryEvent) {
  Value registered = -100;
  Value got = -100;
  std::set<Value> idents;
  run_one(2, [&](World& w) {
    const Value kq = op(w, WorldOp::Kqueue, {});
    for (Value id = 1; id <= 5; ++id) change(w, id, EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_TRIGGER);
    registered = kevent(w, kq, 0);
    got = kevent(w, kq, 8);  // scans of at most KQ_NEVENTS = 2 each (K896-898)
    for (const KEvent& e : events(w)) idents.insert(e.ident);
  });
  EXPECT_EQ(registered, 0);
  EXPECT_EQ(got, 5);
  EXPECT_EQ(idents, (std::set<Value>{1, 2, 3, 4, 5}));
}

TEST(KqKeventOps, FsFilterOrsHintsAndClears) {
  Value first = -100;
  Value second = -100;
  KEvent ev;
  run_one(4, [&](World& w) {
    const Value kq = op(w, WorldOp::Kqueue, {});
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 1, EVFILT_FS, EV_ADD}), 0);
    (void)op(w, WorldOp::FsEvent, {4});
    (void)op(w, WorldOp::FsEvent, {1});
    first = kevent(w, kq, 1);
    if (!events(w).empty()) ev = events(w)[0];
    second = kevent(w, kq, 1);
  });
  EXPECT_EQ(first, 1);
  EXPECT_EQ(ev.filter, EVFILT_FS);
  EXPECT_EQ(ev.fflags, 5u);            // K673: both hints ORed in
  EXPECT_NE(ev.flags & EV_CLEAR, 0u);  // K658
  EXPECT_EQ(second, 0);                // EV_CLEAR reset kn_fflags on delivery (K1529-1530)
}

TEST(KqKeventOps, KqueueFileOps) {
  std::vector<Value> r;
  run_one(4, [&](World& w) {
    const Value kq = op(w, WorldOp::Kqueue, {});
    const Value f = op(w, WorldOp::MfileOpen, {0});
    r.push_back(op(w, WorldOp::Read, {kq}));
    r.push_back(op(w, WorldOp::Write, {kq}));
    r.push_back(op(w, WorldOp::Ioctl, {kq, 7, 0}));
    r.push_back(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOSETOWN), 99}));
    r.push_back(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOSETOWN), 1}));
    r.push_back(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOASYNC), 1}));
    r.push_back(op(w, WorldOp::Fstat, {kq}));
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 1, EVFILT_USER, EV_ADD, NOTE_TRIGGER}), 0);
    r.push_back(op(w, WorldOp::Fstat, {kq}));
    r.push_back(op(w, WorldOp::Read, {f}));
    r.push_back(op(w, WorldOp::Read, {7}));
    r.push_back(op(w, WorldOp::Fstat, {7}));
    EXPECT_EQ(op(w, WorldOp::Close, {kq}), 0);
  });
  const std::vector<Value> want{kENXIO, kENXIO, kENOTTY,     kESRCH, 0,      0,
                                0,      1,      kEOPNOTSUPP, kEBADF, -kEBADF};
  EXPECT_EQ(r, want);
}

TEST(KqKeventOps, SigioGoesToTheOwnerOnTheFirstQueuedKnote) {
  std::vector<Value> got;
  Value data = -100;
  run_one(4, [&](World& w) {
    const Value kq = op(w, WorldOp::Kqueue, {});
    const Value kq2 = op(w, WorldOp::Kqueue, {});
    EXPECT_EQ(op(w, WorldOp::Register, {kq2, kSIGIO, EVFILT_SIGNAL, EV_ADD}), 0);
    EXPECT_EQ(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOSETOWN), 1}), 0);
    EXPECT_EQ(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOASYNC), 1}), 0);
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 1, EVFILT_USER, EV_ADD | EV_CLEAR}), 0);
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 2, EVFILT_USER, EV_ADD | EV_CLEAR}), 0);
    // kq_count 0 -> 1: SIGIO to process 1, whose SIGIO knote in kq2 counts it.
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 1, EVFILT_USER, 0, NOTE_TRIGGER}), 0);
    got.push_back(kevent(w, kq2, 1));
    if (!events(w).empty()) data = events(w)[0].data;
    // kq_count 1 -> 2: no signal (K1974).
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 2, EVFILT_USER, 0, NOTE_TRIGGER}), 0);
    got.push_back(kevent(w, kq2, 1));
    // FIOASYNC off: no signal either.
    EXPECT_EQ(kevent(w, kq, 2), 2);
    EXPECT_EQ(op(w, WorldOp::Ioctl, {kq, static_cast<Value>(FIOASYNC), 0}), 0);
    EXPECT_EQ(op(w, WorldOp::Register, {kq, 1, EVFILT_USER, 0, NOTE_TRIGGER}), 0);
    got.push_back(kevent(w, kq2, 1));
  });
  EXPECT_EQ(got, (std::vector<Value>{1, 0, 0}));
  EXPECT_EQ(data, 1);
}

}  // namespace
}  // namespace kmc::kq::testing
