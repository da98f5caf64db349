// Live updates: WebSocket sessions and device sessions subscribe to an entity's time series or
// attributes; every saved value is handed to the listeners of its entity. Local to this
// process; in a cluster the node that saves forwards to the nodes holding subscriptions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/entity_type.h"
#include "model/kv.h"

namespace pacificsoft::telemetry {

using SubscriptionId = std::uint64_t;

// Listeners run on the thread that saved the values: they must not block (post the work to
// the session's own executor). A publish already in flight may still call a listener just after
// its unsubscribe(), so a listener holds what it touches weakly (a weak_ptr to its session).
using TimeseriesListener = std::function<void(const std::vector<model::TsKv>& points)>;
using AttributeListener =
    std::function<void(model::AttributeScope scope, const std::vector<model::AttributeKv>& updated,
                       const std::vector<std::string>& deleted)>;

// Thread-safe.
class SubscriptionHub {
 public:
  SubscriptionId subscribe_timeseries(const model::EntityId& entity, TimeseriesListener listener);
  SubscriptionId subscribe_attributes(const model::EntityId& entity, AttributeListener listener);
  // Removes a subscription (no effect for an unknown id).
  void unsubscribe(SubscriptionId id);

  void publish_timeseries(const model::EntityId& entity, const std::vector<model::TsKv>& points);
  void publish_attributes(const model::EntityId& entity, model::AttributeScope scope,
                          const std::vector<model::AttributeKv>& updated,
                          const std::vector<std::string>& deleted);

  std::size_t subscription_count() const;

 private:
  struct Subscription {
    SubscriptionId id;
    TimeseriesListener on_timeseries;
    AttributeListener on_attributes;
  };
  struct EntityKey {
    model::EntityType type;
    Uuid id;
    bool operator==(const EntityKey&) const = default;
  };
  struct EntityKeyHash {
    std::size_t operator()(const EntityKey& key) const {
      return std::hash<Uuid>()(key.id) ^ static_cast<std::size_t>(key.type);
    }
  };
  using Subscribers = std::vector<std::shared_ptr<const Subscription>>;

  SubscriptionId add(const model::EntityId& entity, Subscription subscription);
  Subscribers subscribers_of(const model::EntityId& entity) const;

  // Publishing holds the mutex only to copy the entity's subscriber list, never while calling
  // listeners, so a slow listener cannot stall subscribers of other entities.
  mutable std::mutex mutex_;
  std::unordered_map<EntityKey, Subscribers, EntityKeyHash> by_entity_;  // guarded by mutex_
  std::unordered_map<SubscriptionId, EntityKey> entity_of_;              // guarded by mutex_
  SubscriptionId next_id_ = 1;                                           // guarded by mutex_
};

}  // namespace pacificsoft::telemetry
