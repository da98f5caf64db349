// Saves with live updates before or after their commit; blocking wrappers.
#include "telemetry/telemetry_service.h"

#include <algorithm>
#include <future>
#include <memory>
#include <unordered_set>

namespace pacificsoft::telemetry {
namespace {

// Runs an asynchronous save and waits for its commit.
Status wait_for(const std::function<void(storage::WriteDone)>& start) {
  auto promise = std::make_shared<std::promise<Status>>();
  auto result = promise->get_future();
  start([promise](Status status) { promise->set_value(std::move(status)); });
  return result.get();
}

}  // namespace

Result<std::vector<std::string>> history_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> distinct;
  std::unordered_set<std::string_view> seen;  // views of `keys`, which outlives it
  for (const auto& key : keys) {
    if (!seen.insert(key).second) continue;
    if (distinct.size() == kMaxHistoryKeys) {
      return Status(ErrorCode::kBadRequestParams,
                    "At most " + std::to_string(kMaxHistoryKeys) + " keys can be read at once");
    }
    distinct.push_back(key);
  }
  return distinct;
}

TelemetryService::TelemetryService(storage::TimeseriesStore& timeseries,
                                   storage::AttributeStore& attributes, Subscriptions& hub,
                                   const Clock& clock, TelemetryOptions options)
    : timeseries_(timeseries),
      attributes_(attributes),
      hub_(hub),
      clock_(clock),
      options_(options) {}

Status TelemetryService::check_query(const storage::TsQuery& query) const {
  if (query.aggregation == storage::Aggregation::kNone) return Status::ok();
  if (query.interval_ms < 1) return invalid_argument("Interval must be positive for aggregation");
  constexpr std::int64_t kMinCountedInterval = 1000;
  if ((query.end_ts - query.start_ts) / std::max(query.interval_ms, kMinCountedInterval) >
      options_.max_intervals) {
    return invalid_argument("Incorrect TsKvQuery. Number of intervals is to high");
  }
  return Status::ok();
}

template <typename Kv>
bool TelemetryService::shown_before_commit(LiveUpdate live, const std::vector<Kv>& values) const {
  return live == LiveUpdate::kBeforeCommit &&
         storage::check_items(values, options_.max_value_bytes).is_ok();
}

void TelemetryService::save_timeseries(const model::EntityId& entity,
                                       std::vector<model::TsKv> points, std::int64_t ttl_s,
                                       storage::WriteDone done, LiveUpdate live) {
  if (shown_before_commit(live, points)) {
    hub_.publish_timeseries(entity, points);
    timeseries_.save(entity, std::move(points), ttl_s, std::move(done));
    return;
  }
  auto shared_points = std::make_shared<std::vector<model::TsKv>>(points);
  timeseries_.save(entity, std::move(points), ttl_s,
                   [this, entity, shared_points, done = std::move(done)](Status status) {
                     if (status) hub_.publish_timeseries(entity, *shared_points);
                     done(std::move(status));
                   });
}

void TelemetryService::save_attributes(const model::EntityId& entity, model::AttributeScope scope,
                                       const model::KeyValues& values, storage::WriteDone done,
                                       LiveUpdate live) {
  std::int64_t now = clock_.now_ms();
  auto attributes = std::make_shared<std::vector<model::AttributeKv>>();
  attributes->reserve(values.size());
  for (const auto& [key, value] : values) attributes->push_back({key, value, now});
  const bool shown = shown_before_commit(live, *attributes);
  if (shown) hub_.publish_attributes(entity, scope, *attributes, {});
  attributes_.save(entity, scope, *attributes,
                   [this, entity, scope, attributes, shown, done = std::move(done)](Status status) {
                     if (status) {
                       if (!shown) hub_.publish_attributes(entity, scope, *attributes, {});
                       std::lock_guard lock(listener_mutex_);
                       if (attributes_saved_) attributes_saved_(entity, scope, *attributes);
                     }
                     done(std::move(status));
                   });
}

Status TelemetryService::delete_attributes(const model::EntityId& entity,
                                           model::AttributeScope scope,
                                           const std::vector<std::string>& keys) {
  PS_RETURN_IF_ERROR(attributes_.remove(entity, scope, keys));
  hub_.publish_attributes(entity, scope, {}, keys);
  return Status::ok();
}

Status TelemetryService::delete_timeseries(const model::EntityId& entity,
                                           const storage::TsDelete& request) {
  return timeseries_.remove(entity, request);
}

Status TelemetryService::save_timeseries_sync(const model::EntityId& entity,
                                              std::vector<model::TsKv> points, std::int64_t ttl_s) {
  return wait_for([&](storage::WriteDone done) {
    save_timeseries(entity, std::move(points), ttl_s, std::move(done));
  });
}

Status TelemetryService::save_attributes_sync(const model::EntityId& entity,
                                              model::AttributeScope scope,
                                              const model::KeyValues& values) {
  return wait_for(
      [&](storage::WriteDone done) { save_attributes(entity, scope, values, std::move(done)); });
}

Result<std::vector<model::TsKv>> TelemetryService::latest_timeseries(
    const model::EntityId& entity, const std::vector<std::string>& keys) {
  return timeseries_.latest(entity, keys);
}

Result<std::vector<std::string>> TelemetryService::timeseries_keys(const model::EntityId& entity) {
  return timeseries_.keys(entity);
}

Result<std::vector<model::TsKv>> TelemetryService::query_timeseries(const model::EntityId& entity,
                                                                    const storage::TsQuery& query) {
  return timeseries_.query(entity, query);
}

Result<std::vector<model::AttributeKv>> TelemetryService::find_attributes(
    const model::EntityId& entity, model::AttributeScope scope,
    const std::vector<std::string>& keys) {
  return attributes_.find(entity, scope, keys);
}

Result<std::vector<std::string>> TelemetryService::attribute_keys(
    const model::EntityId& entity, std::optional<model::AttributeScope> scope) {
  return attributes_.keys(entity, scope);
}

SubscriptionId TelemetryService::subscribe_timeseries(const model::EntityId& entity,
                                                      TimeseriesListener listener) {
  return hub_.subscribe_timeseries(entity, std::move(listener));
}

SubscriptionId TelemetryService::subscribe_attributes(const model::EntityId& entity,
                                                      AttributeListener listener) {
  return hub_.subscribe_attributes(entity, std::move(listener));
}

void TelemetryService::unsubscribe(SubscriptionId id) { hub_.unsubscribe(id); }

Status TelemetryService::remove_expired() { return timeseries_.remove_expired(clock_.now_ms()); }

}  // namespace pacificsoft::telemetry
