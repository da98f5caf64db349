// The time-series stores: group-committed batch writes of 5-key messages, and AVG/MAX over
// buckets of 1 million points of one key. SQLite always (a file of its own in a temp dir,
// synchronous=FULL: real fsyncs); PostgreSQL too when PACIFICSOFT_BENCH_POSTGRES_URL names a
// database (a schema of its own per store).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_telemetry_db.h"
#include "storage/postgres/postgres_timeseries_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"

namespace pacificsoft::storage {
namespace {

using model::EntityId;
using model::EntityType;
using model::TsKv;

// Which store a benchmark runs on.
enum class Backend { kSqlite, kPostgres };

// With PACIFICSOFT_BENCH_POSTGRES_URL the benchmarks run on PostgreSQL too.
const char* postgres_url() { return std::getenv("PACIFICSOFT_BENCH_POSTGRES_URL"); }

// A fresh time-series store, removed on destruction: a SQLite file in a temp dir, or a schema
// of its own in the PostgreSQL database.
class TempStore {
 public:
  explicit TempStore(Backend backend) {
    if (backend == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("ps_bench_ts_" + Uuid::random().to_string());
      std::filesystem::create_directories(dir_);
      auto opened = sqlite::TelemetryDb::open((dir_ / "telemetry.db").string());
      if (!opened.is_ok()) std::abort();  // the benchmark cannot run without its file
      store_ = std::make_unique<sqlite::SqliteTimeseriesStore>(*opened);
      return;
    }
    schema_ = "bench_" + Uuid::random().to_string().substr(0, 8);
    admin(std::string("CREATE SCHEMA ") + schema_);
    const std::string url = postgres_url();
    auto opened =
        postgres::PgTelemetryDb::open({url + (url.find('?') == std::string::npos ? "?" : "&") +
                                       "options=-csearch_path%3D" + schema_});
    if (!opened.is_ok()) std::abort();
    store_ = std::make_unique<postgres::PostgresTimeseriesStore>(*opened);
  }
  ~TempStore() {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) admin("DROP SCHEMA " + schema_ + " CASCADE");
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  TimeseriesStore& store() { return *store_; }

 private:
  static void admin(const std::string& sql) {
    auto connection = postgres::PgConnection::connect(postgres_url());
    if (!connection.is_ok() || !(*connection)->exec_script(sql.c_str()).is_ok()) std::abort();
  }

  std::filesystem::path dir_;
  std::string schema_;
  std::unique_ptr<TimeseriesStore> store_;
};

// Counts outstanding saves; wait() returns once every one was reported.
class Pending {
 public:
  void add() {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  void done(const Status& status) {
    std::lock_guard lock(mutex_);
    failed_ = failed_ || !status.is_ok();
    if (--count_ == 0) zero_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mutex_);
    zero_.wait(lock, [this] { return count_ == 0; });
    return !failed_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable zero_;
  int count_ = 0;        // guarded by mutex_
  bool failed_ = false;  // guarded by mutex_
};

// CPU time of the whole process (every thread), in seconds.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::vector<TsKv> message(std::int64_t ts, std::int64_t sequence) {
  return {{"temperature", ts, 20.0 + static_cast<double>(sequence % 100) / 10},
          {"humidity", ts, sequence % 100},
          {"voltage", ts, 3.31},
          {"status", ts, std::string("ok")},
          {"tx", ts, sequence}};
}

// range(0) messages of 5 keys from range(1) devices (round robin) queued at once, then waited
// for: the writer thread commits what is queued in one transaction, so the batch size is what a
// busy server's group commit sees.
void bm_save_messages_batch(benchmark::State& state, Backend backend) {
  TempStore temp(backend);
  const auto device_count = static_cast<int>(state.range(1));
  std::vector<EntityId> devices;
  devices.reserve(static_cast<std::size_t>(device_count));
  for (int i = 0; i < device_count; ++i) devices.push_back({EntityType::kDevice, Uuid::random()});
  const auto batch = state.range(0);
  std::int64_t sequence = 0;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    Pending pending;
    for (std::int64_t i = 0; i < batch; ++i, ++sequence) {
      pending.add();
      temp.store().save(devices[static_cast<std::size_t>(sequence % device_count)],
                        message(1'700'000'000'000 + sequence, sequence), 0,
                        [&pending](const Status& status) { pending.done(status); });
    }
    if (!pending.wait()) {
      state.SkipWithError("a save failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  // The writer thread's work shows here, not in the "CPU" column (the benchmark's thread only):
  // less sensitive to other load on the machine than the wall-clock rate.
  state.counters["cpu_us/msg"] =
      (process_cpu_seconds() - cpu_before) * 1e6 / static_cast<double>(state.iterations() * batch);
  state.counters["points/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch * 5), benchmark::Counter::kIsRate);
}

// One key, a point a second for 1M seconds (a third doubles, the rest longs), written once.
class MillionPoints {
 public:
  static constexpr std::int64_t kPoints = 1'000'000;
  static MillionPoints& get(Backend backend) {
    static MillionPoints sqlite_data(Backend::kSqlite);
    if (backend == Backend::kSqlite) return sqlite_data;
    static MillionPoints postgres_data(Backend::kPostgres);
    return postgres_data;
  }
  TimeseriesStore& store() { return temp_.store(); }
  const EntityId& entity() const { return entity_; }
  bool ok() const { return ok_; }

 private:
  explicit MillionPoints(Backend backend) : temp_(backend) {
    constexpr std::int64_t kBatch = 10'000;
    for (std::int64_t first = 0; first < kPoints && ok_; first += kBatch) {
      std::vector<TsKv> points;
      points.reserve(kBatch);
      for (std::int64_t i = first; i < first + kBatch; ++i) {
        if (i % 3 == 0) {
          points.push_back({"temperature", i * 1000, static_cast<double>(i) * 0.5});
        } else {
          points.push_back({"temperature", i * 1000, i % 100});
        }
      }
      std::promise<Status> done;
      temp_.store().save(entity_, std::move(points), 0,
                         [&done](Status status) { done.set_value(std::move(status)); });
      ok_ = done.get_future().get().is_ok();
    }
  }
  TempStore temp_;
  EntityId entity_{EntityType::kDevice, Uuid::random()};
  bool ok_ = true;
};

void bm_aggregate_one_million_points(benchmark::State& state, Backend backend,
                                     Aggregation aggregation) {
  MillionPoints& data = MillionPoints::get(backend);
  if (!data.ok()) {
    state.SkipWithError("writing the 1M points failed");
    return;
  }
  const auto buckets = state.range(0);
  TsQuery query;
  query.key = "temperature";
  query.start_ts = 0;
  query.end_ts = MillionPoints::kPoints * 1000;
  query.interval_ms = query.end_ts / buckets;
  query.aggregation = aggregation;
  for (auto _ : state) {
    auto found = data.store().query(data.entity(), query);
    if (!found.is_ok() || static_cast<std::int64_t>(found->size()) != buckets) {
      state.SkipWithError("the query did not answer one value per bucket");
      break;
    }
    benchmark::DoNotOptimize(found);
  }
  state.counters["points/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * MillionPoints::kPoints),
                         benchmark::Counter::kIsRate);
}

// Both benchmarks on one backend, named "<benchmark>/<backend>/...".
void register_benchmarks(Backend backend, const std::string& name) {
  // {batch, devices}: 1000 devices send once per batch; 100 devices ten times (as the MQTT load).
  benchmark::RegisterBenchmark(("bm_save_messages_batch/" + name).c_str(), bm_save_messages_batch,
                               backend)
      ->Args({1, 1000})
      ->Args({10, 1000})
      ->Args({100, 1000})
      ->Args({1000, 1000})
      ->Args({1000, 100})
      ->UseRealTime();
  benchmark::RegisterBenchmark(("bm_aggregate_one_million_points/" + name + "/avg").c_str(),
                               bm_aggregate_one_million_points, backend, Aggregation::kAvg)
      ->Arg(1000)
      ->Arg(100)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(("bm_aggregate_one_million_points/" + name + "/max").c_str(),
                               bm_aggregate_one_million_points, backend, Aggregation::kMax)
      ->Arg(1000)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

}  // namespace
}  // namespace pacificsoft::storage

int main(int argc, char** argv) {
  using pacificsoft::storage::Backend;
  pacificsoft::storage::register_benchmarks(Backend::kSqlite, "sqlite");
  if (pacificsoft::storage::postgres_url() != nullptr) {
    pacificsoft::storage::register_benchmarks(Backend::kPostgres, "postgres");
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
