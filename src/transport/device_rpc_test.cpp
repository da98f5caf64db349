#include "transport/device_rpc.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

namespace pacificsoft::transport {
namespace {

using namespace std::chrono_literals;

// Records what it is given and answers delivery as told.
class FakeReceiver final : public RpcReceiver {
 public:
  explicit FakeReceiver(bool accept = true) : accept_(accept) {}
  void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) override {
    {
      std::lock_guard lock(mutex_);
      received_.push_back(request);
    }
    delivered(accept_);
    arrived_.set_value();
  }
  std::future<void> arrival() { return arrived_.get_future(); }
  std::vector<DeviceRpcRequest> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  bool accept_;
  std::mutex mutex_;
  std::vector<DeviceRpcRequest> received_;
  std::promise<void> arrived_;
};

struct Outcome {
  std::promise<RpcResult> promise;
  RpcDone done() {
    return [this](RpcResult result) { promise.set_value(std::move(result)); };
  }
  RpcResult get() {
    auto future = promise.get_future();
    EXPECT_EQ(future.wait_for(5s), std::future_status::ready);
    return future.get();
  }
};

model::RpcCall call(const Uuid& device, bool oneway, std::chrono::milliseconds timeout = 2s) {
  return model::RpcCall{device, "setGpio", R"({"pin":1})", oneway, timeout};
}

TEST(DeviceRpcRouterTest, OneWayCallWaitsForASessionAndEndsOnDelivery) {
  LocalDeviceRpcRouter router;
  const Uuid device = Uuid::random();
  Outcome outcome;
  router.send(call(device, true), outcome.done());
  auto receiver = std::make_shared<FakeReceiver>();
  router.attach(device, receiver);
  RpcResult result = outcome.get();
  EXPECT_EQ(result.outcome, RpcOutcome::kDelivered);
  EXPECT_TRUE(result.reached_session);
  ASSERT_EQ(receiver->received().size(), 1u);
  EXPECT_EQ(receiver->received()[0].method, "setGpio");
  EXPECT_EQ(receiver->received()[0].params_json, R"({"pin":1})");
}

TEST(DeviceRpcRouterTest, TwoWayCallEndsWithTheReplyToItsId) {
  LocalDeviceRpcRouter router;
  const Uuid device = Uuid::random();
  auto receiver = std::make_shared<FakeReceiver>();
  router.attach(device, receiver);
  Outcome outcome;
  router.send(call(device, false), outcome.done());
  receiver->arrival().wait();
  const std::int32_t id = receiver->received()[0].id;
  router.reply(device, id + 1000, "ignored: unknown id");
  router.reply(device, id, R"({"ok":true})");
  RpcResult result = outcome.get();
  EXPECT_EQ(result.outcome, RpcOutcome::kReplied);
  EXPECT_EQ(result.reply, R"({"ok":true})");
}

TEST(DeviceRpcRouterTest, TimesOutAndTellsWhetherASessionTookIt) {
  LocalDeviceRpcRouter router;
  Outcome offline;
  router.send(call(Uuid::random(), false, 50ms), offline.done());
  RpcResult result = offline.get();
  EXPECT_EQ(result.outcome, RpcOutcome::kTimedOut);
  EXPECT_FALSE(result.reached_session);

  const Uuid device = Uuid::random();
  auto receiver = std::make_shared<FakeReceiver>();  // held: the router keeps it weakly
  router.attach(device, receiver);
  Outcome silent;
  router.send(call(device, false, 50ms), silent.done());
  result = silent.get();
  EXPECT_EQ(result.outcome, RpcOutcome::kTimedOut);
  EXPECT_TRUE(result.reached_session);
}

TEST(DeviceRpcRouterTest, UndeliveredCallGoesToTheNextSession) {
  LocalDeviceRpcRouter router;
  const Uuid device = Uuid::random();
  auto failing = std::make_shared<FakeReceiver>(false);
  router.attach(device, failing);
  Outcome outcome;
  router.send(call(device, true), outcome.done());
  failing->arrival().wait();
  router.detach(device, failing.get());
  auto working = std::make_shared<FakeReceiver>();
  router.attach(device, working);
  EXPECT_EQ(outcome.get().outcome, RpcOutcome::kDelivered);
  EXPECT_EQ(working->received().size(), 1u);
}

TEST(DeviceRpcRouterTest, PendingCallsEndWhenTheRouterStops) {
  Outcome outcome;
  {
    LocalDeviceRpcRouter router;
    router.send(call(Uuid::random(), false, 60s), outcome.done());
  }
  EXPECT_EQ(outcome.get().outcome, RpcOutcome::kShutdown);
}

}  // namespace
}  // namespace pacificsoft::transport
