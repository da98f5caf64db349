#include "telemetry/subscription_hub.h"

#include <gtest/gtest.h>

namespace pacificsoft::telemetry {
namespace {

model::EntityId device() { return {model::EntityType::kDevice, Uuid::random()}; }

TEST(SubscriptionHubTest, DeliversOnlyToSubscribersOfTheEntity) {
  SubscriptionHub hub;
  auto a = device();
  auto b = device();
  int seen_a = 0;
  int seen_b = 0;
  hub.subscribe_timeseries(a,
                           [&](const auto& points) { seen_a += static_cast<int>(points.size()); });
  hub.subscribe_timeseries(b,
                           [&](const auto& points) { seen_b += static_cast<int>(points.size()); });
  hub.publish_timeseries(a, {{"t", 1, std::int64_t{1}}, {"h", 1, 2.0}});
  EXPECT_EQ(seen_a, 2);
  EXPECT_EQ(seen_b, 0);
}

TEST(SubscriptionHubTest, AttributeAndTimeseriesListenersAreSeparate) {
  SubscriptionHub hub;
  auto entity = device();
  int timeseries = 0;
  std::vector<std::string> deleted;
  hub.subscribe_timeseries(entity, [&](const auto&) { ++timeseries; });
  hub.subscribe_attributes(
      entity, [&](model::AttributeScope, const auto&, const auto& removed) { deleted = removed; });
  hub.publish_attributes(entity, model::AttributeScope::kShared, {}, {"a"});
  EXPECT_EQ(timeseries, 0);
  EXPECT_EQ(deleted, std::vector<std::string>{"a"});
}

TEST(SubscriptionHubTest, UnsubscribeStopsDelivery) {
  SubscriptionHub hub;
  auto entity = device();
  int seen = 0;
  auto id = hub.subscribe_timeseries(entity, [&](const auto&) { ++seen; });
  EXPECT_EQ(hub.subscription_count(), 1u);
  hub.unsubscribe(id);
  hub.unsubscribe(id);  // twice is harmless
  hub.publish_timeseries(entity, {{"t", 1, true}});
  EXPECT_EQ(seen, 0);
  EXPECT_EQ(hub.subscription_count(), 0u);
}

}  // namespace
}  // namespace pacificsoft::telemetry
