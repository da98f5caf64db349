// The embedded durable queue (queue/log): appends of encoded telemetry messages, group-committed
// by its writer thread (fdatasync), range(0) appends queued at once and waited for.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>

#include "common/uuid.h"
#include "queue/log/log_queue.h"

namespace pacificsoft::queue::log {
namespace {

// About the size of one encoded POST_TELEMETRY_REQUEST Msg of 5 keys.
const std::string& record() {
  static const std::string kPayload(360, 'x');
  return kPayload;
}

void bm_queue_append_batch(benchmark::State& state) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ps_bench_log_" + Uuid::random().to_string());
  {
    auto opened = LogQueue::open(dir.string(), LogQueueOptions{});
    if (!opened.is_ok()) {
      state.SkipWithError("cannot open the log");
      return;
    }
    LogQueue& queue = **opened;
    const auto batch = state.range(0);
    std::mutex mutex;
    std::condition_variable zero;
    std::int64_t sequence = 0;
    for (auto _ : state) {
      std::int64_t pending = batch;
      bool failed = false;
      for (std::int64_t i = 0; i < batch; ++i, ++sequence) {
        queue.append(static_cast<std::uint32_t>(sequence % queue.partitions()), record(),
                     [&](const Status& status) {
                       std::lock_guard lock(mutex);
                       failed = failed || !status.is_ok();
                       if (--pending == 0) zero.notify_all();
                     });
      }
      std::unique_lock lock(mutex);
      zero.wait(lock, [&] { return pending == 0; });
      if (failed) {
        state.SkipWithError("an append failed");
        break;
      }
    }
    state.SetItemsProcessed(state.iterations() * batch);
  }
  std::filesystem::remove_all(dir);
}

BENCHMARK(bm_queue_append_batch)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

}  // namespace
}  // namespace pacificsoft::queue::log

BENCHMARK_MAIN();
