// The behaviour every TimeseriesStore and AttributeStore backend shows, as one GoogleTest suite:
// each backend's test binary instantiates it with a factory of fresh, empty databases
// (INSTANTIATE_TEST_SUITE_P), as entity_store_conformance.h does for the EntityStore.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "storage/backend_registry.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::conformance {

// One fresh, empty database of a backend, alive as long as this object.
class TelemetryBackend {
 public:
  virtual ~TelemetryBackend() = default;
  // Why the backend cannot run here (the tests are then skipped), or empty.
  virtual std::string skip_reason() const { return {}; }
  // Both stores on the database; called again to reopen it after the previous stores are gone.
  virtual Result<TelemetryStores> open(const TelemetryWriteOptions& options) = 0;
};

struct TelemetryBackendParam {
  std::string name;  // the test name suffix: "sqlite", "postgres"
  std::function<std::unique_ptr<TelemetryBackend>()> make;
};

// Saves point ("k", 1, 1) of `entity` with a done callback that holds the writer thread until the
// answered promise is set: what is queued meanwhile goes in as one batch.
std::promise<void> hold_writer(TimeseriesStore& store, const model::EntityId& entity);

// A raw query of one key over [start, end).
TsQuery raw(std::string key, std::int64_t start, std::int64_t end, int limit = 100,
            bool ascending = false);
// An aggregated query of one key over [start, end) in buckets of `interval` ms.
TsQuery aggregated(std::string key, std::int64_t start, std::int64_t end, std::int64_t interval,
                   Aggregation aggregation);

class TelemetryStoreTest : public ::testing::TestWithParam<TelemetryBackendParam> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Destroys the stores: every queued write is committed first.
  void close();
  void reopen(const TelemetryWriteOptions& options = {});

  // Blocking helpers over the asynchronous saves.
  Status save(std::vector<model::TsKv> points, std::int64_t ttl_s = 0);
  Status save_attributes(model::AttributeScope scope, std::vector<model::AttributeKv> values);
  std::vector<model::TsKv> query(const TsQuery& query);

  std::unique_ptr<TelemetryBackend> backend_;
  std::unique_ptr<TimeseriesStore> ts_;
  std::unique_ptr<AttributeStore> attrs_;
  model::EntityId entity_{model::EntityType::kDevice, Uuid::random()};
};

// For INSTANTIATE_TEST_SUITE_P's name generator, and GoogleTest's messages.
std::string telemetry_backend_name(const ::testing::TestParamInfo<TelemetryBackendParam>& info);
void PrintTo(const TelemetryBackendParam& param, std::ostream* out);

// Instantiates every suite of the contract for one backend; the three suite names must be
// visible where it is used (using conformance::TelemetryStoreTest, ...).
#define PS_INSTANTIATE_TELEMETRY_CONFORMANCE(prefix, param)                              \
  INSTANTIATE_TEST_SUITE_P(prefix, TelemetryStoreTest, ::testing::Values(param),         \
                           ::pacificsoft::storage::conformance::telemetry_backend_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, TelemetryAggregationTest, ::testing::Values(param),   \
                           ::pacificsoft::storage::conformance::telemetry_backend_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, TelemetryWriterTest, ::testing::Values(param),        \
                           ::pacificsoft::storage::conformance::telemetry_backend_name)

// Points of key "k": buckets of 10 over [0, 35): [0,10) longs, [10,20) mixed with a string,
// [20,30) a boolean only, [30,35) a JSON only; ts 35 lies past the end.
class TelemetryAggregationTest : public TelemetryStoreTest {
 protected:
  void SetUp() override;
  std::vector<model::TsKv> run(Aggregation aggregation) {
    return query(aggregated("k", 0, 35, 10, aggregation));
  }
};

// The write path: concurrent callers, back-pressure, shutdown, reopening.
class TelemetryWriterTest : public TelemetryStoreTest {};

}  // namespace pacificsoft::storage::conformance
