#include "tests/kq/kq_test_helpers.hpp"

namespace kmc::kq::testing {
namespace {
using cross::WorldOp;

TEST(KqDebug, ForkTrack) {
  std::vector<std::string> log;
  WorldProgram prog(
      nullptr,
      [&](cross::World& w) {
        const Value kq = op(w, WorldOp::Kqueue, {});
        log.push_back("kq=" + std::to_string(kq));
        const Value r = op(w, WorldOp::Register,
                           {kq, 1, EVFILT_PROC, EV_ADD, NOTE_FORK | NOTE_TRACK});
        log.push_back("reg=" + std::to_string(r));
        const Value c = op(w, WorldOp::Fork, {});
        log.push_back("child=" + std::to_string(c));
        const Value n = op(w, WorldOp::Kevent, {kq, 4, 0});
        log.push_back("n=" + std::to_string(n));
        for (const KEvent& e : w.last_events(0))
          log.push_back("ev ident=" + std::to_string(e.ident) + " fflags=" + std::to_string(e.fflags));
      },
      {});
  Outcome out = explore(prog, "dpor", {}, 1);
  for (auto& s : log) std::cout << s << "\n";
  std::cout << out.describe();
}
}  // namespace
}  // namespace kmc::kq::testing

namespace kmc::kq::testing {
namespace {
TEST(KqDebug, TrackLivelockReduced) {
  for (const char* strat : {"dpor", "random"}) {
    WorldProgram prog(
        [](cross::WorldConfig& c) { c.kq.strict_liveness = true; c.with_sem = false; },
        [](cross::World& w) {
          (void)op(w, cross::WorldOp::Kqueue, {});
          (void)op(w, cross::WorldOp::Register, {0, 1, EVFILT_PROC, EV_ADD, NOTE_FORK | NOTE_TRACK});
        },
        {[](cross::World& w) { w.kq().knote(w.procs().find(1)->p_klist, NOTE_FORK | 9); },
         [](cross::World& w) {
           (void)op(w, cross::WorldOp::Register, {0, 1, EVFILT_PROC, EV_DELETE});
         }});
    Outcome out = explore(prog, strat, {}, strat[0] == 'r' ? 2000 : 0);
    std::cout << strat << ": " << out.result.stats.executions << " " << out.describe();
    fprintf(stderr, "=== end %s\n", strat);
  }
}
}  // namespace
}  // namespace kmc::kq::testing
