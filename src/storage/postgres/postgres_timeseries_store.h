// The production time-series store: points in a monthly partitioned ts_kv, latest values,
// aggregation in SQL, TTL and retention. Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <memory>

#include "storage/postgres/pg_telemetry_db.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::postgres {

// Thread-safe: holds no state of its own; writes go through the PgTelemetryDb's writer thread
// (save's done runs there), reads through its pool. While the database is unreachable, calls
// fail Unavailable; the next call after it returns reconnects.
class PostgresTimeseriesStore final : public TimeseriesStore {
 public:
  explicit PostgresTimeseriesStore(std::shared_ptr<PgTelemetryDb> db) : db_(std::move(db)) {}

  void save(const model::EntityId& entity, std::vector<model::TsKv> points, std::int64_t ttl_s,
            WriteDone done) override;
  Result<std::vector<model::TsKv>> latest(const model::EntityId& entity,
                                          const std::vector<std::string>& keys) override;
  Result<std::vector<std::string>> keys(const model::EntityId& entity) override;
  Result<std::vector<model::TsKv>> query(const model::EntityId& entity,
                                         const TsQuery& query) override;
  Status remove(const model::EntityId& entity, const TsDelete& request) override;
  // Also creates this month's and next month's partitions ahead of time, and drops the months
  // past the retention.
  Status remove_expired(std::int64_t now_ms) override;

 private:
  std::shared_ptr<PgTelemetryDb> db_;
};

}  // namespace pacificsoft::storage::postgres
