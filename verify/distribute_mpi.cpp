// Distribution over an MPI job (KMC_MPI on), with the MPI C API. Only each process's main thread
// calls MPI (MPI_THREAD_FUNNELED); its --jobs worker threads run items from a local queue.
//
// Protocol (MessagePack of JSON, MPI_BYTE): a worker rank sends rank 0 a request (tag kRequest)
// {"results": [...], "want": N} once half of its queue is gone (the queue holds about kAhead of
// work per thread, at least two items; N tops it up), and waits for the reply (tag kBatch)
// {"items": [...], "more": bool} before it sends again; once "more" is false it finishes its
// queue and sends {"results": [...], "final": true}, which gets no reply.
// Rank 0 hands out batches from the same queue its own threads take from, in dispatch order,
// until it is empty or the run is out of time. Waiting is polling with short sleeps, so that an
// idle rank leaves its cores to the workers (Open MPI's blocking calls spin).
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "verify/distribute.hpp"
#include "verify/pool.hpp"

namespace kmc::verify {
namespace {

constexpr int kRequest = 1;
constexpr int kBatch = 2;
constexpr auto kPoll = std::chrono::microseconds(200);
// Work a worker rank keeps queued per thread: far more than a round trip (a few polls), far less
// than would matter if it were the last work of the run.
constexpr double kAhead = 0.02;

// How many items a worker rank keeps queued, from the recent mean time of one item.
std::size_t queue_target(int jobs, double mean_item_seconds) {
  const double threads = std::max(1, jobs);
  const double per_thread = mean_item_seconds > 0 ? kAhead / mean_item_seconds : 2;
  return static_cast<std::size_t>(threads * std::clamp(per_thread, 2.0, 256.0));
}

// Whether an MPI launcher started this process (Open MPI, PMIx and MPICH-style launchers).
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

// Ends the whole job: a malformed message means the ranks disagree about the protocol.
[[noreturn]] void abort_job(const std::string& why) {
  std::cerr << "kmc verify: MPI: " << why << "\n";
  MPI_Abort(MPI_COMM_WORLD, 3);
  std::abort();
}

void send(const nlohmann::json& j, int to, int tag) {
  const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(j);
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

// The next message with `tag` from `from` (MPI_ANY_SOURCE for any), polling; its sender in
// `source`. Empty when none is there yet.
std::optional<nlohmann::json> try_receive(int from, int tag, int& source) {
  int flag = 0;
  MPI_Status st;
  MPI_Iprobe(from, tag, MPI_COMM_WORLD, &flag, &st);
  if (flag == 0) return std::nullopt;
  int count = 0;
  MPI_Get_count(&st, MPI_BYTE, &count);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_BYTE, st.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  source = st.MPI_SOURCE;
  try {
    return nlohmann::json::from_msgpack(bytes);
  } catch (const std::exception& e) {
    abort_job(std::string("malformed message: ") + e.what());
  }
}

// Applies the results a worker rank sent.
void take_results(const nlohmann::json& msg, const std::function<void(ItemResult)>& sink) {
  try {
    for (const nlohmann::json& r : msg.at("results")) sink(result_from_json(r));
  } catch (const std::exception& e) {
    abort_job(std::string("malformed results: ") + e.what());
  }
}

}  // namespace

Distribution::Distribution() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  joined_ = true;
  if (provided < MPI_THREAD_FUNNELED)
    abort_job("the MPI library cannot have worker threads beside MPI (no MPI_THREAD_FUNNELED)");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
}

Distribution::~Distribution() {
  if (joined_) MPI_Finalize();
}

bool Distribution::built_with_mpi() {
  return true;
}

std::vector<CaseResult> Distribution::run(
    const std::vector<WorkItem>& items, const std::vector<std::uint32_t>& order,
    const VerifyOptions& options,
    const std::function<void(std::uint32_t, const CaseResult&)>& done) {
  ran_ = true;
  if (size_ == 1) return run_items(items, order, options, done);
  return run_items(items, order, options, done, [&](ItemQueue& queue, const auto& sink) {
    const auto start = std::chrono::steady_clock::now();
    for (int finals = 0; finals < size_ - 1;) {
      int source = 0;
      const std::optional<nlohmann::json> msg = try_receive(MPI_ANY_SOURCE, kRequest, source);
      if (!msg) {
        std::this_thread::sleep_for(kPoll);
        continue;
      }
      take_results(*msg, sink);
      if (msg->value("final", false)) {
        ++finals;
        continue;
      }
      const bool late = out_of_time(options, start);
      nlohmann::json batch = nlohmann::json::array();
      if (!late)
        for (const WorkItem& item : queue.take(msg->value("want", std::size_t{1})))
          batch.push_back(to_json(item));
      send({{"items", batch}, {"more", !late && queue.size() > 0}}, source, kBatch);
    }
  });
}

void Distribution::serve(const VerifyOptions& options) {
  ItemQueue queue;
  std::mutex mu;
  std::vector<ItemResult> outbox;
  double mean_seconds = 0;  // a moving mean of one item's time, under `mu`
  ItemPool pool(queue, options, [&](ItemResult r) {
    const std::lock_guard<std::mutex> lock(mu);
    mean_seconds = mean_seconds == 0 ? r.seconds : 0.8 * mean_seconds + 0.2 * r.seconds;
    outbox.push_back(std::move(r));
  });
  const auto target = [&] {
    const std::lock_guard<std::mutex> lock(mu);
    return queue_target(options.jobs, mean_seconds);
  };
  const auto drain = [&] {
    const std::lock_guard<std::mutex> lock(mu);
    nlohmann::json out = nlohmann::json::array();
    for (const ItemResult& r : outbox) out.push_back(to_json(r));
    outbox.clear();
    return out;
  };
  bool more = true;
  bool waiting = false;
  while (more) {
    // Enough queued that no thread waits for a round trip, not so much that the tail is uneven;
    // topped up once half is gone.
    if (const std::size_t want = target(); !waiting && queue.size() <= want / 2) {
      send({{"results", drain()}, {"want", want - queue.size()}}, 0, kRequest);
      waiting = true;
    }
    int source = 0;
    const std::optional<nlohmann::json> reply =
        waiting ? try_receive(0, kBatch, source) : std::nullopt;
    if (!reply) {
      std::this_thread::sleep_for(kPoll);
      continue;
    }
    waiting = false;
    std::vector<WorkItem> batch;
    try {
      for (const nlohmann::json& j : reply->at("items")) batch.push_back(item_from_json(j));
      more = reply->at("more").get<bool>();
    } catch (const std::exception& e) {
      abort_job(std::string("malformed batch: ") + e.what());
    }
    queue.push(std::move(batch));
  }
  queue.close();
  pool.join();
  send({{"results", drain()}, {"final", true}}, 0, kRequest);
}

int Distribution::finish(int status) {
  if (size_ == 1) return status;
  if (rank_ == 0 && !ran_) (void)run({}, {}, VerifyOptions{}, nullptr);
  // Non-blocking, polled: a worker waiting here leaves its core to rank 0's last steps.
  MPI_Request req;
  MPI_Ibcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
  for (int flag = 0; MPI_Test(&req, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS && flag == 0;)
    std::this_thread::sleep_for(kPoll);
  return status;
}

}  // namespace kmc::verify
