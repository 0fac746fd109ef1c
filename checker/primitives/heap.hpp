// The model heap: objects with lifetimes. An access to a freed object is `use-after-free`, a second
// free `double-free`, a live object unreachable at the end `leak`; a free that is not ordered after
// another thread's access is a `data-race`. Optional LIFO reuse of freed cells makes ABA reachable.
#pragma once

#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/execution.hpp"

namespace kmc {

class RefCount;

// The bookkeeping of one heap object; the object itself follows in Cell<T>.
struct CellHeader {
  ObjectId id = kNoObject;
  const char* type = "";
  bool live = true;
  bool marked = false;
  bool local = false;  // an object on a thread's stack (Heap::local): never a leak, never reused
  std::uint32_t generation = 0;  // how many times the cell was handed out
  const char* alloc_seed = "";
  std::source_location alloc_loc{};
  const char* free_seed = "";
  std::source_location free_loc{};
  ThreadId freed_by = kNoThread;
  // The engine objects (locks, variables, channels) its constructor registered, in order. A
  // reused cell's new objects take the same ids, so an operation a thread prepared through a
  // stale pointer before the reuse touches (and conflicts with) the object now at that address.
  std::vector<ObjectId> objects;
  std::size_t objects_built = 0;  // how many of `objects` the current construction has taken
  std::vector<Epoch> accesses;    // the last access of each thread, for the free-vs-access race
  std::vector<RefCount*> refcounts;
  VectorClock lifetime;  // released by alloc and free
  virtual ~CellHeader() = default;
};

// A heap object in place: reuse destroys and rebuilds it at the same address, so a stale pointer
// silently sees the new object (ABA), as kernel memory would.
template <typename T>
struct Cell final : CellHeader {
  alignas(T) unsigned char storage[sizeof(T)];
  bool constructed = false;
  [[nodiscard]] T* get() { return std::launder(reinterpret_cast<T*>(storage)); }
  void destroy() {
    if (constructed) get()->~T();
    constructed = false;
  }
  ~Cell() override { destroy(); }
};

class Heap {
 public:
  explicit Heap(Execution& ex) : ex_(ex) {}
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // Allocates a T of `type` (one step). `may_sleep`: the allocation may block (M_WAITOK,
  // GFP_KERNEL).
  template <typename T, typename... Args>
  [[nodiscard]] Cell<T>* alloc(const char* type, Site site, bool may_sleep, Args&&... args) {
    begin_alloc(type, site, may_sleep);
    Cell<T>* cell = nullptr;
    if (ex_.options().address_reuse) cell = static_cast<Cell<T>*>(reuse(type));
    return construct<T>(cell, type, site, std::forward<Args>(args)...);
  }
  // Allocates a T before the threads start (requires !in_thread()): no step, since nothing can
  // race with it yet. The object then lives, is checked and is freed like any other, so state a
  // kernel sets up before the scenario (a process's files_struct) can die in the scenario.
  template <typename T, typename... Args>
  [[nodiscard]] Cell<T>* alloc_initial(const char* type, Site site, Args&&... args) {
    require_outside_threads(type);
    return construct<T>(nullptr, type, site, std::forward<Args>(args)...);
  }
  // Builds a T on the current thread's stack (a kernel object declared as a local variable, such
  // as a list marker): no step and no allocation event, outside the leak check and address reuse.
  // end_local() ends it, again without a step: an access through a pointer to it that was left
  // behind (on a list, say) is then a use-after-free, as a use after return is in the kernel.
  template <typename T, typename... Args>
  [[nodiscard]] Cell<T>* local(const char* type, Site site, Args&&... args) {
    Cell<T>* cell = fresh<T>(type);
    cell->local = true;
    cell->generation = 1;
    cell->alloc_seed = site.seed;
    cell->alloc_loc = site.loc;
    build(cell, std::forward<Args>(args)...);
    return cell;
  }
  // The end of a local object's scope (see local()); not a step.
  void end_local(CellHeader* cell, Site site);
  // Frees a cell (one step): double-free, freed-while-referenced and unordered accesses are
  // checked.
  void free(CellHeader* cell, Site site);
  // Checks an access to the cell's memory by the current thread (not a scheduling point).
  void access(CellHeader* cell, Site site);

  // Leak check support: the program's root marker calls mark() on reachable cells.
  void begin_marking();
  void mark(const CellHeader* cell);
  [[nodiscard]] std::optional<Violation> unmarked_leak() const;
  [[nodiscard]] std::size_t live_count() const;
  // The cell whose object is being constructed right now (engine objects inside it belong to it).
  [[nodiscard]] CellHeader* constructing() const { return constructing_; }

 private:
  // Builds a T in `cell` (a reused one) or in a fresh cell; engine objects built by T's
  // constructor belong to the cell.
  template <typename T, typename... Args>
  [[nodiscard]] Cell<T>* construct(Cell<T>* cell, const char* type, Site site, Args&&... args) {
    if (cell == nullptr) cell = fresh<T>(type);
    cell->destroy();
    finish_alloc(*cell, site);
    build(cell, std::forward<Args>(args)...);
    return cell;
  }
  // A new cell of `type`, named after its index ("knote#4"), owned by the heap.
  template <typename T>
  [[nodiscard]] Cell<T>* fresh(const char* type) {
    auto made = std::make_unique<Cell<T>>();
    Cell<T>* cell = made.get();
    cell->type = type;
    cell->id = ex_.register_object(ObjectKind::HeapCell,
                                   std::string(type) + "#" + std::to_string(cells_.size()));
    cells_.push_back(std::move(made));
    return cell;
  }
  // Runs T's constructor in the cell; engine objects it builds belong to the cell.
  template <typename T, typename... Args>
  void build(Cell<T>* cell, Args&&... args) {
    CellHeader* const outer = constructing_;
    constructing_ = cell;
    cell->objects_built = 0;
    new (cell->storage) T(std::forward<Args>(args)...);
    constructing_ = outer;
    cell->constructed = true;
  }
  void require_outside_threads(const char* type) const;
  [[nodiscard]] ObjectId freelist_id(const char* type);
  void begin_alloc(const char* type, Site site, bool may_sleep);
  void finish_alloc(CellHeader& cell, Site site);
  [[nodiscard]] CellHeader* reuse(const char* type);

  Execution& ex_;
  std::vector<std::unique_ptr<CellHeader>> cells_;
  std::unordered_map<std::string, std::vector<CellHeader*>> free_cells_;
  CellHeader* constructing_ = nullptr;
};

[[nodiscard]] inline Heap& heap_of(Execution& ex) {
  return ex.service(ex.heap_service);
}

// The heap object an engine object lives in, captured when the engine object is constructed.
// Operations on it conflict with the object's free and are use-after-free once it is freed.
class Container {
 public:
  explicit Container(Execution& ex)
      : cell_(ex.heap_service ? ex.heap_service->constructing() : nullptr) {}
  void add_to(PendingOp& op) const {
    if (cell_ != nullptr) op.accesses.add({cell_->id, AccessKind::Read});
  }
  void check(Execution& ex, Site site) const {
    if (cell_ != nullptr) heap_of(ex).access(cell_, site);
  }
  [[nodiscard]] CellHeader* cell() const { return cell_; }

 private:
  CellHeader* cell_;
};

// A checked pointer to a heap object: every dereference checks the object is still live.
template <typename T>
class Ptr {
 public:
  Ptr() = default;
  Ptr(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  Ptr(Heap& heap, Cell<T>* cell)
      : heap_(&heap), cell_(cell), object_(cell->get()), generation_(cell->generation) {}

  // Dereference with the site, so a use-after-free names the model line.
  [[nodiscard]] T& at(Site site) const {
    heap_->access(cell_, site);
    return *object_;
  }
  T* operator->() const { return &at("deref"); }
  [[nodiscard]] T* unchecked() const { return object_; }
  [[nodiscard]] CellHeader* cell() const { return cell_; }
  [[nodiscard]] bool live() const { return cell_ != nullptr && cell_->live; }
  // Ghost: the object this pointer was made for is still live, i.e. its cell was not freed and
  // handed out again (address reuse). Bookkeeping that means "this allocation" asks this, not
  // live(): a reused address is a different object behind the same pointer value.
  [[nodiscard]] bool current() const { return live() && cell_->generation == generation_; }
  explicit operator bool() const { return cell_ != nullptr; }
  // Pointer equality, as the kernel compares pointers: a stale pointer equals a reused address.
  friend bool operator==(const Ptr& a, const Ptr& b) { return a.cell_ == b.cell_; }

 private:
  Heap* heap_ = nullptr;
  CellHeader* cell_ = nullptr;
  T* object_ = nullptr;
  std::uint32_t generation_ = 0;  // the cell's generation when this allocation was handed out
};

// Allocates a T on the execution's heap before the threads start (no step).
template <typename T, typename... Args>
[[nodiscard]] Ptr<T> make_initial(Execution& ex, const char* type, Site site, Args&&... args) {
  Heap& heap = heap_of(ex);
  return Ptr<T>(heap, heap.alloc_initial<T>(type, site, std::forward<Args>(args)...));
}

// A T on the current thread's stack while this guard lives (Heap::local, Heap::end_local).
// `site` names the declaration; the end of the scope is reported at the same site.
template <typename T>
class StackObject {
 public:
  template <typename... Args>
  StackObject(Execution& ex, const char* type, Site site, Args&&... args)
      : heap_(heap_of(ex)),
        ptr_(heap_, heap_.local<T>(type, site, std::forward<Args>(args)...)),
        site_(site) {}
  StackObject(const StackObject&) = delete;
  StackObject& operator=(const StackObject&) = delete;
  ~StackObject() { heap_.end_local(ptr_.cell(), site_); }
  // The checked pointer to the object (&local in the kernel).
  [[nodiscard]] const Ptr<T>& ptr() const { return ptr_; }

 private:
  Heap& heap_;
  Ptr<T> ptr_;
  Site site_;
};

// Allocates a T on the execution's heap and returns a checked pointer to it.
template <typename T, typename... Args>
[[nodiscard]] Ptr<T> make(Execution& ex, const char* type, Site site, bool may_sleep,
                          Args&&... args) {
  Heap& heap = heap_of(ex);
  return Ptr<T>(heap, heap.alloc<T>(type, site, may_sleep, std::forward<Args>(args)...));
}

}  // namespace kmc
