// The worker threads of one process: they run verify items from a queue that may grow while they
// run (an MPI rank receiving batches) or hold every item from the start (a process alone).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "verify/verifier.hpp"
#include "verify/work.hpp"

namespace kmc::verify {

// Items waiting to run, in the order they are handed out; safe to use from any thread.
class ItemQueue {
 public:
  // Appends `items` and wakes the workers waiting for one.
  void push(std::vector<WorkItem> items);
  // No more items will come: pop returns nothing once the rest is taken.
  void close();
  // The next item, waiting while the queue is empty but open; nullopt once closed and empty.
  [[nodiscard]] std::optional<WorkItem> pop();
  // Up to `n` items at once without waiting (a batch for another rank).
  [[nodiscard]] std::vector<WorkItem> take(std::size_t n);
  // How many items wait.
  [[nodiscard]] std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<WorkItem> items_;
  bool closed_ = false;
};

// `options.jobs` threads that run items from a queue until it is closed and empty. An item taken
// once `options`' time limit has passed or its stop flag is set is not run: its result stays
// unfinished with no executions. An exception from the engine makes the item's result an error.
class ItemPool {
 public:
  // Starts the threads; `done` receives each result, called from the worker threads concurrently.
  ItemPool(ItemQueue& queue, const VerifyOptions& options, std::function<void(ItemResult)> done);
  ItemPool(const ItemPool&) = delete;
  ItemPool& operator=(const ItemPool&) = delete;
  ~ItemPool();
  // Waits for the threads to end (the queue must be closed for them to).
  void join();

 private:
  std::vector<std::thread> threads_;
};

// What runs on the calling thread while the workers run (rank 0 answers the other ranks there):
// it may take items from the queue and hand results to the sink (from any thread); the workers
// are joined once it returns.
using Alongside = std::function<void(ItemQueue&, const std::function<void(ItemResult)>&)>;

// Runs `items` on `options.jobs` threads of this process, handed out in `order`, with `alongside`
// (if set) on this thread; results[i] is items[i]'s. `done`, if set, is called with each
// finished id and its result, one call at a time.
[[nodiscard]] std::vector<CaseResult> run_items(
    const std::vector<WorkItem>& items, const std::vector<std::uint32_t>& order,
    const VerifyOptions& options, const std::function<void(std::uint32_t, const CaseResult&)>& done,
    const Alongside& alongside = {});

// True once `options`' time limit, counted from `start`, has passed or its stop flag is set.
[[nodiscard]] bool out_of_time(const VerifyOptions& options,
                               std::chrono::steady_clock::time_point start);

}  // namespace kmc::verify
