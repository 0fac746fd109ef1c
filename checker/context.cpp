#include "checker/context.hpp"

#include <fmt/format.h>

namespace kmc {

namespace {
// Fibers of one execution all run on the OS thread that runs Execution::run, so one pointer per
// OS thread is enough; kmc verify's worker threads each have their own.
thread_local Execution* current = nullptr;
}  // namespace

ExecutionScope::ExecutionScope(Execution& ex) : previous_(current) {
  current = &ex;
}

ExecutionScope::~ExecutionScope() {
  current = previous_;
}

Execution* current_execution_or_null() {
  return current;
}

Execution& current_execution(std::string_view call) {
  if (current == nullptr) {
    throw UsageError(fmt::format(
        "kmc: {} used outside kmc::check: kmc objects and operations exist only inside the "
        "function given to kmc::check and the threads it spawns",
        call));
  }
  return *current;
}

void throw_outside_thread(std::string_view what, const Site& site) {
  throw UsageError(fmt::format(
      "kmc: {} at {} called outside a model thread: kmc::check's function builds the objects "
      "and spawns the threads (kmc::spawn); operations on the objects run in those threads, and "
      "objects made before they start use kmc::make_initial",
      what, site_text(site.seed, site.loc)));
}

void rethrow_thread_error(const std::exception_ptr& error, std::string_view thread) {
  try {
    std::rethrow_exception(error);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("kmc: model thread {} threw an exception: {}", thread, e.what()));
  } catch (...) {
    throw UsageError(fmt::format("kmc: model thread {} threw a non-standard exception", thread));
  }
}

}  // namespace kmc
