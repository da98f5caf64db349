// The production attribute store: attributes per entity and scope in attribute_kv, written
// through the same writer (group commit). Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <memory>

#include "storage/postgres/pg_telemetry_db.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::postgres {

// Thread-safe: holds no state of its own; writes go through the PgTelemetryDb's writer thread
// (save's done runs there), reads through its pool.
class PostgresAttributeStore final : public AttributeStore {
 public:
  explicit PostgresAttributeStore(std::shared_ptr<PgTelemetryDb> db) : db_(std::move(db)) {}

  void save(const model::EntityId& entity, model::AttributeScope scope,
            std::vector<model::AttributeKv> attributes, WriteDone done) override;
  Result<std::vector<model::AttributeKv>> find(const model::EntityId& entity,
                                               model::AttributeScope scope,
                                               const std::vector<std::string>& keys) override;
  Result<std::vector<std::string>> keys(const model::EntityId& entity,
                                        std::optional<model::AttributeScope> scope) override;
  Status remove(const model::EntityId& entity, model::AttributeScope scope,
                const std::vector<std::string>& keys) override;

 private:
  std::shared_ptr<PgTelemetryDb> db_;
};

}  // namespace pacificsoft::storage::postgres
