// The gateway API on a gateway's MQTT session: its child devices' connects, telemetry,
// attributes, attribute requests and RPC on v1/gateway/*. Children are created on first sight
// (DeviceDirectory) and each gets shared-attribute updates and RPC through the gateway.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "transport/device_directory.h"
#include "transport/mqtt/internal/device_session.h"

namespace pacificsoft::transport::mqtt::detail {

class GatewayChild;

// Lives on its connection's executor, like the DeviceSession that owns it.
class GatewaySession {
 public:
  GatewaySession(DeviceApiContext& context, const auth::DeviceIdentity& gateway,
                 std::shared_ptr<MqttPeer> peer);
  ~GatewaySession();
  GatewaySession(const GatewaySession&) = delete;
  GatewaySession& operator=(const GatewaySession&) = delete;

  void on_publish(Uplink kind, const Publish& publish, PublishDone done);
  void set_downlink_qos(Downlink kind, std::uint8_t qos);
  // Disconnects every child (the gateway's connection closed).
  void close();

 private:
  std::shared_ptr<GatewayChild> child(std::string_view name, std::string_view type = {});
  void disconnect_child(std::string_view name);
  void post_telemetry(const boost::json::object& payload, PublishDone done);
  void post_attributes(const boost::json::object& payload, PublishDone done);
  void answer_attribute_request(const boost::json::object& request);
  void take_rpc_reply(const boost::json::object& reply);

  DeviceApiContext& context_;
  const auth::DeviceIdentity gateway_;
  const std::shared_ptr<MqttPeer> peer_;
  std::shared_ptr<std::atomic<std::uint8_t>> attribute_qos_;
  std::shared_ptr<std::atomic<std::uint8_t>> rpc_qos_;
  std::unordered_map<std::string, std::shared_ptr<GatewayChild>> children_;
};

}  // namespace pacificsoft::transport::mqtt::detail
