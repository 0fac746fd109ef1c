#include "cli/batch.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace kmc::cli {

void run_batch(const std::vector<std::filesystem::path>& files, const ScenarioRunOptions& options,
               unsigned jobs, const std::function<void(std::size_t, ScenarioRun&)>& done) {
  jobs =
      std::clamp<unsigned>(jobs, 1, static_cast<unsigned>(std::max<std::size_t>(1, files.size())));
  if (jobs == 1) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      ScenarioRun run = run_scenario_file(files[i], options);
      done(i, run);
    }
    return;
  }
  std::vector<std::optional<ScenarioRun>> results(files.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      ScenarioRun run = run_scenario_file(files[i], options);
      const std::lock_guard lock(mutex);
      results[i] = std::move(run);
      ready.notify_all();
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return results[i].has_value(); });
    ScenarioRun run = std::move(*results[i]);
    results[i].reset();
    lock.unlock();
    done(i, run);
  }
}

int worst_status(int a, int b) {
  const auto rank = [](int s) {
    switch (s) {
      case kExitInternal:
        return 4;
      case kExitUsage:
        return 3;
      case kExitViolation:
        return 2;
      case kExitIncomplete:  // worse than a pass, but a found violation says more
        return 1;
      default:
        return 0;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace kmc::cli
