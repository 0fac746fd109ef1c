// The intrusive-list primitive: its operations touch the links inside the elements through the
// heap (use-after-free on a walk or an unlink through a freed element, data races on unlocked
// use), each is one visible event with the words it touches, and DPOR agrees with DFS on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "checker/primitives/intrusive_list.hpp"
#include "checker/primitives/locks.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

struct Elem {
  Elem(Execution& ex, int v) : link(ex, "link(" + std::to_string(v) + ")"), value(v) {}
  ListLink<Elem> link;
  int value;
};
using List = IntrusiveList<Elem>;

Ptr<Elem> elem(Execution& ex, int v) {
  return make<Elem>(ex, "elem", "alloc", false, ex, v);
}

List& list(Execution& ex, Bag& bag, ListShape shape) {
  return bag.make<List>(ex, "head", shape, &Elem::link);
}

std::string contents(const List& l) {
  std::string s;
  for (const Ptr<Elem>& e : l.peek_all()) s += std::to_string(e.unchecked()->value);
  return s;
}

constexpr ListShape kShapes[] = {ListShape::Single, ListShape::Double, ListShape::Tail};

// Runs `body(ex, list, shape)` as the one thread of a program, for a list of `shape`.
template <typename Body>
RunResult run_alone(ListShape shape, Body body) {
  LambdaProgram p([shape, body](Execution& ex, Bag& bag) {
    List& l = list(ex, bag, shape);
    ex.spawn("T", [&ex, &l, shape, body] { body(ex, l, shape); });
  });
  return run_all(p, "dpor");
}

TEST(IntrusiveList, WalkThroughAFreedElementIsAUseAfterFree) {
  for (ListShape shape : kShapes) {
    const RunResult r = run_alone(shape, [](Execution& ex, List& l, ListShape) {
      const Ptr<Elem> a = elem(ex, 1);
      l.insert_head(a, "insert");
      heap_of(ex).free(a.cell(), "free while still on the list");
      for (Ptr<Elem> e = l.first("first"); e; e = l.next(e, "walk")) {
      }
    });
    EXPECT_TRUE(found(r, ViolationKind::UseAfterFree)) << static_cast<int>(shape);
  }
}

TEST(IntrusiveList, UnlinkNextToAFreedNeighbourIsAUseAfterFree) {
  // b is freed while on the list; unlinking its neighbour a writes b's link (its back pointer in
  // a doubly-linked list, the walk through it in a singly-linked one).
  for (ListShape shape : kShapes) {
    const RunResult r = run_alone(shape, [](Execution& ex, List& l, ListShape shape) {
      const Ptr<Elem> a = elem(ex, 1);
      const Ptr<Elem> b = elem(ex, 2);
      if (shape == ListShape::Single) {
        l.insert_head(a, "insert a");
        l.insert_head(b, "insert b");  // b before a: the walk to a passes b
      } else {
        l.insert_head(b, "insert b");
        l.insert_head(a, "insert a");  // a before b: unlinking a writes b's back pointer
      }
      heap_of(ex).free(b.cell(), "free b on the list");
      l.remove(a, "unlink a");
    });
    EXPECT_TRUE(found(r, ViolationKind::UseAfterFree)) << static_cast<int>(shape);
  }
}

TEST(IntrusiveList, UnlockedConcurrentInsertAndRemoveIsADataRace) {
  for (ListShape shape : kShapes) {
    for (bool locked : {false, true}) {
      LambdaProgram p([shape, locked](Execution& ex, Bag& bag) {
        List& l = list(ex, bag, shape);
        auto& m = bag.make<Mutex>(ex, "list lock", "list lock");
        auto& a = bag.make<Ptr<Elem>>();
        ex.set_leak_roots([&] {
          for (const Ptr<Elem>& e : l.peek_all()) heap_of(ex).mark(e.cell());
          heap_of(ex).mark(a.cell());
        });
        ex.spawn("setup+remover", [&ex, &l, &m, &a, locked] {
          a = elem(ex, 1);
          l.insert_head(a, "insert a");
          ex.spawn("inserter", [&ex, &l, &m, locked] {
            const Ptr<Elem> b = elem(ex, 2);
            if (locked) m.lock("lock");
            l.insert_head(b, "insert b");
            if (locked) m.unlock("unlock");
          });
          if (locked) m.lock("lock");
          l.remove(a, "remove a");
          if (locked) m.unlock("unlock");
        });
      });
      const RunResult r = run_all(p, "dpor");
      EXPECT_EQ(found(r, ViolationKind::DataRace), !locked)
          << static_cast<int>(shape) << " locked=" << locked;
      EXPECT_EQ(r.violated(), !locked) << static_cast<int>(shape) << " locked=" << locked;
    }
  }
}

TEST(IntrusiveList, LockedUseKeepsTheListRightInEveryOrder) {
  for (ListShape shape : kShapes) {
    std::set<std::string> finals;
    LambdaProgram p([shape, &finals](Execution& ex, Bag& bag) {
      List& l = list(ex, bag, shape);
      auto& m = bag.make<Mutex>(ex, "list lock", "list lock");
      ex.set_leak_roots([&] {
        for (const Ptr<Elem>& e : l.peek_all()) heap_of(ex).mark(e.cell());
      });
      ex.on_teardown([&] { finals.insert(contents(l)); });
      ex.spawn("A", [&ex, &l, &m, shape] {
        const Ptr<Elem> x = elem(ex, 1);
        const Ptr<Elem> y = elem(ex, 2);
        m.lock("lock");
        l.insert_head(x, "insert x");
        if (shape == ListShape::Tail)
          l.insert_tail(y, "insert y at the tail");
        else
          l.insert_after(x, y, "insert y after x");
        m.unlock("unlock");
        m.lock("lock");
        l.remove(x, "remove x");
        m.unlock("unlock");
        heap_of(ex).free(x.cell(), "free x off the list");
      });
      ex.spawn("B", [&ex, &l, &m] {
        const Ptr<Elem> z = elem(ex, 3);
        m.lock("lock");
        l.insert_head(z, "insert z");
        m.unlock("unlock");
        m.lock("lock");
        int n = 0;
        for (Ptr<Elem> e = l.first("first"); e; e = l.next(e, "walk")) n += e.at("read").value;
        m.unlock("unlock");
      });
    });
    const RunResult r = run_all(p, "dpor");
    EXPECT_FALSE(r.violated()) << static_cast<int>(shape) << ": "
                               << (r.violated() ? r.counterexamples[0].violation.message : "");
    // y goes after x (or at the tail), z at the head before or after A's inserts: x y z or
    // z x y, without x. At the tail, y ends last either way.
    const std::set<std::string> expected =
        shape == ListShape::Tail ? std::set<std::string>{"32"} : std::set<std::string>{"23", "32"};
    EXPECT_EQ(finals, expected) << static_cast<int>(shape);
  }
}

// The event of each operation names exactly the words it touches (and the cells they live in).
TEST(IntrusiveList, EachOperationIsOneEventWithItsAccessSet) {
  std::vector<Event> events;
  std::map<std::string, ObjectId> ids;
  LambdaProgram p([&](Execution& ex, Bag& bag) {
    List& l = list(ex, bag, ListShape::Double);
    ex.on_teardown([&] {
      events.clear();
      for (const Event& e : ex.trace().events)
        if (e.op >= OpKind::ListFirst && e.op <= OpKind::ListRemove) events.push_back(e);
    });
    ex.spawn("T", [&ex, &l, &ids] {
      const Ptr<Elem> a = elem(ex, 1);
      const Ptr<Elem> b = elem(ex, 2);
      const Ptr<Elem> c = elem(ex, 3);
      ids["head"] = l.id();
      ids["a"] = a.unchecked()->link.word.id();
      ids["b"] = b.unchecked()->link.word.id();
      ids["c"] = c.unchecked()->link.word.id();
      ids["cell b"] = b.cell()->id;
      l.insert_head(c, "insert c");
      l.insert_head(b, "insert b");
      l.insert_head(a, "insert a");  // a b c
      l.remove(b, "remove b");       // writes b, c's back pointer, a's next
      (void)l.next(a, "next of a");  // reads a
      for (const Ptr<Elem>& e : {a, c}) l.remove(e, "empty it");
      for (const Ptr<Elem>& e : {a, b, c}) heap_of(ex).free(e.cell(), "free");
    });
  });
  ASSERT_FALSE(run_all(p, "dpor").violated());
  ASSERT_EQ(events.size(), 7u);  // 3 inserts, 1 remove, 1 next, 2 removes
  const auto has = [](const Event& e, ObjectId o, AccessKind k) {
    for (int i = 0; i < e.accesses.size; ++i)
      if (e.accesses.items[i].object == o && e.accesses.items[i].kind == k) return true;
    return false;
  };
  const Event& unlink = events[3];
  EXPECT_EQ(unlink.op, OpKind::ListRemove);
  EXPECT_TRUE(has(unlink, ids["b"], AccessKind::Write));
  EXPECT_TRUE(has(unlink, ids["c"], AccessKind::Write));
  EXPECT_TRUE(has(unlink, ids["a"], AccessKind::Write));
  EXPECT_TRUE(has(unlink, ids["cell b"], AccessKind::Read));  // conflicts with b's free
  EXPECT_FALSE(has(unlink, ids["head"], AccessKind::Write));  // LIST_REMOVE leaves the head be
  EXPECT_EQ(unlink.accesses.size, 6);                         // three words, three cells
  const Event& step = events[4];
  EXPECT_EQ(step.op, OpKind::ListNext);
  EXPECT_TRUE(has(step, ids["a"], AccessKind::Read));
  EXPECT_EQ(step.accesses.size, 2);  // a's link and a's cell
  // Inserting at the head of the non-empty list writes the head, the new link and the old
  // first element's back pointer.
  EXPECT_TRUE(has(events[2], ids["head"], AccessKind::Write));
  EXPECT_TRUE(has(events[2], ids["b"], AccessKind::Write));
  EXPECT_TRUE(has(events[2], ids["a"], AccessKind::Write));
}

TEST(IntrusiveList, RemovingAnElementOnNoListIsANullDereference) {
  for (ListShape shape : kShapes) {
    const RunResult r = run_alone(shape, [](Execution& ex, List& l, ListShape) {
      l.remove(elem(ex, 1), "remove what was never inserted");
    });
    ASSERT_TRUE(found(r, ViolationKind::Assertion)) << static_cast<int>(shape);
    EXPECT_NE(r.counterexamples[0].violation.message.find("NULL dereference"), std::string::npos);
  }
}

// A second remove follows the element's stale links: the queue-debug panic ("bad link") where
// there is a back pointer, the walk off the end of the list for an SLIST.
TEST(IntrusiveList, RemovingAnElementTwiceIsReported) {
  for (ListShape shape : kShapes) {
    const RunResult r = run_alone(shape, [](Execution& ex, List& l, ListShape) {
      const Ptr<Elem> a = elem(ex, 1);
      l.insert_head(elem(ex, 2), "insert b");
      l.insert_head(a, "insert a");
      l.remove(a, "remove a");
      l.remove(a, "remove a again");
    });
    ASSERT_TRUE(found(r, ViolationKind::Assertion)) << static_cast<int>(shape);
    const char* expected = shape == ListShape::Single ? "NULL dereference" : "bad link";
    EXPECT_NE(r.counterexamples[0].violation.message.find(expected), std::string::npos)
        << r.counterexamples[0].violation.message;
  }
}

// A list marker on a thread's stack (StackObject, as kqueue_scan's local_marker): taken off the
// list before its scope ends, nothing is reported (no leak either); left on it, the next walk
// through it is a use-after-free.
TEST(IntrusiveList, AMarkerLeftOnTheListAfterItsScopeIsAUseAfterFree) {
  for (bool left_on : {false, true}) {
    LambdaProgram p([left_on](Execution& ex, Bag& bag) {
      List& l = list(ex, bag, ListShape::Tail);
      auto& m = bag.make<Mutex>(ex, "list lock", "list lock");
      ex.spawn("scanner", [&ex, &l, &m, left_on] {
        StackObject<Elem> marker(ex, "marker", "scan", ex, 0);
        m.lock("lock");
        l.insert_tail(marker.ptr(), "insert marker");
        if (!left_on) l.remove(marker.ptr(), "remove marker");
        m.unlock("unlock");
      });
      ex.spawn("walker", [&l, &m] {
        m.lock("lock");
        for (Ptr<Elem> e = l.first("first"); e; e = l.next(e, "walk")) {
        }
        m.unlock("unlock");
      });
    });
    const RunResult r = run_all(p, "dpor");
    EXPECT_EQ(r.violated(), left_on);
    if (left_on) {
      ASSERT_TRUE(found(r, ViolationKind::UseAfterFree));
      EXPECT_NE(r.counterexamples[0].violation.message.find("scope ended"), std::string::npos);
    }
  }
}

// A walker and a remover under one lock; with `bug` the remover also frees b, which is still on
// the list, so a walk after that free is a use-after-free. DPOR finds the same violations as DFS
// over every interleaving, and the same final states in the executions that end normally. The
// walker touches the elements only through the walk, so the data race (walk, then free) is found
// only if the walk step's access set names the element's cell.
TEST(IntrusiveList, DporAgreesWithDfs) {
  for (ListShape shape : kShapes) {
    for (bool bug : {false, true}) {
      std::map<std::string, std::set<std::string>> finals;
      std::map<std::string, RunResult> results;
      for (const std::string strategy : {"dfs", "dpor"}) {
        auto& mine = finals[strategy];
        LambdaProgram p([shape, bug, &mine](Execution& ex, Bag& bag) {
          List& l = list(ex, bag, shape);
          auto& m = bag.make<Mutex>(ex, "list lock", "list lock");
          auto& seen = bag.make<std::string>();
          auto& all = bag.make<std::vector<Ptr<Elem>>>();
          ex.set_leak_roots([&] {
            for (const Ptr<Elem>& e : all) heap_of(ex).mark(e.cell());
          });
          ex.on_teardown([&] {
            if (!ex.trace().violation) mine.insert(contents(l) + "|" + seen);
          });
          ex.spawn("remover", [&ex, &l, &m, &seen, &all, bug] {
            const Ptr<Elem> a = elem(ex, 1);
            const Ptr<Elem> b = elem(ex, 2);
            all = {a, b};
            m.lock("lock");
            l.insert_head(a, "insert a");
            l.insert_head(b, "insert b");
            m.unlock("unlock");
            ex.spawn("walker", [&] {
              m.lock("lock");
              for (Ptr<Elem> e = l.first("first"); e; e = l.next(e, "walk"))
                seen += std::to_string(e.unchecked()->value);  // ghost: only the walk touches e
              m.unlock("unlock");
            });
            m.lock("lock");
            l.remove(a, "remove a");
            m.unlock("unlock");
            if (bug) heap_of(ex).free(b.cell(), "free b while it is still on the list");
          });
        });
        results[strategy] = run_all(p, strategy);
      }
      EXPECT_EQ(finals["dfs"], finals["dpor"]) << static_cast<int>(shape) << bug;
      EXPECT_FALSE(finals["dpor"].empty());
      std::set<ViolationKind> kinds[2];
      int k = 0;
      for (const std::string strategy : {"dfs", "dpor"}) {
        for (const Counterexample& c : results[strategy].counterexamples)
          kinds[k].insert(c.violation.kind);
        ++k;
      }
      EXPECT_EQ(kinds[0], kinds[1]) << static_cast<int>(shape) << bug;
      EXPECT_EQ(results["dpor"].violated(), bug) << static_cast<int>(shape);
      if (bug) {
        EXPECT_TRUE(found(results["dpor"], ViolationKind::UseAfterFree));
      }
      EXPECT_LE(results["dpor"].stats.executions, results["dfs"].stats.executions);
    }
  }
}

}  // namespace
}  // namespace kmc
