// Throughput figures of the telemetry stores, printed, never asserted (shared CI machines):
// group-committed ingest from several threads, and aggregation over 1M points of one key.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "storage/sqlite/telemetry_test_fixture.h"

namespace pacificsoft::storage::sqlite {
namespace {

using Clock = std::chrono::steady_clock;
using model::TsKv;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

TEST_F(TelemetryTest, PerfIngestManyDevices) {
  constexpr int kThreads = 4;
  constexpr int kSavesPerThread = 10'000;
  constexpr int kKeys = 5;  // a typical message: a few keys of one device at one ts
  constexpr int kDevices = 1000;
  std::vector<model::EntityId> devices;
  for (int i = 0; i < kDevices; ++i) {
    devices.push_back({model::EntityType::kDevice, Uuid::random()});
  }
  std::atomic<int> ok{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSavesPerThread; ++i) {
        std::vector<TsKv> points;
        for (int k = 0; k < kKeys; ++k) {
          std::int64_t ts = 1'700'000'000'000 + t * kSavesPerThread + i;
          if (k % 2 == 0) {
            points.push_back({"key" + std::to_string(k), ts, std::int64_t{i}});
          } else {
            points.push_back({"key" + std::to_string(k), ts, i * 0.5});
          }
        }
        ts_->save(devices[(t * 7919 + i) % kDevices], std::move(points), 0,
                  [&](const Status& status) { ok += status.is_ok() ? 1 : 0; });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(save({}).is_ok());  // the last commit
  double elapsed = ms_since(start);
  ASSERT_EQ(ok.load(), kThreads * kSavesPerThread);
  double points = static_cast<double>(kThreads) * kSavesPerThread * kKeys;
  std::printf(
      "[ perf ] ingest: %.0f points (%d saves of %d keys, %d devices) in %.0f ms = %.0f "
      "points/s\n",
      points, kThreads * kSavesPerThread, kKeys, kDevices, elapsed, points * 1000 / elapsed);
}

TEST_F(TelemetryTest, PerfAggregateOneMillionPoints) {
  constexpr std::int64_t kPoints = 1'000'000;
  constexpr std::int64_t kBatch = 10'000;
  auto start = Clock::now();
  for (std::int64_t first = 0; first < kPoints; first += kBatch) {
    std::vector<TsKv> points;
    for (std::int64_t i = first; i < first + kBatch; ++i) {
      // A point every second; a third of them doubles.
      if (i % 3 == 0) {
        points.push_back({"temperature", i * 1000, i * 0.5});
      } else {
        points.push_back({"temperature", i * 1000, i % 100});
      }
    }
    ASSERT_TRUE(save(std::move(points)).is_ok());
  }
  double write_ms = ms_since(start);
  std::printf("[ perf ] wrote %lld points of one key in batches of %lld: %.0f ms = %.0f points/s\n",
              static_cast<long long>(kPoints), static_cast<long long>(kBatch), write_ms,
              kPoints * 1000.0 / write_ms);
  const std::int64_t end = kPoints * 1000;
  struct Case {
    const char* name;
    Aggregation aggregation;
    std::int64_t interval;
  };
  for (const Case& c : {Case{"AVG, 100 buckets", Aggregation::kAvg, end / 100},
                        Case{"MIN, 100 buckets", Aggregation::kMin, end / 100},
                        Case{"SUM, 700 buckets", Aggregation::kSum, end / 700 + 1},
                        Case{"COUNT, 100 buckets", Aggregation::kCount, end / 100},
                        Case{"MAX, 10000 buckets (GROUP BY)", Aggregation::kMax, end / 10'000}}) {
    for (int round = 0; round < 2; ++round) {  // the first round reads a cold cache
      auto query_start = Clock::now();
      auto found = query(aggregated("temperature", 0, end, c.interval, c.aggregation));
      double elapsed = ms_since(query_start);
      EXPECT_FALSE(found.empty());
      std::printf("[ perf ] %s over 1M points (%s): %.1f ms, %zu buckets\n", c.name,
                  round == 0 ? "cold" : "warm", elapsed, found.size());
    }
  }
  auto raw_start = Clock::now();
  auto newest = query(raw("temperature", 0, end, 100));
  std::printf("[ perf ] raw newest 100 of 1M: %.2f ms\n", ms_since(raw_start));
  EXPECT_EQ(newest.size(), 100U);
}

}  // namespace
}  // namespace pacificsoft::storage::sqlite
