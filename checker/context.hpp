// The execution running on this OS thread (DESIGN §6.5: one thread-local current-context pointer,
// set by an RAII guard), for the public API's constructors that take no Execution&, and the
// error every misuse of that API throws.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "checker/types.hpp"

namespace kmc {

class Execution;

// A misuse of the API (a primitive outside kmc::check, an operation outside a model thread, a
// model thread that threw): its message names the call and, where known, the source line.
struct UsageError : std::logic_error {
  using std::logic_error::logic_error;
};

// Makes `ex` the current execution of this OS thread while it lives; restores the previous one.
class ExecutionScope {
 public:
  explicit ExecutionScope(Execution& ex);
  ExecutionScope(const ExecutionScope&) = delete;
  ExecutionScope& operator=(const ExecutionScope&) = delete;
  ~ExecutionScope();

 private:
  Execution* previous_;
};

// The execution running on this OS thread, or nullptr outside every execution.
[[nodiscard]] Execution* current_execution_or_null();

// The execution running on this OS thread; throws UsageError naming `call` outside kmc::check.
[[nodiscard]] Execution& current_execution(std::string_view call);

// Throws the UsageError of a visible operation `what` (at `site`) made outside a model thread.
[[noreturn]] void throw_outside_thread(std::string_view what, const Site& site);

// Throws the UsageError for `error`, thrown by model thread `thread` and caught at its root.
[[noreturn]] void rethrow_thread_error(const std::exception_ptr& error, std::string_view thread);

}  // namespace kmc
