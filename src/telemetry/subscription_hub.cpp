// Subscriber registry by entity.
#include "telemetry/subscription_hub.h"

#include <algorithm>

namespace pacificsoft::telemetry {

SubscriptionId SubscriptionHub::subscribe_timeseries(const model::EntityId& entity,
                                                     TimeseriesListener listener) {
  return add(entity, Subscription{0, std::move(listener), nullptr});
}

SubscriptionId SubscriptionHub::subscribe_attributes(const model::EntityId& entity,
                                                     AttributeListener listener) {
  return add(entity, Subscription{0, nullptr, std::move(listener)});
}

SubscriptionId SubscriptionHub::add(const model::EntityId& entity, Subscription subscription) {
  std::lock_guard lock(mutex_);
  subscription.id = next_id_++;
  EntityKey key{entity.type, entity.id};
  SubscriptionId id = subscription.id;
  by_entity_[key].push_back(std::make_shared<const Subscription>(std::move(subscription)));
  entity_of_[id] = key;
  return id;
}

void SubscriptionHub::unsubscribe(SubscriptionId id) {
  std::lock_guard lock(mutex_);
  auto found = entity_of_.find(id);
  if (found == entity_of_.end()) return;
  auto entity = by_entity_.find(found->second);
  if (entity != by_entity_.end()) {
    auto& list = entity->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [id](const auto& subscription) { return subscription->id == id; }),
               list.end());
    if (list.empty()) by_entity_.erase(entity);
  }
  entity_of_.erase(found);
}

SubscriptionHub::Subscribers SubscriptionHub::subscribers_of(const model::EntityId& entity) const {
  std::lock_guard lock(mutex_);
  auto found = by_entity_.find(EntityKey{entity.type, entity.id});
  return found == by_entity_.end() ? Subscribers{} : found->second;
}

void SubscriptionHub::publish_timeseries(const model::EntityId& entity,
                                         const std::vector<model::TsKv>& points) {
  for (const auto& subscription : subscribers_of(entity)) {
    if (subscription->on_timeseries) subscription->on_timeseries(points);
  }
}

void SubscriptionHub::publish_attributes(const model::EntityId& entity, model::AttributeScope scope,
                                         const std::vector<model::AttributeKv>& updated,
                                         const std::vector<std::string>& deleted) {
  for (const auto& subscription : subscribers_of(entity)) {
    if (subscription->on_attributes) subscription->on_attributes(scope, updated, deleted);
  }
}

std::size_t SubscriptionHub::subscription_count() const {
  std::lock_guard lock(mutex_);
  return entity_of_.size();
}

}  // namespace pacificsoft::telemetry
