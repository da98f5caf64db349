// The gateway API on a gateway's MQTT session: its child devices' connects, telemetry,
// attributes, attribute requests and RPC on v1/gateway/*. Children are created on first sight
// (DeviceDirectory) and each gets shared-attribute updates and RPC through the gateway. The
// gateway's publishes are handled in the order they came, also while a child is looked up.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

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
  struct Waiting {
    Uplink kind;
    boost::json::object payload;
    PublishDone done;
    bool looked_up = false;  // its children's lookups went out
  };

  void handle_waiting();
  // Asks the directory for the children of `publish` not known yet, once; true while any
  // lookup is still out (the answer resumes handle_waiting).
  bool look_up_children(Waiting& publish);
  static std::vector<std::pair<std::string, std::string>> children_named(const Waiting& publish);
  void add_child(const std::string& name, const Result<auth::DeviceIdentity>& identity);
  void handle(Uplink kind, const boost::json::object& payload, PublishDone done);
  // A known child (its activity noted); nullptr for names never seen or refused.
  std::shared_ptr<GatewayChild> child(std::string_view name);
  void disconnect_child(std::string_view name);
  // A child whose session ended (taken over, or the device changed).
  void forget_child(GatewayChild* child);
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
  std::deque<Waiting> waiting_;  // the front one is handled next
  int lookups_out_ = 0;          // the front one's lookups not answered yet
};

}  // namespace pacificsoft::transport::mqtt::detail
