// Fiber stacks reused across executions, so an execution costs no mmap per thread.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace kmc {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_size = 256 * 1024) : size_(stack_size) {}
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  ~StackPool();

  [[nodiscard]] boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sc) noexcept;
  // The stack handed out last (so its new fiber can announce switches to it).
  [[nodiscard]] const boost::context::stack_context& last() const { return last_; }

 private:
  boost::context::stack_context last_{};
  std::size_t size_;
  std::vector<void*> free_;
};

// The allocator handed to boost::context::fiber; it only forwards to a StackPool.
class PooledStack {
 public:
  explicit PooledStack(StackPool& pool) : pool_(&pool) {}
  [[nodiscard]] boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& sc) noexcept { pool_->deallocate(sc); }

 private:
  StackPool* pool_;
};

}  // namespace kmc
