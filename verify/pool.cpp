#include "verify/pool.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

namespace kmc::verify {

void ItemQueue::push(std::vector<WorkItem> items) {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    for (WorkItem& item : items) items_.push_back(std::move(item));
  }
  ready_.notify_all();
}

void ItemQueue::close() {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  ready_.notify_all();
}

std::optional<WorkItem> ItemQueue::pop() {
  std::unique_lock<std::mutex> lock(mu_);
  ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
  if (items_.empty()) return std::nullopt;
  WorkItem item = std::move(items_.front());
  items_.pop_front();
  return item;
}

std::vector<WorkItem> ItemQueue::take(std::size_t n) {
  const std::lock_guard<std::mutex> lock(mu_);
  std::vector<WorkItem> out;
  while (out.size() < n && !items_.empty()) {
    out.push_back(std::move(items_.front()));
    items_.pop_front();
  }
  return out;
}

std::size_t ItemQueue::size() const {
  const std::lock_guard<std::mutex> lock(mu_);
  return items_.size();
}

bool out_of_time(const VerifyOptions& options, std::chrono::steady_clock::time_point start) {
  if (options.stop != nullptr && options.stop->load()) return true;
  if (options.time_limit_s <= 0) return false;
  const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
  return spent.count() >= options.time_limit_s;
}

ItemPool::ItemPool(ItemQueue& queue, const VerifyOptions& options,
                   std::function<void(ItemResult)> done) {
  const auto start = std::chrono::steady_clock::now();
  // The whole run's end also ends the cases running then, not only those not started.
  std::optional<std::chrono::steady_clock::time_point> end;
  if (options.time_limit_s > 0) {
    end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(options.time_limit_s));
  }
  const auto worker = [&queue, options, done, start, end] {
    while (std::optional<WorkItem> item = queue.pop()) {
      ItemResult r{item->id, CaseResult{}, 0};
      if (!out_of_time(options, start)) {
        const auto began = std::chrono::steady_clock::now();
        try {
          r.result = run_item(*item, options.stop, end);
        } catch (const std::exception& e) {
          r.result = CaseResult{};
          r.result.status = CaseStatus::Error;
          r.result.error = std::string("engine: ") + e.what();
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      }
      done(std::move(r));
    }
  };
  const int jobs = std::max(1, options.jobs);
  for (int j = 0; j < jobs; ++j) threads_.emplace_back(worker);
}

ItemPool::~ItemPool() {
  join();
}

void ItemPool::join() {
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
}

std::vector<CaseResult> run_items(const std::vector<WorkItem>& items,
                                  const std::vector<std::uint32_t>& order,
                                  const VerifyOptions& options,
                                  const std::function<void(std::uint32_t, const CaseResult&)>& done,
                                  const Alongside& alongside) {
  std::vector<CaseResult> results(items.size());
  ItemQueue queue;
  std::vector<WorkItem> ordered;
  ordered.reserve(order.size());
  for (std::uint32_t id : order) ordered.push_back(items[id]);
  queue.push(std::move(ordered));
  queue.close();
  std::mutex mu;
  // Each result has its own slot; only the callback is serialised.
  const std::function<void(ItemResult)> sink = [&](ItemResult r) {
    if (r.id >= results.size()) throw std::out_of_range("a result for an unknown item");
    results[r.id] = std::move(r.result);
    if (!done) return;
    const std::lock_guard<std::mutex> lock(mu);
    done(r.id, results[r.id]);
  };
  ItemPool pool(queue, options, sink);
  if (alongside) alongside(queue, sink);
  pool.join();
  return results;
}

}  // namespace kmc::verify
