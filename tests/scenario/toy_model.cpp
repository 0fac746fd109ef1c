#include "tests/scenario/toy_model.hpp"

#include <string>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"

namespace kmc::testing {
namespace {

using model::ArgKind;

// A heap object whose field is read with a visible load, so a use is a scheduling point that
// conflicts with the object's free (as a model's shared access would be).
struct Obj {
  explicit Obj(Execution& ex) : field(ex, "obj.field", 7) {}
  Shared<int> field;
};

// One execution's toy state. Operation indexes follow the OpSpec order in toy_model().
class ToyInstance final : public model::ModelInstance {
 public:
  ToyInstance(Execution& ex, const model::ModelConfig& config)
      : ex_(ex),
        counter_(ex, "counter", static_cast<int>(config.param("start"))),
        next_pid_(ex, "next_pid", 2),
        a_(ex, "lock_a", "lock_a"),
        b_(ex, "lock_b", "lock_b"),
        posts_(ex, "posts", 0),
        chan_(ex, "chan"),
        expected_(static_cast<int>(config.param("start"))) {
    ex.add_end_check([this]() -> std::optional<Violation> {
      if (counter_.peek() == expected_) return std::nullopt;
      Violation v;
      v.kind = ViolationKind::Invariant;
      v.message = "lost update: counter is " + std::to_string(counter_.peek()) + ", expected " +
                  std::to_string(expected_);
      return v;
    });
    ex.set_leak_roots([this] {
      for (std::size_t i = 0; i < objects_.size(); ++i)
        if (!dropped_[i] && objects_[i].live()) heap_of(ex_).mark(objects_[i].cell());
    });
  }

  Value create_process() override { return next_process_++; }

  Value invoke(const model::OpCall& c) override {
    const auto& a = c.args;
    switch (c.op) {
      case 0: {  // inc
        const int v = counter_.load("inc-load");
        counter_.store(v + 1, "inc-store");
        ++expected_;
        return v + 1;
      }
      case 1: {  // locked_inc
        a_.lock("locked_inc-lock");
        const int v = counter_.load("locked_inc-load");
        counter_.store(v + 1, "locked_inc-store");
        a_.unlock("locked_inc-unlock");
        ++expected_;
        return v + 1;
      }
      case 2: {  // alloc
        objects_.push_back(make<Obj>(ex_, "obj", "alloc", false, ex_));
        dropped_.push_back(false);
        return static_cast<Value>(objects_.size() - 1);
      }
      case 3:  // free
        heap_of(ex_).free(object(a[0]).cell(), "free");
        return 0;
      case 4:  // use
        // The load is the scheduling point and checks the object is live (after the step), so
        // the use is ordered against the free; a check before it would run unscheduled.
        return object(a[0]).unchecked()->field.load("use-load");
      case 5:  // drop
        (void)object(a[0]);
        dropped_[a[0]] = true;
        return 0;
      case 6:
      case 7: {  // ab, ba
        Mutex& first = c.op == 6 ? a_ : b_;
        Mutex& second = c.op == 6 ? b_ : a_;
        first.lock("ab-first");
        second.lock("ab-second");
        second.unlock("ab-second-unlock");
        first.unlock("ab-first-unlock");
        return 0;
      }
      case 8: {  // wait
        a_.lock("wait-lock");
        while (posts_.get("wait-read") == 0) {
          WaitChannel::SleepOptions o;
          o.wmesg = "toywait";
          o.interlock = &a_;
          (void)chan_.sleep("wait-sleep", o);
        }
        posts_.set(posts_.get("wait-take") - 1, "wait-take");
        a_.unlock("wait-unlock");
        return 0;
      }
      case 9:  // post
        a_.lock("post-lock");
        posts_.set(posts_.get("post-read") + 1, "post-add");
        chan_.wakeup("post-wakeup");
        a_.unlock("post-unlock");
        return 0;
      case 10:  // fork
        return next_pid_.fetch_add(1, "fork");
      case 11:  // getpid
        return c.pid;
      case 12:  // add
        return a[0] + a[1] + a[2];
      case 13:  // strlen
        return static_cast<Value>((*c.strings).at(static_cast<std::size_t>(a[0])).size());
      case 14:  // flags
        return a[0];
      case 15:  // check
        if (a[0] != a[1])
          ex_.fail(ViolationKind::Assertion,
                   "check failed: " + std::to_string(a[0]) + " != " + std::to_string(a[1]),
                   "check");
        return 0;
      default:
        ex_.fail(ViolationKind::Assertion, "toy: bad operation index", "invoke");
    }
  }

 private:
  Ptr<Obj>& object(Value handle) {
    if (handle < 0 || handle >= static_cast<Value>(objects_.size()))
      ex_.fail(ViolationKind::Assertion, "toy: bad handle " + std::to_string(handle), "handle");
    return objects_[static_cast<std::size_t>(handle)];
  }

  Execution& ex_;
  Shared<int> counter_;
  Atomic<Value> next_pid_;
  Mutex a_;
  Mutex b_;
  Tracked<int> posts_;
  WaitChannel chan_;
  int expected_;
  Value next_process_ = 100;
  std::vector<Ptr<Obj>> objects_;
  std::vector<bool> dropped_;
};

model::ModelDescriptor build() {
  model::ModelDescriptor d;
  d.name = "toy";
  d.doc = "test-only model";
  d.params = {{"start", 0, 0, 100, "initial counter value"}, {"slots", 4, 1, 8, "unused"}};
  d.variants = {{"V-toy", "does nothing"}};
  d.symbols = {{"A", 1}, {"B", 2}, {"C", 4}};
  const model::ArgSpec h{"h", ArgKind::Ref, "object handle"};
  d.ops = {
      {"inc", {}, "unlocked increment (load then store)"},
      {"locked_inc", {}, "increment under lock_a"},
      {"alloc", {}, "allocate an object; returns its handle"},
      {"free", {h}, "free an object"},
      {"use", {h}, "read an object's field"},
      {"drop", {h}, "forget an object (it leaks)"},
      {"ab", {}, "lock a then b"},
      {"ba", {}, "lock b then a"},
      {"wait", {}, "wait until a post is available", true},
      {"post", {}, "make a post available"},
      {"fork", {}, "returns a new pid"},
      {"getpid", {}, "returns the calling thread's pid"},
      {"add",
       {{"x", ArgKind::Int, "x"}, {"y", ArgKind::Ref, "y"}, {"z", ArgKind::Int, "z", true, 10}},
       "returns x+y+z"},
      {"strlen", {{"s", ArgKind::Name, "a name"}}, "returns the name's length"},
      {"flags", {{"f", ArgKind::Flags, "flags"}}, "returns the flags"},
      {"check", {{"x", ArgKind::Ref, "x"}, {"y", ArgKind::Int, "y"}}, "assertion x == y"},
  };
  d.create = [](Execution& ex, const model::ModelConfig& config) {
    return std::make_unique<ToyInstance>(ex, config);
  };
  return d;
}

}  // namespace

const model::ModelDescriptor& toy_model() {
  static const model::ModelDescriptor d = build();
  return d;
}

const std::vector<const model::ModelDescriptor*>& toy_models() {
  static const std::vector<const model::ModelDescriptor*> list = {&toy_model()};
  return list;
}

}  // namespace kmc::testing
