// Device messages straight to the telemetry service, as the reference's default root chain would
// save them (telemetry, client-side attributes). Replaced by the durable queue and the rule engine
// when they land; acknowledgement already waits for the durable write.
#pragma once

#include "telemetry/telemetry_service.h"
#include "transport/device_message_sink.h"

namespace pacificsoft::app {

// Thread-safe (the telemetry service is).
class DirectTelemetrySink final : public transport::DeviceMessageSink {
 public:
  explicit DirectTelemetrySink(telemetry::TelemetryService& telemetry) : telemetry_(telemetry) {}

  void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                      transport::Accepted accepted) override {
    telemetry_.save_timeseries({model::EntityType::kDevice, device.device_id}, std::move(points), 0,
                               std::move(accepted));
  }

  void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                       transport::Accepted accepted) override {
    telemetry_.save_attributes({model::EntityType::kDevice, device.device_id},
                               model::AttributeScope::kClient, values, std::move(accepted));
  }

 private:
  telemetry::TelemetryService& telemetry_;
};

}  // namespace pacificsoft::app
