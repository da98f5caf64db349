// The subscriptions of this process: every saved value is handed to the listeners of its
// entity here, on the saving thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "telemetry/subscriptions.h"

namespace pacificsoft::telemetry {

// Thread-safe.
class SubscriptionHub final : public Subscriptions {
 public:
  SubscriptionId subscribe_timeseries(const model::EntityId& entity,
                                      TimeseriesListener listener) override;
  SubscriptionId subscribe_attributes(const model::EntityId& entity,
                                      AttributeListener listener) override;
  void unsubscribe(SubscriptionId id) override;

  void publish_timeseries(const model::EntityId& entity,
                          const std::vector<model::TsKv>& points) override;
  void publish_attributes(const model::EntityId& entity, model::AttributeScope scope,
                          const std::vector<model::AttributeKv>& updated,
                          const std::vector<std::string>& deleted) override;

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
