// Tells AddressSanitizer about fiber stack switches (a no-op in other builds), so that a
// sanitizer build follows the model threads' stacks instead of reporting false errors.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace kmc {

// The stack a switch goes to: its lowest address and size (null/0: not known yet).
struct StackBounds {
  const void* bottom = nullptr;
  std::size_t size = 0;
};

// Call just before switching to `to`; `fake` keeps this side's fake stack (null: it is gone).
inline void before_switch(void** fake, const StackBounds& to) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_start_switch_fiber(fake, to.bottom, to.size);
#else
  (void)fake;
  (void)to;
#endif
}

// Call first thing after a switch lands here; `from` learns the stack that switched to us.
inline void after_switch(void* fake, StackBounds* from) {
#if defined(__SANITIZE_ADDRESS__)
  const void* bottom = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(fake, &bottom, &size);
  if (from != nullptr) *from = StackBounds{bottom, size};
#else
  (void)fake;
  (void)from;
#endif
}

}  // namespace kmc
