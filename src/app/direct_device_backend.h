// The transports' backend wired straight to the telemetry service, doing what the reference's
// default root chain does with device messages (save time series, save client attributes).
// Replaced by the durable queue and the rule engine when they land; acknowledgement already
// waits for the durable write.
#pragma once

#include "telemetry/device_activity.h"
#include "telemetry/telemetry_service.h"
#include "transport/device_backend.h"

namespace pacificsoft::app {

// Thread-safe (the services are).
class DirectDeviceBackend final : public transport::DeviceBackend {
 public:
  DirectDeviceBackend(telemetry::TelemetryService& telemetry, telemetry::DeviceActivity& activity)
      : telemetry_(telemetry), activity_(activity) {}

  void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                      transport::Accepted accepted) override;
  void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                       transport::Accepted accepted) override;
  void post_client_rpc(const auth::DeviceIdentity& device, transport::ClientRpcRequest request,
                       transport::ClientRpcReply reply) override;
  Result<transport::DeviceAttributes> read_attributes(
      const auth::DeviceIdentity& device, const transport::AttributeRequest& request) override;
  std::uint64_t subscribe_shared_attributes(const auth::DeviceIdentity& device,
                                            transport::SharedAttributeListener listener) override;
  void unsubscribe_shared_attributes(std::uint64_t subscription) override;
  void report_activity(const auth::DeviceIdentity& device, transport::ActivityEvent event) override;

 private:
  telemetry::TelemetryService& telemetry_;
  telemetry::DeviceActivity& activity_;
};

}  // namespace pacificsoft::app
