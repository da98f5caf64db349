// Time series and attributes of entities: saves go to the stores and to the live subscribers;
// reads pass through. Used by the REST API, the WebSocket API, the rule
// engine and (until the rule engine lands) the device transports.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/telemetry_json.h"
#include "storage/telemetry_rules.h"
#include "storage/timeseries_store.h"
#include "telemetry/subscriptions.h"

namespace pacificsoft::telemetry {

struct TelemetryOptions {
  // Most aggregation buckets one query may ask for, counting buckets of at least a second
  // as the reference does (its database.ts_max_intervals).
  std::int64_t max_intervals = 700;
  // The stores' longest value: a save is shown live before its commit only if they will take it.
  std::size_t max_value_bytes = storage::TelemetryWriteOptions{}.max_value_bytes;
};

// History reads (REST and WebSocket) hold what they read in memory at once: at most this many
// distinct keys, each with at most kMaxHistoryLimit points.
inline constexpr std::size_t kMaxHistoryKeys = 100;
inline constexpr std::int64_t kMaxHistoryLimit = 100000;

// The distinct keys of a history read, first mentions first; BadRequestParams for more than
// kMaxHistoryKeys.
Result<std::vector<std::string>> history_keys(const std::vector<std::string>& keys);

// When subscribers see a save.
enum class LiveUpdate {
  // Once committed: the caller's copy is the only one, so what is shown is what is stored.
  kAfterCommit,
  // As soon as the store takes it, before the commit and its fsync: for callers whose input is
  // durable elsewhere until the save is done (the rule engine's queue keeps the message and
  // retries it), so what is shown will be stored.
  kBeforeCommit,
};

// Told of every committed attribute save, on the store's writer thread (keep it short).
using AttributesSaved =
    std::function<void(const model::EntityId& entity, model::AttributeScope scope,
                       const std::vector<model::AttributeKv>& attributes)>;

// Thread-safe; `done` callbacks run on a store's writer thread (keep them short).
class TelemetryService {
 public:
  TelemetryService(storage::TimeseriesStore& timeseries, storage::AttributeStore& attributes,
                   Subscriptions& hub, const Clock& clock, TelemetryOptions options = {});

  // The one listener (device state follows inactivityTimeout so); nullptr removes it, waiting
  // for a call in progress.
  void on_attributes_saved(AttributesSaved listener) {
    std::lock_guard lock(listener_mutex_);
    attributes_saved_ = std::move(listener);
  }

  // InvalidArgument when an aggregated query asks for more buckets than allowed.
  Status check_query(const storage::TsQuery& query) const;

  void save_timeseries(const model::EntityId& entity, std::vector<model::TsKv> points,
                       std::int64_t ttl_s, storage::WriteDone done,
                       LiveUpdate live = LiveUpdate::kAfterCommit);
  // Stamps the attributes with the current time as their lastUpdateTs. The attribute listener
  // is told after the commit whatever `live` says.
  void save_attributes(const model::EntityId& entity, model::AttributeScope scope,
                       const model::KeyValues& values, storage::WriteDone done,
                       LiveUpdate live = LiveUpdate::kAfterCommit);
  Status delete_attributes(const model::EntityId& entity, model::AttributeScope scope,
                           const std::vector<std::string>& keys);
  Status delete_timeseries(const model::EntityId& entity, const storage::TsDelete& request);

  // Blocking forms for request handlers that answer only after the commit.
  Status save_timeseries_sync(const model::EntityId& entity, std::vector<model::TsKv> points,
                              std::int64_t ttl_s);
  Status save_attributes_sync(const model::EntityId& entity, model::AttributeScope scope,
                              const model::KeyValues& values);

  // Reads. A request's history query is checked with check_query() first.
  Result<std::vector<model::TsKv>> latest_timeseries(const model::EntityId& entity,
                                                     const std::vector<std::string>& keys);
  Result<std::vector<std::string>> timeseries_keys(const model::EntityId& entity);
  Result<std::vector<model::TsKv>> query_timeseries(const model::EntityId& entity,
                                                    const storage::TsQuery& query);
  Result<std::vector<model::AttributeKv>> find_attributes(const model::EntityId& entity,
                                                          model::AttributeScope scope,
                                                          const std::vector<std::string>& keys);
  Result<std::vector<std::string>> attribute_keys(const model::EntityId& entity,
                                                  std::optional<model::AttributeScope> scope);

  // Live updates of what is saved for an entity (subscriptions.h says where listeners run).
  SubscriptionId subscribe_timeseries(const model::EntityId& entity, TimeseriesListener listener);
  SubscriptionId subscribe_attributes(const model::EntityId& entity, AttributeListener listener);
  void unsubscribe(SubscriptionId id);

  // Drops the points whose TTL passed.
  Status remove_expired();

  const Clock& clock() const { return clock_; }

 private:
  storage::TimeseriesStore& timeseries_;
  storage::AttributeStore& attributes_;
  Subscriptions& hub_;
  const Clock& clock_;
  // Whether a save is shown before its commit: asked for, and values the stores will take.
  template <typename Kv>
  bool shown_before_commit(LiveUpdate live, const std::vector<Kv>& values) const;

  TelemetryOptions options_;
  std::mutex listener_mutex_;
  AttributesSaved attributes_saved_;  // guarded by listener_mutex_, called under it
};

}  // namespace pacificsoft::telemetry
