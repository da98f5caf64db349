// The embedded attribute store: attributes per entity and scope on the shared telemetry file,
// written through the same writer (group commit). Format: docs/formats/timeseries_store.md.
#pragma once

#include <memory>

#include "storage/sqlite/telemetry_db.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::sqlite {

// Thread-safe: holds no state of its own; writes go through the TelemetryDb's writer thread
// (save's done runs there), reads through its pool of read connections.
class SqliteAttributeStore final : public AttributeStore {
 public:
  explicit SqliteAttributeStore(std::shared_ptr<TelemetryDb> db) : db_(std::move(db)) {}

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
  std::shared_ptr<TelemetryDb> db_;
};

}  // namespace pacificsoft::storage::sqlite
