// The embedded time-series store: points, latest values, aggregation in SQL, TTL, on the
// shared telemetry file. Format: docs/formats/timeseries_store.md.
#pragma once

#include <memory>

#include "storage/sqlite/telemetry_db.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::sqlite {

// Thread-safe: holds no state of its own; writes go through the TelemetryDb's writer thread
// (save's done runs there), reads through its pool of read connections.
class SqliteTimeseriesStore final : public TimeseriesStore {
 public:
  explicit SqliteTimeseriesStore(std::shared_ptr<TelemetryDb> db) : db_(std::move(db)) {}

  void save(const model::EntityId& entity, std::vector<model::TsKv> points, std::int64_t ttl_s,
            WriteDone done) override;
  Result<std::vector<model::TsKv>> latest(const model::EntityId& entity,
                                          const std::vector<std::string>& keys) override;
  Result<std::vector<std::string>> keys(const model::EntityId& entity) override;
  Result<std::vector<model::TsKv>> query(const model::EntityId& entity,
                                         const TsQuery& query) override;
  Status remove(const model::EntityId& entity, const TsDelete& request) override;
  Status remove_expired(std::int64_t now_ms) override;

 private:
  std::shared_ptr<TelemetryDb> db_;
};

}  // namespace pacificsoft::storage::sqlite
