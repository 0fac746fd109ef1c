#include "checker/stack_pool.hpp"

#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define KMC_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define KMC_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace kmc {

StackPool::~StackPool() {
  for (void* p : free_) std::free(p);
}

boost::context::stack_context StackPool::allocate() {
  void* base = nullptr;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
    // A reused stack still carries the shadow poisoning of the last fiber's frames.
    KMC_UNPOISON(base, size_);
  } else {
    base = std::malloc(size_);
    if (base == nullptr) throw std::bad_alloc();
  }
  boost::context::stack_context sc;
  sc.size = size_;
  sc.sp = static_cast<char*>(base) + size_;
  last_ = sc;
  return sc;
}

void StackPool::deallocate(boost::context::stack_context& sc) noexcept {
  free_.push_back(static_cast<char*>(sc.sp) - sc.size);
}

}  // namespace kmc
