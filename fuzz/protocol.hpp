// The scenario contract of each model's operations, as the generators must respect it: what kind
// of value each operation returns and each argument takes, which results are resources a thread
// acquires and must release itself (fget -> fput, alloc_fd -> install or put_unused_fd, ...), and
// which operations act on the whole task (no resource may be held across them).
//
// The renderer (render.cpp) uses it to produce only well-formed scenarios; check.cpp uses the
// `guarded` operations to recognise an execution in which a pairing could not hold because an
// acquiring call failed at run time (a scenario has no conditionals). A model's rules are
// registered with it, keyed by its descriptor (RegisteredRules; the shipped models' in
// rules_shipped.cpp); a model without rules gets generic_rules(), derived from its descriptor.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/descriptor_registry.hpp"
#include "model/model_api.hpp"

namespace kmc::fuzz {

// What a value is. Resources (File, Borrow, Larval, Files) are owned by the thread that acquired
// them and are released by it; the others are plain values any later operation may use.
enum class Res : std::uint8_t {
  None,    // an integer with no meaning for other operations (count, 0/errno, value)
  Fd,      // a descriptor number (or an error, which every fd argument tolerates: -EBADF)
  Kq,      // a kqueue descriptor (also an Fd)
  File,    // fd: a referenced file handle (fget, fget_raw): released by fput, consumed by install
  Borrow,  // fd: a possibly unreferenced handle (fget_light, fget_raw_light): fput_light
  Larval,  // fd: an allocated, not yet installed fd (alloc_fd): install or put_unused_fd
  Files,   // fd: a files_struct handle (get_files): put_files
  Pid,     // a process / task
  Sem,     // a semaphore id
  // argument-only kinds
  AnyFile,   // a File or Borrow handle the thread holds (use, replace_fd)
  FilesOr0,  // a Files handle the thread holds, or 0 (iterate_fd: 0 is the own table)
  FileOr0,   // a File or Borrow handle the thread holds, or 0 (replace_fd: 0 closes)
  FdNum,     // a descriptor number that need not exist yet (dup2/dup3 target): small literal or Fd
  Mfile,     // a model file object 0 .. nmfiles-1
  Bool,      // 0 or 1
  Signal,    // 1..255
  Ident,     // a kevent ident: an Fd, a Pid or a small literal
  Small,     // a small non-negative integer (counts, starting fds, values)
  Zero,      // always 0: alloc_fd's and install's `files` (the own table; a generated scenario
             // cannot pair a larval fd of another task's table with its install there)
  Ranged,    // a plain value inside the ArgSpec's range (min, max, below_param): generic rules
};

enum class Role : std::uint8_t {
  Plain,    // read only
  Release,  // ends the thread's hold of the resource (fput f, install x f, put_files h)
};

struct ArgRule {
  Res type = Res::None;
  Role role = Role::Plain;
};

struct OpRule {
  Res result = Res::None;
  std::vector<ArgRule> args;  // one per OpSpec argument (missing ones: generic)
  bool task = false;  // acts on the calling task (fork, exec, exit, clone): nothing may be held
  // The contract holds only if this call succeeds (returns >= 0): alloc_fd (its fd is then
  // installed or put back), install (the larval fd and the reference are then consumed). A
  // counterexample of an execution in which a guarded call failed is a contract breach.
  bool guarded = false;
  // Only by a thread alone in its process: kq/cross's F_SETFD runs the fd layer's
  // fget_raw_light, whose fast path takes a process (one pid) for one task; a second thread of
  // the process closing the fd meanwhile breaks that (FD-I8), an artefact of the composition.
  bool alone = false;
  // Switches the calling task's table (reset_files): a larval fd of the old table could no longer
  // be installed or put back, so none is held across it.
  bool table = false;
};

// A model's generator tables: a rule per operation name, and how its tasks and options work.
struct Rules {
  std::map<std::string, OpRule> ops;
  // Each thread is one task: two scenario threads in one pid would be one task running two
  // system calls at once (fd). Extra threads then get their own task sharing the table
  // (`sibling_op`, in setup) or a process of their own.
  bool one_thread_per_task = false;
  std::string sibling_op;  // "clone_thread"
  // Scenario options the parser accepts for every model that do not apply to this one (config.cpp
  // leaves them out of the fuzzed configuration).
  std::set<std::string> options_off;
};

// Makes a model's Rules; called once per model and process, when it is first fuzzed.
using RulesFactory = std::function<Rules()>;

// A model and the factory of its own rules.
using RulesEntry = model::DescriptorEntry<RulesFactory>;

// The rules derived from `model`'s descriptor alone, for a model registered without its own: every
// argument a plain value in its ArgSpec range (Res::Ranged), no resources, every result None, every
// scenario option fuzzed.
[[nodiscard]] Rules generic_rules(const model::ModelDescriptor& model);

// The shipped models' own rules (rules_shipped.cpp), keyed by their descriptors.
[[nodiscard]] const std::vector<RulesEntry>& shipped_rules();

struct Protocol {
  const model::ModelDescriptor* model = nullptr;
  std::vector<OpRule> ops;  // by op index; an op with no rule has `known[i] == false`
  std::vector<bool> known;
  // As in Rules.
  bool one_thread_per_task = false;
  std::string sibling_op;
  std::set<std::string> options_off;
  // The op that releases each resource kind (fput, fput_light, put_unused_fd, put_files).
  [[nodiscard]] int releaser(Res r) const;
  [[nodiscard]] const OpRule& rule(int op) const { return ops[static_cast<std::size_t>(op)]; }
};

namespace detail {
// The registered rules and the protocols built from them.
[[nodiscard]] model::DescriptorRegistry<RulesFactory, Protocol>& rules_registry();
}  // namespace detail

// Makes a list of RulesEntry the fuzz rules of this process while it lives (kmc::main registers
// its models' so); restores the previous ones after. With none registered, shipped_rules() apply.
class RegisteredRules : public model::DescriptorRegistration<RulesFactory, Protocol> {
 public:
  explicit RegisteredRules(std::vector<RulesEntry> entries)
      : DescriptorRegistration(detail::rules_registry(), std::move(entries)) {}
};

// The protocol of `model`: from its registered rules, else generic_rules() (built once per model
// and registration, cached).
[[nodiscard]] const Protocol& protocol_of(const model::ModelDescriptor& model);

// Whether `model` has rules of its own registered (else kmc fuzz uses generic_rules()).
[[nodiscard]] bool has_own_rules(const model::ModelDescriptor& model);

// Ops of `model` that have no rule (should be empty; tests check it).
[[nodiscard]] std::vector<std::string> ops_without_rule(const model::ModelDescriptor& model);

[[nodiscard]] bool is_resource(Res r);

}  // namespace kmc::fuzz
