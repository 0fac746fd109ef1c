// The interface between scenario files and the kernel models: what a model offers (parameters,
// variants, operations with typed arguments) and the per-execution instance that runs operations.
// Models are written only against checker/ primitives; they know nothing of strategies.
#pragma once

#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "checker/execution.hpp"

namespace kmc::model {

// How a scenario writes an operation argument.
enum class ArgKind : std::uint8_t {
  Int,    // a literal integer
  Ref,    // a literal integer or the name of an earlier result (fd, id, pid, ...)
  Name,   // a string such as a semaphore name "/s1" (interned: the model receives its index)
  Flags,  // symbols of the model joined by '|' (O_CREAT|O_EXCL), or an integer
};

struct ArgSpec {
  std::string name;
  ArgKind kind = ArgKind::Int;
  std::string doc;
  bool optional = false;  // may be left out (the model receives `fallback`)
  Value fallback = 0;
  // The literal values a scenario may give (a Ref given as a result name is not checked): in
  // [min, max], and below the value of the model parameter `below_param` when one is named
  // (model file objects 0 .. nmfiles-1). The parser refuses others with the argument's place, so
  // a statically wrong argument is bad input (exit 2), never a run-time harness breach.
  Value min = std::numeric_limits<Value>::min();
  Value max = std::numeric_limits<Value>::max();
  std::string below_param = {};

  // This argument with its literal values limited to [lo, hi] and below parameter `below`.
  [[nodiscard]] ArgSpec in_range(Value lo, Value hi, std::string below = {}) const {
    ArgSpec a = *this;
    a.min = lo;
    a.max = hi;
    a.below_param = std::move(below);
    return a;
  }
};

struct OpSpec {
  std::string name;
  std::vector<ArgSpec> args;
  std::string doc;  // one line: what it does, the seed function and lines it models
  bool may_block =
      false;  // a thread may legitimately stay blocked in it (scenario `allow blocked`)
  // It returns 0 or a positive errno, as NetBSD's and DragonFly's syscall bodies do; otherwise a
  // negative result is -errno and a positive one a value (an fd, an id, a count).
  bool returns_status = false;
};

struct ParamSpec {
  std::string name;
  Value fallback = 0;
  Value min = 0;
  Value max = 0;
  std::string doc;
};

struct VariantSpec {
  std::string name;  // e.g. "M-FD-noebusy"
  std::string doc;
};

// Parameter values and variant switches of one scenario run (defaults filled in).
struct ModelConfig {
  std::map<std::string, Value> params;
  std::set<std::string> variants;
  bool address_reuse = false;
  bool fault_injection = false;  // copyin/copyout EFAULT, allocation failure, signals in sleeps
  [[nodiscard]] Value param(const std::string& name) const { return params.at(name); }
  [[nodiscard]] bool variant(const std::string& name) const { return variants.count(name) != 0; }
};

// One call of a model operation from a scenario thread.
struct OpCall {
  int op = 0;                                         // index into ModelDescriptor::ops
  std::vector<Value> args;                            // resolved arguments, in OpSpec order
  Value pid = 1;                                      // the process the calling thread belongs to
  const std::vector<std::string>* strings = nullptr;  // interned Name arguments
  Site site{"scenario"};                              // the scenario line, for traces
};

// The state of a model during one execution. Created afresh for every execution.
class ModelInstance {
 public:
  virtual ~ModelInstance() = default;
  // Creates a new process before the threads start (scenario `process NAME`); returns its pid.
  // Process 1 exists from the start.
  [[nodiscard]] virtual Value create_process() = 0;
  // A further scenario thread of process `pid` is created (clone with CLONE_FILES and the like):
  // a model whose tasks share per-process state gives the new task what each sharer holds (the fd
  // table's files->count reference). Called by the creator before the thread runs: outside any
  // thread before the execution starts (no steps), or by the setup thread. Default: nothing.
  virtual void add_thread(Value pid) { (void)pid; }
  // Runs one operation on the calling model thread and returns its result (a value, or an error
  // as the seed returns it: negative errno for fd, positive errno for sem and kq).
  [[nodiscard]] virtual Value invoke(const OpCall& call) = 0;
};

struct ModelDescriptor {
  std::string name;  // "fd", "sem", "kq", "cross"
  std::string doc;
  std::vector<ParamSpec> params;
  std::vector<VariantSpec> variants;
  std::vector<OpSpec> ops;
  std::vector<std::pair<std::string, Value>> symbols;  // names usable in Flags arguments
  std::vector<std::pair<std::string, Value>> errnos;   // the errno values its operations return
  std::function<std::unique_ptr<ModelInstance>(Execution&, const ModelConfig&)> create;
  // Whether two scenario threads that run the same operations in the same process are
  // interchangeable: the model keys per-thread state by thread but never acts on which thread
  // is which (no order between thread ids). Then kmc's symmetry reduction applies
  // (scenario/symmetry.hpp); a model that breaks this must say false.
  bool interchangeable_threads = true;

  [[nodiscard]] int find_op(std::string_view op) const;
  // A result of operation `op` as people read it: "-EBADF" or "EINTR" for an errno in `errnos`
  // (by the op's convention, returns_status), else the number.
  [[nodiscard]] std::string result_text(int op, Value result) const;
  // Marks the operations named in `names` as returning 0 or a positive errno.
  void mark_status_ops(std::initializer_list<std::string_view> names);
  [[nodiscard]] const ParamSpec* find_param(std::string_view param) const;
  [[nodiscard]] bool has_variant(std::string_view variant) const;
};

// Makes `models` the models of this process while it lives (kmc::main registers its list so;
// a driver registers its own models the same way); restores the previous list after.
class RegisteredModels {
 public:
  explicit RegisteredModels(std::vector<const ModelDescriptor*> models);
  RegisteredModels(const RegisteredModels&) = delete;
  RegisteredModels& operator=(const RegisteredModels&) = delete;
  ~RegisteredModels();

 private:
  std::vector<const ModelDescriptor*> models_;
  const std::vector<const ModelDescriptor*>* previous_;
};

// The models the `kmc` command ships (fd, sem, kq, cross), in their fixed order: what kmc's own
// driver registers (model/shipped.cpp).
[[nodiscard]] const std::vector<const ModelDescriptor*>& shipped_models();

// The registered models (RegisteredModels), or the shipped ones when none are registered (the
// tests, which run without a driver).
[[nodiscard]] const std::vector<const ModelDescriptor*>& all_models();
[[nodiscard]] const ModelDescriptor* find_model(std::string_view name);
// The names of all_models(), for a --model flag's choices.
[[nodiscard]] std::vector<std::string> model_names();

}  // namespace kmc::model
