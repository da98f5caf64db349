// The points and latest values of one writer transaction, buffered and written by a few
// statements when the transaction commits (or a removal needs them written first): one
// INSERT ... SELECT FROM unnest(arrays) per 10 000 points instead of a statement per point.
// Points name their entity by PgDictWriter::entity_ref, so the entities new to the transaction
// are inserted together when it is written. Writer thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "common/status.h"
#include "model/kv.h"
#include "storage/newest_points.h"
#include "storage/postgres/internal/pg_partitions.h"

namespace pacificsoft::storage::postgres {

class PgConnection;
class PgDictWriter;

class PgTsBatch {
 public:
  explicit PgTsBatch(PgDictWriter& dict) : dict_(dict) {}

  // A point of the transaction; a later one with the same entity, key and ts replaces it.
  void add(std::int64_t entity_ref, std::int64_t key_id, std::int64_t ts,
           const model::KvValue& value, std::optional<std::int64_t> expiry);
  // Writes what is buffered (resolving new entities and creating missing partitions first),
  // then forgets it.
  Status flush(PgConnection& conn);
  // After every commit or rollback.
  void end_transaction(bool committed);
  PgPartitions& partitions() { return partitions_; }

 private:
  struct PointId {
    std::int64_t entity_ref;
    std::int64_t key_id;
    std::int64_t ts;
    bool operator==(const PointId&) const = default;
  };
  struct PointIdHash {
    std::size_t operator()(const PointId& id) const noexcept {
      return SeriesIdHash()({id.entity_ref, id.key_id}) * 31 + std::hash<std::int64_t>()(id.ts);
    }
  };
  struct Point {
    model::KvValue value;
    std::optional<std::int64_t> expiry;
  };

  Status write_points(PgConnection& conn);
  Status write_latest(PgConnection& conn);

  PgDictWriter& dict_;
  // Keyed by entity_ref: one per entity for the whole transaction, whether resolved yet or not.
  std::unordered_map<PointId, Point, PointIdHash> points_;
  NewestPoints newest_;
  PgPartitions partitions_;
};

}  // namespace pacificsoft::storage::postgres
