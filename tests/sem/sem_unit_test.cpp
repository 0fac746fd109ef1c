// Single-thread tests of each sem operation: results and errnos as the seed returns them, and the
// ks_ref counts and nsems they leave behind.
#include <gtest/gtest.h>

#include "model/sem/sem_state.hpp"
#include "tests/sem/sem_fixture.hpp"

namespace kmc::model::sem {
namespace {

using testing::explore;
using testing::SemCase;
using Results = std::vector<Value>;

// The live ksem with id `id`, or nullptr.
const Ksem* find_ksem(const SemModel& m, Value id) {
  for (const Ptr<Ksem>& ks : m.state().ksems)
    if (ks.live() && ks.unchecked()->ks_id == id) return ks.unchecked();
  return nullptr;
}

long ref_of(const SemModel& m, Value id) {
  const Ksem* k = find_ksem(m, id);
  return k == nullptr ? -1 : k->ks_ref->count();
}

// Runs `body` alone in process 1 (and `extra` more processes) and returns what it recorded.
Results run_alone(const std::function<void(SemModel&, Results&)>& body, SemConfig config = {},
                  int processes = 1, const char* expect_kind = nullptr) {
  auto out = std::make_shared<Results>();
  SemCase c;
  c.config = config;
  c.processes = processes;
  c.threads.push_back({1, [out, body](SemModel& m) {
                         out->clear();
                         body(m, *out);
                       }});
  const auto o = explore(std::move(c), "dfs");
  if (expect_kind == nullptr) {
    EXPECT_TRUE(o.kinds.empty()) << o.describe();
  } else {
    ViolationKind k{};
    EXPECT_TRUE(parse_violation_kind(expect_kind, k));
    EXPECT_EQ(o.kinds, std::set<ViolationKind>{k}) << o.describe();
  }
  EXPECT_EQ(o.result.stats.executions, 1u);
  return *out;
}

TEST(SemUnit, InitGivesIdsFromOneWithOneReference) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    r.push_back(m.init(1, 0));
    r.push_back(m.init(1, 7));
    r.push_back(ref_of(m, 1));
    r.push_back(ref_of(m, 2));
    r.push_back(m.state().nsems.peek());
    r.push_back(m.getvalue(1, 2));
  });
  EXPECT_EQ(r, (Results{1, 2, 1, 1, 2, 7}));
}

TEST(SemUnit, PostWaitTrywaitGetvalue) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    const Value id = m.init(1, 1);
    r.push_back(m.trywait(1, id));
    r.push_back(m.trywait(1, id));
    r.push_back(m.post(1, id));
    r.push_back(m.post(1, id));
    r.push_back(m.getvalue(1, id));
    r.push_back(m.wait(1, id));
    r.push_back(m.getvalue(1, id));
    r.push_back(ref_of(m, id));  // the wait's temporary reference is gone
    r.push_back(m.post(1, 99));
    r.push_back(m.wait(1, 99));
    r.push_back(m.getvalue(1, 99));
  });
  EXPECT_EQ(
      r, (Results{0, err::kEAGAIN, 0, 0, 2, 0, 1, 1, err::kEINVAL, err::kEINVAL, -err::kEINVAL}));
}

TEST(SemUnit, PostAtSemValueMaxOverflows) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    const Value id = m.init(1, 0xffffffffu);
    r.push_back(m.post(1, id));
    r.push_back(m.getvalue(1, id));
  });
  EXPECT_EQ(r, (Results{err::kEOVERFLOW, 0xffffffffLL}));
}

TEST(SemUnit, OpenCreatesFindsAndRefuses) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    r.push_back(m.open(1, "/a", 0, 0600, 0));  // ENOENT
    const Value a = m.open(1, "/a", kOCreat, 0600, 3);
    r.push_back(a);
    r.push_back(m.open(1, "/a", kOCreat | kOExcl, 0600, 0));  // EEXIST
    r.push_back(m.open(1, "/a", 0, 0, 0));                    // the same id, one more ref
    r.push_back(ref_of(m, a));
    r.push_back(m.getvalue(1, a));
    r.push_back(m.open(1, "bad", kOCreat, 0600, 0));              // EINVAL (no leading /)
    r.push_back(m.open(1, "/a/b", kOCreat, 0600, 0));             // EINVAL (a second /)
    r.push_back(m.open(1, "/", kOCreat, 0600, 0));                // EINVAL (too short)
    r.push_back(m.open(1, "/23456789012345", kOCreat, 0600, 0));  // 15 chars: copyinstr fails
    r.push_back(m.open(1, "/ro", kOCreat, 0400, 0));              // created: no check on create
    r.push_back(m.open(1, "/ro", 0, 0, 0));                       // EPERM: no write bit for uid
    r.push_back(m.state().nsems.peek());
  });
  EXPECT_EQ(r, (Results{-err::kENOENT, 1, -err::kEEXIST, 1, 2, 3, -err::kEINVAL, -err::kEINVAL,
                        -err::kEINVAL, -err::kENAMETOOLONG, 2, -err::kEPERM, 2}));
}

TEST(SemUnit, CloseUnlinkAndNamedPersistence) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    const Value a = m.open(1, "/a", kOCreat, 0600, 0);
    r.push_back(m.close(1, a));
    r.push_back(ref_of(m, a));   // named: persists at 0
    r.push_back(m.close(1, a));  // no handle any more
    r.push_back(m.open(1, "/a", 0, 0, 0));
    r.push_back(m.unlink(1, "/a"));
    r.push_back(ref_of(m, a));     // unlinked, still referenced by the handle
    r.push_back(m.close(1, a));    // EINVAL: close refuses an unlinked semaphore
    r.push_back(m.destroy(1, a));  // destroy takes it: the last reference frees it
    r.push_back(ref_of(m, a));
    r.push_back(m.unlink(1, "/a"));  // ENOENT
    const Value b = m.open(1, "/b", kOCreat, 0600, 0);
    r.push_back(m.close(1, b));
    r.push_back(m.unlink(1, "/b"));  // ks_ref is 0: freed by unlink
    r.push_back(ref_of(m, b));
    r.push_back(m.state().nsems.peek());
  });
  EXPECT_EQ(r,
            (Results{0, 0, err::kEINVAL, 1, 0, 1, err::kEINVAL, 0, -1, err::kENOENT, 0, 0, -1, 0}));
}

TEST(SemUnit, DestroyAnonymousOnly) {
  const Results r = run_alone([](SemModel& m, Results& r) {
    const Value a = m.init(1, 0);
    const Value n = m.open(1, "/n", kOCreat, 0600, 0);
    r.push_back(m.destroy(1, n));  // EINVAL: still named
    r.push_back(m.close(1, a));    // EINVAL: anonymous
    r.push_back(m.destroy(1, a));
    r.push_back(m.destroy(1, a));  // EINVAL: gone
    r.push_back(m.state().nsems.peek());
  });
  EXPECT_EQ(r, (Results{err::kEINVAL, err::kEINVAL, 0, err::kEINVAL, 1}));
}

TEST(SemUnit, EnfileAtSemMax) {
  SemConfig cfg;
  cfg.sem_max = 1;
  const Results r = run_alone(
      [](SemModel& m, Results& r) {
        r.push_back(m.init(1, 0));
        r.push_back(m.init(1, 0));
        r.push_back(m.open(1, "/x", kOCreat, 0600, 0));
        r.push_back(m.destroy(1, 1));
        r.push_back(m.init(1, 0));  // the counter moves past the last id handed out
      },
      cfg);
  EXPECT_EQ(r, (Results{1, -err::kENFILE, -err::kENFILE, 0, 1}));
}

TEST(SemUnit, NoKsemProcMeansEinval) {
  const Results r = run_alone(
      [](SemModel& m, Results& r) {
        (void)m.init(1, 0);
        r.push_back(m.post(2, 1));
        r.push_back(m.close(2, 1));
        r.push_back(m.trywait(2, 1));
        r.push_back(m.getvalue(2, 1));
        r.push_back(m.destroy(2, 1));
      },
      {}, 2);
  EXPECT_EQ(r, (Results{err::kEINVAL, err::kEINVAL, err::kEINVAL, -err::kEINVAL, err::kEINVAL}));
}

TEST(SemUnit, ForkHookCopiesEveryHandle) {
  const Results r = run_alone(
      [](SemModel& m, Results& r) {
        const Value a = m.init(1, 0);
        const Value b = m.open(1, "/b", kOCreat, 0600, 0);
        m.fork_hook(2, 1);
        r.push_back(ref_of(m, a));
        r.push_back(ref_of(m, b));
        r.push_back(m.post(2, a));
        r.push_back(m.wait(1, a));
        r.push_back(m.close(2, b));
        r.push_back(ref_of(m, b));
        m.fork_hook(3, 2);  // a child of a process with one handle
        r.push_back(ref_of(m, a));
      },
      {}, 3);
  EXPECT_EQ(r, (Results{2, 2, 0, 0, 0, 1, 3}));
}

// ksem_proc_dtor releases the interlock twice (U217 then U218): any exit or exec with a handle.
TEST(SemUnit, ExitWithANamedHandleReleasesTheInterlockTwice) {
  (void)run_alone(
      [](SemModel& m, Results&) {
        (void)m.open(1, "/a", kOCreat, 0600, 0);
        m.exit_hook(1);
      },
      {}, 1, "unlock-not-owner");
}

TEST(SemUnit, ExecWithTheLastReferenceTouchesTheFreedKsem) {
  (void)run_alone(
      [](SemModel& m, Results&) {
        (void)m.init(1, 0);
        m.exec_hook(1);
      },
      {}, 1, "use-after-free");
}

TEST(SemUnit, CorrectedDtorFreesEverything) {
  SemConfig cfg;
  cfg.dtor_noexit = true;
  const Results r = run_alone(
      [](SemModel& m, Results& r) {
        const Value a = m.init(1, 0);
        (void)m.open(1, "/n", kOCreat, 0600, 0);
        m.exec_hook(1);
        r.push_back(ref_of(m, a));
        r.push_back(m.post(1, a));  // no ksem_proc after exec
        r.push_back(m.init(1, 0));  // a new ksem_proc; the counter moves on past /n's id 2
        r.push_back(m.state().nsems.peek());
        m.exit_hook(1);
        r.push_back(m.state().nsems.peek());
      },
      cfg);
  EXPECT_EQ(r, (Results{-1, err::kEINVAL, 3, 2, 1}));
}

TEST(SemUnit, ExitWithoutHandlesIsClean) {
  (void)run_alone([](SemModel& m, Results&) { m.exit_hook(1); });
}

TEST(SemUnit, CallAfterExitIsAHarnessError) {
  (void)run_alone(
      [](SemModel& m, Results&) {
        m.exit_hook(1);
        (void)m.init(1, 0);
      },
      {}, 1, "assertion");
}

}  // namespace
}  // namespace kmc::model::sem
