// The newest point per (entity, key) written in the current write transaction: the latest-value
// table is upserted once per key when the transaction commits instead of once per point (a busy
// device sends several messages per group commit). Writer thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>

#include "model/kv.h"

namespace pacificsoft::storage {

// Entity and key as the backend's dictionary ids.
struct SeriesId {
  std::int64_t entity_id;
  std::int64_t key_id;
  bool operator==(const SeriesId&) const = default;
};

struct SeriesIdHash {
  std::size_t operator()(const SeriesId& id) const noexcept {
    return std::hash<std::int64_t>()(id.entity_id * 1'000'003 + id.key_id);
  }
};

class NewestPoints {
 public:
  struct Newest {
    std::int64_t ts;
    model::KvValue value;
  };
  using Map = std::unordered_map<SeriesId, Newest, SeriesIdHash>;

  // Keeps the point if it is at least as new as the one kept (the last of equal ts wins, as a
  // row-by-row upsert would).
  void offer(std::int64_t entity_id, std::int64_t key_id, std::int64_t ts,
             const model::KvValue& value) {
    auto [slot, inserted] = newest_.try_emplace({entity_id, key_id}, Newest{ts, value});
    if (!inserted && slot->second.ts <= ts) slot->second = {ts, value};
  }
  const Map& points() const { return newest_; }
  void clear() { newest_.clear(); }

 private:
  Map newest_;
};

}  // namespace pacificsoft::storage
