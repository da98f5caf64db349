// The newest point per (entity, key) written in the current write transaction. ts_kv_latest is
// upserted once per key when the transaction commits instead of once per point: a busy device
// sends several messages per group commit, and each would otherwise rewrite the same rows.
// Writer thread only.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

class LatestBuffer {
 public:
  // Keeps the point if it is at least as new as the one kept (the last of equal ts wins, as
  // the row-by-row upsert did).
  void offer(std::int64_t entity_id, std::int64_t key_id, std::int64_t ts,
             const model::KvValue& value);
  // Upserts what is kept (rows only move to newer-or-equal points), then forgets it.
  Status flush(SqliteDb& db);
  // After a rollback: forgets without writing.
  void clear() { newest_.clear(); }

 private:
  struct Key {
    std::int64_t entity_id;
    std::int64_t key_id;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return std::hash<std::int64_t>()(key.entity_id * 1'000'003 + key.key_id);
    }
  };
  struct Newest {
    std::int64_t ts;
    model::KvValue value;
  };
  std::unordered_map<Key, Newest, KeyHash> newest_;
};

}  // namespace pacificsoft::storage::sqlite
