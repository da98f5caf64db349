// Live updates: WebSocket sessions and device sessions subscribe to an entity's time series or
// attributes; every saved value is handed to the listeners of its entity. SubscriptionHub
// delivers within this process; in a cluster, the node that owns the entity's partition will
// stream to the nodes holding subscriptions (CLUSTER.md).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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
class Subscriptions {
 public:
  virtual ~Subscriptions() = default;
  virtual SubscriptionId subscribe_timeseries(const model::EntityId& entity,
                                              TimeseriesListener listener) = 0;
  virtual SubscriptionId subscribe_attributes(const model::EntityId& entity,
                                              AttributeListener listener) = 0;
  // Removes a subscription (no effect for an unknown id).
  virtual void unsubscribe(SubscriptionId id) = 0;

  virtual void publish_timeseries(const model::EntityId& entity,
                                  const std::vector<model::TsKv>& points) = 0;
  virtual void publish_attributes(const model::EntityId& entity, model::AttributeScope scope,
                                  const std::vector<model::AttributeKv>& updated,
                                  const std::vector<std::string>& deleted) = 0;
};

}  // namespace pacificsoft::telemetry
