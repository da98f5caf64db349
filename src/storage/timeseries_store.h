// The time-series seam: (entity, key, ts) → typed value, the latest value per key, range
// queries with aggregation computed in the store, TTL and deletion. Backends: sqlite/ now,
// postgres/ and a scale-out store later; only app/ names them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/entity_type.h"
#include "model/kv.h"

namespace pacificsoft::storage {

enum class Aggregation { kNone, kMin, kMax, kAvg, kSum, kCount };

// The reference's names: NONE (also empty), MIN, MAX, AVG, SUM, COUNT.
inline std::optional<Aggregation> parse_aggregation(std::string_view name) {
  constexpr std::pair<std::string_view, Aggregation> kNames[] = {
      {"NONE", Aggregation::kNone}, {"MIN", Aggregation::kMin}, {"MAX", Aggregation::kMax},
      {"AVG", Aggregation::kAvg},   {"SUM", Aggregation::kSum}, {"COUNT", Aggregation::kCount}};
  if (name.empty()) return Aggregation::kNone;
  for (const auto& [text, value] : kNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

// One key over [start_ts, end_ts).
struct TsQuery {
  std::string key;
  std::int64_t start_ts = 0;
  std::int64_t end_ts = 0;
  Aggregation aggregation = Aggregation::kNone;
  // Aggregation: bucket width in ms; buckets start at start_ts, each answered at its middle
  // (clipped to the range), empty buckets omitted. MIN/MAX/SUM/AVG use the numeric points
  // (long and double; AVG answers a double, the others a long when every point was a long);
  // COUNT counts every point.
  std::int64_t interval_ms = 0;
  // No aggregation: at most `limit` raw points, newest first unless `ascending`.
  int limit = 100;
  bool ascending = false;
};

struct TsDelete {
  std::vector<std::string> keys;
  std::int64_t start_ts = 0;  // [start_ts, end_ts)
  std::int64_t end_ts = 0;
  bool delete_all = false;    // ignore the range, remove every point of the keys
  bool delete_latest = true;  // also drop the latest value when it falls in what was removed
};

// Called once a write is durable (or failed); runs on the store's writer thread, keep it short.
using WriteDone = std::function<void(Status)>;

// All methods are thread-safe.
class TimeseriesStore {
 public:
  virtual ~TimeseriesStore() = default;

  // Saves points (idempotent on entity, key, ts: a repeated point replaces the value) and
  // advances each key's latest value when the point is not older. Writes of many callers are
  // committed together; `done` reports the commit. ttl_s > 0 expires the points after that long.
  virtual void save(const model::EntityId& entity, std::vector<model::TsKv> points,
                    std::int64_t ttl_s, WriteDone done) = 0;
  // Latest values of the keys (all keys when empty); keys without data are absent.
  virtual Result<std::vector<model::TsKv>> latest(const model::EntityId& entity,
                                                  const std::vector<std::string>& keys) = 0;
  virtual Result<std::vector<std::string>> keys(const model::EntityId& entity) = 0;
  virtual Result<std::vector<model::TsKv>> query(const model::EntityId& entity,
                                                 const TsQuery& query) = 0;
  virtual Status remove(const model::EntityId& entity, const TsDelete& request) = 0;
  // Drops points whose TTL passed by `now_ms`; called periodically by the telemetry service.
  virtual Status remove_expired(std::int64_t now_ms) = 0;
};

// Attributes per entity and scope, each with the time of its last update. Thread-safe.
class AttributeStore {
 public:
  virtual ~AttributeStore() = default;

  // Inserts or replaces; `done` reports the commit (batched like time-series writes).
  virtual void save(const model::EntityId& entity, model::AttributeScope scope,
                    std::vector<model::AttributeKv> attributes, WriteDone done) = 0;
  // The named attributes of a scope (all when keys is empty); absent keys are left out.
  virtual Result<std::vector<model::AttributeKv>> find(const model::EntityId& entity,
                                                       model::AttributeScope scope,
                                                       const std::vector<std::string>& keys) = 0;
  virtual Result<std::vector<std::string>> keys(const model::EntityId& entity,
                                                std::optional<model::AttributeScope> scope) = 0;
  // Removes the named attributes; unknown keys are ignored.
  virtual Status remove(const model::EntityId& entity, model::AttributeScope scope,
                        const std::vector<std::string>& keys) = 0;
};

}  // namespace pacificsoft::storage
