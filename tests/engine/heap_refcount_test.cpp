// Heap lifetimes (use-after-free, double free, leaks, reuse) and reference counts with holders.
#include <gtest/gtest.h>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/refcount.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

struct Obj {
  explicit Obj(Execution& ex) : count(ex, "obj.count", {}), field(ex, "obj.field", 0) {
    count.init({Holder{"creator", 0, 0}});
  }
  RefCount count;
  Tracked<int> field;
};

TEST(Heap, UseAfterFreeDoubleFreeAndLeak) {
  LambdaProgram uaf([](Execution& ex, Bag&) {
    ex.spawn("T", [&ex] {
      Ptr<Obj> p = make<Obj>(ex, "obj", "alloc", false, ex);
      (void)p.at("use").count.dec_and_test(Holder{"creator", 0, 0}, "put");
      heap_of(ex).free(p.cell(), "free");
      (void)p.at("use after free").field.get("read");
    });
  });
  EXPECT_TRUE(found(run_all(uaf, "dpor"), ViolationKind::UseAfterFree));

  LambdaProgram twice([](Execution& ex, Bag&) {
    ex.spawn("T", [&ex] {
      Ptr<Obj> p = make<Obj>(ex, "obj", "alloc", false, ex);
      (void)p.at("use").count.dec_and_test(Holder{"creator", 0, 0}, "put");
      heap_of(ex).free(p.cell(), "free");
      heap_of(ex).free(p.cell(), "free again");
    });
  });
  EXPECT_TRUE(found(run_all(twice, "dpor"), ViolationKind::DoubleFree));

  LambdaProgram leak([](Execution& ex, Bag& bag) {
    auto& root = bag.make<Ptr<Obj>>();
    ex.set_leak_roots([&ex, &root] { heap_of(ex).mark(root.cell()); });
    ex.spawn("T", [&ex, &root] {
      root = make<Obj>(ex, "kept", "alloc kept", false, ex);
      (void)make<Obj>(ex, "lost", "alloc lost", false, ex);
    });
  });
  const RunResult r = run_all(leak, "dpor");
  ASSERT_TRUE(found(r, ViolationKind::Leak));
  EXPECT_NE(r.counterexamples[0].violation.message.find("lost"), std::string::npos);
}

TEST(Heap, FreeUnorderedWithAnotherThreadsAccessIsARace) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& cell = bag.make<Ptr<Obj>>();
    auto& published = bag.make<Atomic<int>>(ex, "published", 0);
    ex.spawn("owner", [&] {
      cell = make<Obj>(ex, "obj", "alloc", false, ex);
      published.store(1, "publish");
      (void)cell.at("drop").count.dec_and_test(Holder{"creator", 0, 0}, "put");
      heap_of(ex).free(cell.cell(), "free without waiting for the reader");
    });
    ex.spawn("reader", [&] {
      if (published.load("see it") == 1) (void)cell.at("read").field.get("read field");
    });
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_TRUE(found(r, ViolationKind::UseAfterFree) || found(r, ViolationKind::DataRace));
}

TEST(Heap, AddressReuseMakesAStalePointerSeeTheNewObject) {
  for (bool reuse : {false, true}) {
    LambdaProgram p([](Execution& ex, Bag&) {
      ex.spawn("T", [&ex] {
        Ptr<Obj> a = make<Obj>(ex, "obj", "alloc a", false, ex);
        (void)a.at("use").count.dec_and_test(Holder{"creator", 0, 0}, "put");
        heap_of(ex).free(a.cell(), "free a");
        Ptr<Obj> b = make<Obj>(ex, "obj", "alloc b", false, ex);
        (void)a.at("stale use").field.get("read through a");  // UAF, or ABA with reuse
        (void)b.at("use").count.dec_and_test(Holder{"creator", 0, 0}, "put");
        heap_of(ex).free(b.cell(), "free b");
      });
    });
    StrategyOptions so;
    std::string err;
    auto s = make_strategy(so, err);
    RunOptions ro;
    ro.execution.address_reuse = reuse;
    const RunResult r = Runner(p, *s, ro).run();
    EXPECT_EQ(found(r, ViolationKind::UseAfterFree), !reuse) << "reuse=" << reuse;
  }
}

// An object the program builds before its threads start is a heap object like any other: no
// step for its allocation, and a use after a thread freed it is a use-after-free.
TEST(Heap, InitialObjectsLiveAndDieLikeOthers) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& obj = bag.make<Ptr<Obj>>(make_initial<Obj>(ex, "obj", "boot", ex));
    ex.spawn("T", [&ex, &obj] {
      (void)obj.at("use").field.get("read");
      (void)obj.at("use").count.dec_and_test(Holder{"creator", 0, 0}, "put");
      heap_of(ex).free(obj.cell(), "free");
      (void)obj.at("use after free").field.get("read");
    });
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_EQ(r.stats.executions, 1u);
  ASSERT_TRUE(found(r, ViolationKind::UseAfterFree));
  EXPECT_EQ(r.counterexamples.size(), 1u);
}

TEST(RefCount, HolderRulesAreChecked) {
  const auto run = [](std::function<void(Execution&, RefCount&)> body) {
    LambdaProgram p([body](Execution& ex, Bag& bag) {
      auto& rc = bag.make<RefCount>(ex, "f_count", RefCount::Options{});
      rc.init({Holder{"slot", 1, 3}});
      ex.spawn("T", [&ex, &rc, body] { body(ex, rc); });
    });
    return run_all(p, "dpor");
  };
  // Incrementing from zero.
  EXPECT_TRUE(found(run([](Execution&, RefCount& rc) {
                      (void)rc.dec_and_test(Holder{"slot", 1, 3}, "fput");
                      rc.inc(Holder{"temp", 0, 0, true}, "get_file");
                    }),
                    ViolationKind::Refcount));
  // Dropping a reference the holder does not have.
  EXPECT_TRUE(found(run([](Execution&, RefCount& rc) {
                      (void)rc.dec_and_test(Holder{"temp", 9, 9, true}, "fput");
                    }),
                    ViolationKind::Refcount));
  // A thread's temporary reference left at the end.
  EXPECT_TRUE(found(run([](Execution&, RefCount& rc) {
                      EXPECT_TRUE(rc.inc_not_zero(Holder{"temp", 0, 0, true}, "fget"));
                    }),
                    ViolationKind::Refcount));
  // inc_not_zero fails at zero and takes nothing: no violation.
  EXPECT_FALSE(run([](Execution&, RefCount& rc) {
                 (void)rc.dec_and_test(Holder{"slot", 1, 3}, "fput");
                 EXPECT_FALSE(rc.inc_not_zero(Holder{"temp", 0, 0, true}, "fget"));
               }).violated());
}

TEST(RefCount, FreeingWhileReferencedIsReported) {
  LambdaProgram p([](Execution& ex, Bag&) {
    ex.spawn("T", [&ex] {
      Ptr<Obj> a = make<Obj>(ex, "obj", "alloc", false, ex);
      heap_of(ex).free(a.cell(), "free with count 1");
    });
  });
  EXPECT_TRUE(found(run_all(p, "dpor"), ViolationKind::Refcount));
}

}  // namespace
}  // namespace kmc
