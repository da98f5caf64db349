#include "transport/device_sessions.h"

#include <gtest/gtest.h>

#include <vector>

namespace pacificsoft::transport {
namespace {

class NotedSession final : public LiveSession {
 public:
  explicit NotedSession(Uuid tenant = Uuid::random()) : tenant_(tenant) {}
  const Uuid& tenant_id() const override { return tenant_; }
  void end(SessionEnd why) override { ends.push_back(why); }
  std::vector<SessionEnd> ends;

 private:
  const Uuid tenant_;
};

TEST(LocalDeviceSessionsTest, ANewerSessionTakesOverTheOlderOneOfTheSameDeviceOnly) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto older = std::make_shared<NotedSession>();
  auto other_device = std::make_shared<NotedSession>();
  sessions.claim(device, older);
  sessions.claim(Uuid::random(), other_device);
  auto newer = std::make_shared<NotedSession>();
  sessions.claim(device, newer);
  EXPECT_EQ(older->ends, std::vector<SessionEnd>{SessionEnd::kTakenOver});
  EXPECT_TRUE(other_device->ends.empty());
  EXPECT_TRUE(newer->ends.empty());
}

TEST(LocalDeviceSessionsTest, TheOlderSessionsReleaseLeavesTheNewerOneLive) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto older = std::make_shared<NotedSession>();
  auto newer = std::make_shared<NotedSession>();
  sessions.claim(device, older);
  sessions.claim(device, newer);
  sessions.release(device, older.get());
  sessions.claim(device, std::make_shared<NotedSession>());
  EXPECT_EQ(newer->ends, std::vector<SessionEnd>{SessionEnd::kTakenOver});
}

TEST(LocalDeviceSessionsTest, AReleasedOrVanishedSessionIsNotEnded) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto released = std::make_shared<NotedSession>();
  sessions.claim(device, released);
  sessions.release(device, released.get());
  sessions.claim(device, std::make_shared<NotedSession>());  // gone at once
  sessions.claim(device, std::make_shared<NotedSession>());
  sessions.end_device(device);
  EXPECT_TRUE(released->ends.empty());
}

TEST(LocalDeviceSessionsTest, AChangedDevicesSessionEndsAndTheDeviceHasNoneAfterwards) {
  LocalDeviceSessions sessions;
  const Uuid device = Uuid::random();
  auto session = std::make_shared<NotedSession>();
  auto other = std::make_shared<NotedSession>();
  sessions.claim(device, session);
  sessions.claim(Uuid::random(), other);
  sessions.end_device(device);
  EXPECT_EQ(session->ends, std::vector<SessionEnd>{SessionEnd::kDeviceChanged});
  sessions.claim(device, std::make_shared<NotedSession>());
  EXPECT_EQ(session->ends.size(), 1U) << "no longer the device's session to take over";
  EXPECT_TRUE(other->ends.empty());
}

TEST(LocalDeviceSessionsTest, ADeletedTenantsSessionsEndAndOtherTenantsKeepTheirs) {
  LocalDeviceSessions sessions;
  const Uuid tenant = Uuid::random();
  auto first = std::make_shared<NotedSession>(tenant);
  auto second = std::make_shared<NotedSession>(tenant);
  auto other = std::make_shared<NotedSession>();
  sessions.claim(Uuid::random(), first);
  sessions.claim(Uuid::random(), second);
  sessions.claim(Uuid::random(), other);
  sessions.end_tenant(tenant);
  EXPECT_EQ(first->ends, std::vector<SessionEnd>{SessionEnd::kDeviceChanged});
  EXPECT_EQ(second->ends, std::vector<SessionEnd>{SessionEnd::kDeviceChanged});
  EXPECT_TRUE(other->ends.empty());
}

}  // namespace
}  // namespace pacificsoft::transport
