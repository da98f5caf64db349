// A provisioning connection (CONNECT with user name or client id "provision"): it may publish
// /provision/request and subscribe to /provision/response, nothing else.
#pragma once

#include <atomic>
#include <memory>

#include "transport/device_directory.h"
#include "transport/mqtt/mqtt_session.h"

namespace pacificsoft::transport::mqtt::detail {

class ProvisionSession final : public MqttSession {
 public:
  ProvisionSession(DeviceDirectory& directory, std::shared_ptr<MqttPeer> peer)
      : directory_(directory), peer_(std::move(peer)) {}

  void on_publish(Publish& publish, PublishDone done) override;
  Reason on_subscribe(const Subscription& subscription) override;
  void on_unsubscribe(const std::string&) override {}
  void on_ping() override {}
  void on_close() override {}

 private:
  DeviceDirectory& directory_;
  const std::shared_ptr<MqttPeer> peer_;
  std::uint8_t response_qos_ = 1;
};

}  // namespace pacificsoft::transport::mqtt::detail
