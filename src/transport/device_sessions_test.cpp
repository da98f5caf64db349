#include "transport/device_sessions.h"

#include <gtest/gtest.h>

namespace pacificsoft::transport {
namespace {

class CountingSession final : public TakeOverTarget {
 public:
  void taken_over() override { ++taken_over_count; }
  int taken_over_count = 0;
};

TEST(LocalDeviceSessionsTest, ANewerSessionTakesOverTheOlderOneOfTheSameDeviceOnly) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto older = std::make_shared<CountingSession>();
  auto other_device = std::make_shared<CountingSession>();
  sessions.claim(device, older);
  sessions.claim(Uuid::random(), other_device);
  auto newer = std::make_shared<CountingSession>();
  sessions.claim(device, newer);
  EXPECT_EQ(older->taken_over_count, 1);
  EXPECT_EQ(other_device->taken_over_count, 0);
  EXPECT_EQ(newer->taken_over_count, 0);
}

TEST(LocalDeviceSessionsTest, TheOlderSessionsReleaseLeavesTheNewerOneLive) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto older = std::make_shared<CountingSession>();
  auto newer = std::make_shared<CountingSession>();
  sessions.claim(device, older);
  sessions.claim(device, newer);
  sessions.release(device, older.get());
  sessions.claim(device, std::make_shared<CountingSession>());
  EXPECT_EQ(newer->taken_over_count, 1);
}

TEST(LocalDeviceSessionsTest, AReleasedOrVanishedSessionIsNotTakenOver) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto released = std::make_shared<CountingSession>();
  sessions.claim(device, released);
  sessions.release(device, released.get());
  sessions.claim(device, std::make_shared<CountingSession>());  // gone at once
  sessions.claim(device, std::make_shared<CountingSession>());
  EXPECT_EQ(released->taken_over_count, 0);
}

}  // namespace
}  // namespace pacificsoft::transport
