// One device's MQTT session: its topics mapped onto the DeviceBackend and the RPC router.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "transport/device_services.h"
#include "transport/mqtt/mqtt_device_api.h"
#include "transport/mqtt/mqtt_topics.h"

namespace pacificsoft::transport::mqtt::detail {

class GatewaySession;

// What every device session of a server shares.
struct DeviceApiContext : DeviceServices {
  MqttDeviceOptions options;
};

class DeviceSession final : public MqttSession,
                            public RpcReceiver,
                            public LiveSession,
                            public std::enable_shared_from_this<DeviceSession> {
 public:
  DeviceSession(DeviceApiContext& context, auth::DeviceIdentity device,
                std::shared_ptr<MqttPeer> peer);
  ~DeviceSession() override;

  void on_publish(Publish& publish, PublishDone done) override;
  Reason on_subscribe(const Subscription& subscription) override;
  void on_unsubscribe(const std::string& filter) override;
  void on_ping() override;
  void on_close() override;

  void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) override;
  const Uuid& tenant_id() const override { return device_.tenant_id; }
  // v5 peers are told why: "session taken over", or "administrative action" (as the reference).
  void end(SessionEnd why) override;

 private:
  void post_telemetry(const Publish& publish, PublishDone done);
  void post_attributes(const Publish& publish, PublishDone done);
  void answer_attribute_request(const UplinkTopic& topic, const Publish& publish,
                                const PublishDone& done);
  void take_rpc_response(const UplinkTopic& topic, const Publish& publish, const PublishDone& done);
  void take_client_rpc(const UplinkTopic& topic, const Publish& publish, const PublishDone& done);
  std::string session_limits_json() const;
  void subscribe_shared_attributes(TopicFamily family, std::uint8_t qos);
  void stop_shared_attributes();

  DeviceApiContext& context_;
  const auth::DeviceIdentity device_;
  const std::shared_ptr<MqttPeer> peer_;
  // The spelling and QoS of each downlink subscription, read from other threads (RPC router,
  // attribute commits).
  struct Downstream {
    std::atomic<TopicFamily> family{TopicFamily::kV1};
    std::atomic<std::uint8_t> qos{1};  // QoS 1 until the device subscribes, as the reference
  };
  Downstream attributes_;
  Downstream attribute_responses_;
  Downstream rpc_requests_;
  Downstream rpc_responses_;
  std::unique_ptr<GatewaySession> gateway_;  // only for gateway devices
  std::uint64_t shared_subscription_ = 0;    // 0: none
  bool rpc_attached_ = false;
};

}  // namespace pacificsoft::transport::mqtt::detail
