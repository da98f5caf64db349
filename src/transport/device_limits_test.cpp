#include "transport/device_limits.h"

#include <gtest/gtest.h>

namespace pacificsoft::transport {
namespace {

DeviceLimitOptions limits(std::string_view device, std::string_view tenant,
                          std::int64_t connections = 0) {
  return {*RateLimit::parse(device), *RateLimit::parse(tenant), connections};
}

TEST(RateLimitTest, ParsesTheReferenceForm) {
  auto limit = RateLimit::parse("200:1, 6000:60");
  ASSERT_TRUE(limit);
  ASSERT_EQ(limit->bands.size(), 2u);
  EXPECT_EQ(limit->bands[1].capacity, 6000);
  EXPECT_EQ(limit->bands[1].period_ms, 60000);
  EXPECT_TRUE(RateLimit::parse("")->bands.empty());
  for (auto bad : {"200", "200:0", "a:1", "1:1,x", "-5:1"}) {
    EXPECT_FALSE(RateLimit::parse(bad)) << bad;
  }
}

TEST(DeviceLimitsTest, EachDeviceHasItsOwnBucketRefilledOverTime) {
  ManualClock clock(1'000'000);
  LocalDeviceLimits device_limits(limits("2:1", ""), clock);
  const Uuid tenant = Uuid::random();
  const Uuid noisy = Uuid::random();
  const Uuid quiet = Uuid::random();
  EXPECT_TRUE(device_limits.allow_message(noisy, tenant));
  EXPECT_TRUE(device_limits.allow_message(noisy, tenant));
  EXPECT_FALSE(device_limits.allow_message(noisy, tenant));
  EXPECT_TRUE(device_limits.allow_message(quiet, tenant)) << "another device is unaffected";
  clock.advance_ms(500);  // half the period refills half the capacity
  EXPECT_TRUE(device_limits.allow_message(noisy, tenant));
  EXPECT_FALSE(device_limits.allow_message(noisy, tenant));
}

TEST(DeviceLimitsTest, TenantBucketIsSharedByItsDevices) {
  ManualClock clock(1'000'000);
  LocalDeviceLimits device_limits(limits("", "3:60"), clock);
  const Uuid tenant = Uuid::random();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(device_limits.allow_message(Uuid::random(), tenant));
  EXPECT_FALSE(device_limits.allow_message(Uuid::random(), tenant));
  EXPECT_TRUE(device_limits.allow_message(Uuid::random(), Uuid::random())) << "other tenant";
}

TEST(DeviceLimitsTest, TenantConnectionsAreCounted) {
  ManualClock clock(0);
  LocalDeviceLimits device_limits(limits("", "", 2), clock);
  const Uuid tenant = Uuid::random();
  EXPECT_TRUE(device_limits.open_connection(tenant));
  EXPECT_TRUE(device_limits.open_connection(tenant));
  EXPECT_FALSE(device_limits.open_connection(tenant));
  device_limits.close_connection(tenant);
  EXPECT_TRUE(device_limits.open_connection(tenant));
}

TEST(DeviceLimitsTest, NoLimitsConfiguredAllowsEverything) {
  ManualClock clock(0);
  LocalDeviceLimits device_limits(limits("", ""), clock);
  const Uuid device = Uuid::random();
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(device_limits.allow_message(device, device));
}

}  // namespace
}  // namespace pacificsoft::transport
