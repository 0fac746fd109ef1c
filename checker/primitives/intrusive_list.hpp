// Intrusive lists as the kernel builds them (BSD SLIST_*, LIST_*, TAILQ_*, Linux list_head): the
// links live inside the elements, so every list operation reads and writes the link fields of the
// element, of its neighbours and of the head. Each of those words is an engine object inside its
// heap cell, so a walk or an unlink through a freed element is a use-after-free, an unordered
// access a data race, and DPOR sees the operation's true access set. One visible event per list
// operation (with all its accesses), not one per field: a walk costs one event per step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/execution.hpp"
#include "checker/primitives/heap.hpp"
#include "checker/primitives/race_check.hpp"

namespace kmc {

// The shape of a list, as the macro family that built it.
enum class ListShape : std::uint8_t {
  Single,  // SLIST: a forward link only; a remove walks from the head to the predecessor
  Double,  // LIST: forward link and back pointer; a remove touches the element, its successor and
           // whatever points to it (predecessor or head), never the head otherwise
  Tail,    // TAILQ, Linux list_head: Double plus the head's pointer to the last link, so an
           // operation at the tail writes the head too
};

// One word of list memory (a list head, or the link field inside an element) as the engine sees
// it: an object of its own, inside the heap cell being constructed when it is built, race-checked
// like a Tracked field unless `racy` (a head the seed reads without its lock on purpose).
class ListWord {
 public:
  ListWord(Execution& ex, std::string name, bool racy);
  ListWord(const ListWord&) = delete;
  ListWord& operator=(const ListWord&) = delete;

  [[nodiscard]] ObjectId id() const { return id_; }
  // The heap cell the word lives in, or null for a word outside the heap (a global head).
  [[nodiscard]] CellHeader* cell() const { return container_.cell(); }
  // Checks one access by the current thread: use-after-free of the cell, then the race check.
  void check(Execution& ex, bool write, Site site);

 private:
  Container container_;
  ObjectId id_;
  RaceCheck race_;
  bool racy_;
};

// The words one list operation touches. announce() stops the thread before the operation with
// one visible event whose access set is the planned touches; commit() checks the touches of the
// operation as it really runs and records them as the event's accesses (they differ from the plan
// only when another thread changed the list without the lock in between: a race it reports).
class ListStep {
 public:
  // Adds a read (or a write) of `w`; touching a word twice keeps one entry, a write if any.
  void read(ListWord& w) { touch(w, false); }
  void write(ListWord& w) { touch(w, true); }
  // What makes the operation crash the kernel (a NULL dereference, or the queue-debug panic on a
  // corrupt link), found by the plan and reported by commit() as an assertion.
  void broken(const char* what) { broken_ = what; }

  // One scheduling point for the whole operation; `shown` is the object the trace names.
  void announce(Execution& ex, OpKind op, ObjectId shown, Site site) const;
  // Checks each touch in order (use-after-free, data race), then what broken() planned (an
  // `assertion`: the kernel would crash), and records the touches as the event's accesses.
  void commit(Execution& ex, Site site) const;

 private:
  struct Touch {
    ListWord* word;
    bool write;
  };
  void touch(ListWord& w, bool write);
  [[nodiscard]] AccessSet accesses() const;

  std::vector<Touch> touches_;
  const char* broken_ = nullptr;
};

// One word holding list pointers: a list head or the link field inside an element.
// `fwd` is le_next / lh_first; `back` is le_prev for a link (the word whose fwd points here) and
// tqh_last for the head of a Tail list (the word whose fwd is the last pointer).
template <typename T>
struct ListNode {
  ListNode(Execution& ex, std::string name, bool racy = false) : word(ex, std::move(name), racy) {}
  // In the current execution (kmc::check).
  explicit ListNode(std::string name, bool racy = false)
      : ListNode(current_execution("kmc::ListLink"), std::move(name), racy) {}
  ListWord word;
  Ptr<T> fwd;
  ListNode* back = nullptr;
};

// The link field an element embeds (LIST_ENTRY, SLIST_ENTRY, TAILQ_ENTRY, struct list_head).
// Build it inside the element's constructor, so that it belongs to the element's heap cell.
template <typename T>
using ListLink = ListNode<T>;

// A list head threading elements of type T through their link field `field`. Every operation is
// one visible event; the element pointers are checked heap pointers, so a stale one reaches freed
// memory exactly where the kernel would. Removing an element leaves its own links as they were
// (stale), as the kernel macros do; removing it again is reported as the queue-debug panic.
template <typename T>
class IntrusiveList {
 public:
  using Field = ListLink<T> T::*;
  // `racy_head`: the seed also reads the head without its lock on purpose (no race reports on it).
  IntrusiveList(Execution& ex, std::string name, ListShape shape, Field field,
                bool racy_head = false)
      : ex_(ex), head_(ex, std::move(name), racy_head), shape_(shape), field_(field) {
    head_.back = &head_;
  }
  // In the current execution (kmc::check).
  IntrusiveList(std::string name, ListShape shape, Field field, bool racy_head = false)
      : IntrusiveList(current_execution("kmc::IntrusiveList"), std::move(name), shape, field,
                      racy_head) {}
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  // *_FIRST: reads the head.
  [[nodiscard]] Ptr<T> first(Site site) { return read_fwd(head_, OpKind::ListFirst, site); }
  // *_EMPTY: reads the head.
  [[nodiscard]] bool empty(Site site) { return !first(site); }
  // *_NEXT(elm): reads elm's link (a use-after-free when elm was freed).
  [[nodiscard]] Ptr<T> next(const Ptr<T>& elm, Site site) {
    return read_fwd(link(elm, site), OpKind::ListNext, site);
  }
  // *_INSERT_HEAD(head, elm).
  void insert_head(const Ptr<T>& elm, Site site) {
    ListNode<T>& l = link(elm, site);
    run(
        OpKind::ListInsert, l, site, [&](ListStep& s) { plan_insert_after(s, head_, l); },
        [&] { insert_after_node(head_, elm); });
  }
  // TAILQ_INSERT_TAIL / list_add_tail (Tail lists only).
  void insert_tail(const Ptr<T>& elm, Site site) {
    require(shape_ == ListShape::Tail, "model error: insert_tail on a list without a tail", site);
    ListNode<T>& l = link(elm, site);
    run(
        OpKind::ListInsert, l, site, [&](ListStep& s) { plan_insert_after(s, *head_.back, l); },
        [&] { insert_after_node(*head_.back, elm); });
  }
  // *_INSERT_AFTER(listelm, elm).
  void insert_after(const Ptr<T>& listelm, const Ptr<T>& elm, Site site) {
    ListNode<T>& at = link(listelm, site);
    ListNode<T>& l = link(elm, site);
    run(
        OpKind::ListInsert, l, site, [&](ListStep& s) { plan_insert_after(s, at, l); },
        [&] { insert_after_node(at, elm); });
  }
  // LIST_INSERT_BEFORE / TAILQ_INSERT_BEFORE(listelm, elm) (Double and Tail lists).
  void insert_before(const Ptr<T>& listelm, const Ptr<T>& elm, Site site) {
    require(shape_ != ListShape::Single, "model error: insert_before on an SLIST", site);
    ListNode<T>& at = link(listelm, site);
    ListNode<T>& l = link(elm, site);
    const auto plan = [&](ListStep& s) {
      s.write(l.word);
      s.write(at.word);
      if (at.back == nullptr)
        s.broken("INSERT_BEFORE an element on no list (NULL dereference)");
      else
        s.write(at.back->word);
    };
    run(OpKind::ListInsert, l, site, plan, [&] { insert_after_node(*at.back, elm); });
  }
  // *_REMOVE(elm): unlinks elm. An element on no list (or, for SLIST, not on this one) is a NULL
  // dereference in the kernel, one whose back link does not lead to it the queue-debug panic:
  // both are reported as an assertion.
  void remove(const Ptr<T>& elm, Site site) {
    ListNode<T>& l = link(elm, site);
    run(
        OpKind::ListRemove, l, site, [&](ListStep& s) { plan_remove(s, elm, l); },
        [&] { remove_node(elm, l); });
  }

  // Ghost views for invariants and end checks (no step, no check). A freed element on the list
  // is listed, last: its links are freed memory, so the view does not follow them.
  [[nodiscard]] Ptr<T> peek_first() const { return head_.fwd; }
  [[nodiscard]] bool peek_empty() const { return !head_.fwd; }
  [[nodiscard]] std::vector<Ptr<T>> peek_all() const {
    std::vector<Ptr<T>> out;
    for (Ptr<T> cur = head_.fwd; cur && out.size() < kPeekLimit;
         cur = (cur.unchecked()->*field_).fwd) {
      out.push_back(cur);
      if (!cur.live()) break;
    }
    return out;
  }
  [[nodiscard]] bool peek_contains(const Ptr<T>& elm) const {
    for (const Ptr<T>& p : peek_all())
      if (p == elm) return true;
    return false;
  }
  // The head's engine object, and the list's shape.
  [[nodiscard]] ObjectId id() const { return head_.word.id(); }
  [[nodiscard]] ListShape shape() const { return shape_; }

 private:
  static constexpr std::size_t kPeekLimit = 1000;

  // The link of `elm` without a check (the step checks it); a null element is a NULL dereference.
  ListNode<T>& link(const Ptr<T>& elm, Site site) {
    require(static_cast<bool>(elm), "a list operation on a NULL element (NULL dereference)", site);
    return elm.unchecked()->*field_;
  }
  void require(bool ok, const char* what, Site site) {
    if (!ok) ex_.fail(ViolationKind::Assertion, what, site);
  }
  // One step that reads a word's forward pointer (the head's first, or an element's next).
  [[nodiscard]] Ptr<T> read_fwd(ListNode<T>& n, OpKind op, Site site) {
    ListStep step;
    step.read(n.word);
    step.announce(ex_, op, n.word.id(), site);
    step.commit(ex_, site);
    ex_.last_event().value = n.fwd ? 1 : 0;
    return n.fwd;
  }
  // Plans, announces, re-plans on the state the thread runs in, checks, then changes the links.
  template <typename Plan, typename Apply>
  void run(OpKind op, ListNode<T>& shown, Site site, const Plan& plan, const Apply& apply) {
    ListStep planned;
    plan(planned);
    planned.announce(ex_, op, shown.word.id(), site);
    ListStep actual;
    plan(actual);
    actual.commit(ex_, site);
    apply();
  }
  // Inserting elm's link `l` after the word `at` (the head or a link) writes both and, in a
  // doubly-linked list, the back pointer of the old successor (or the head's tail pointer).
  void plan_insert_after(ListStep& s, ListNode<T>& at, ListNode<T>& l) {
    s.write(l.word);
    s.write(at.word);
    if (shape_ == ListShape::Single) return;
    if (at.fwd)
      s.write((at.fwd.unchecked()->*field_).word);
    else if (shape_ == ListShape::Tail)
      s.write(head_.word);
  }
  void insert_after_node(ListNode<T>& at, const Ptr<T>& elm) {
    ListNode<T>& l = elm.unchecked()->*field_;
    l.fwd = at.fwd;
    if (shape_ != ListShape::Single) {
      if (l.fwd)
        (l.fwd.unchecked()->*field_).back = &l;
      else if (shape_ == ListShape::Tail)
        head_.back = &l;
      l.back = &at;
    }
    at.fwd = elm;
  }
  // The words an unlink touches. Single: the walk from the head to the predecessor (each link
  // read), then the predecessor's link (or the head) written. Double/Tail: elm's link, the
  // successor's back pointer (or the head's tail pointer) and the word that points to elm.
  void plan_remove(ListStep& s, const Ptr<T>& elm, ListNode<T>& l) {
    if (shape_ == ListShape::Single) {
      ListNode<T>* pred = &head_;
      s.read(head_.word);
      std::size_t guard = 0;
      while (pred->fwd && !(pred->fwd == elm) && ++guard < kPeekLimit) {
        pred = &(pred->fwd.unchecked()->*field_);
        s.read(pred->word);
      }
      if (!pred->fwd || !(pred->fwd == elm)) {
        s.broken("SLIST_REMOVE of an element that is not on the list (NULL dereference)");
        return;
      }
      s.write(pred->word);
      s.read(l.word);
      return;
    }
    s.write(l.word);
    if (l.fwd)
      s.write((l.fwd.unchecked()->*field_).word);
    else if (shape_ == ListShape::Tail)
      s.write(head_.word);
    if (l.back == nullptr) {
      s.broken("REMOVE of an element on no list (NULL dereference)");
      return;
    }
    s.write(l.back->word);
    // The kernel's queue debugging panics here (the link behind elm does not lead to it, as after
    // a second remove); without it the list would be corrupted silently.
    if (!(l.back->fwd == elm)) s.broken("REMOVE of an element that is not on its list (bad link)");
  }
  void remove_node(const Ptr<T>& elm, ListNode<T>& l) {
    if (shape_ == ListShape::Single) {
      ListNode<T>* pred = &head_;
      while (!(pred->fwd == elm)) pred = &(pred->fwd.unchecked()->*field_);
      pred->fwd = l.fwd;
      return;
    }
    if (l.fwd)
      (l.fwd.unchecked()->*field_).back = l.back;
    else if (shape_ == ListShape::Tail)
      head_.back = l.back;
    l.back->fwd = l.fwd;
  }

  Execution& ex_;
  ListNode<T> head_;
  ListShape shape_;
  Field field_;
};

}  // namespace kmc
