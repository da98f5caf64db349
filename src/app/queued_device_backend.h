// The transports' backend in the monolith: uplinks become rule-engine messages appended to the
// durable queue (acknowledged once the append is on disk; the rule engine's consumer stores
// them); reads and shared-attribute subscriptions go to the telemetry service.
#pragma once

#include "model/msg.h"
#include "queue/msg_producer.h"
#include "telemetry/device_activity.h"
#include "telemetry/telemetry_service.h"
#include "transport/client_rpc_calls.h"
#include "transport/device_backend.h"

namespace pacificsoft::app {

// Thread-safe (the services are).
class QueuedDeviceBackend final : public transport::DeviceBackend {
 public:
  // A partition more than max_backlog records behind refuses new messages (TooManyRequests):
  // devices are told to slow down at the edge instead of the queue growing without bound.
  QueuedDeviceBackend(queue::MsgProducer& producer, std::uint64_t max_backlog,
                      transport::ClientRpcCalls& client_rpcs,
                      telemetry::TelemetryService& telemetry, telemetry::DeviceActivity& activity)
      : producer_(producer),
        max_backlog_(max_backlog),
        client_rpcs_(client_rpcs),
        telemetry_(telemetry),
        activity_(activity) {}

  void post_telemetry(const auth::DeviceIdentity& device, std::vector<model::TsKv> points,
                      transport::Accepted accepted) override;
  void post_attributes(const auth::DeviceIdentity& device, model::KeyValues values,
                       transport::Accepted accepted) override;
  void post_client_rpc(const auth::DeviceIdentity& device, transport::ClientRpcRequest request,
                       transport::ClientRpcReply reply) override;
  // Answers before it returns: the attribute store is in this process.
  void read_attributes(const auth::DeviceIdentity& device,
                       const transport::AttributeRequest& request,
                       transport::AttributesRead done) override;
  std::uint64_t subscribe_shared_attributes(const auth::DeviceIdentity& device,
                                            transport::SharedAttributeListener listener) override;
  void unsubscribe_shared_attributes(std::uint64_t subscription) override;
  void report_activity(const auth::DeviceIdentity& device, transport::ActivityEvent event) override;

  // A device state event (CONNECT_EVENT, ACTIVITY_EVENT, ...) for the rule engine; nobody waits
  // for it, so a failed append is only logged.
  void post_event(const auth::DeviceIdentity& device, std::string_view type);

 private:
  void post(const std::vector<model::Msg>& msgs, transport::Accepted accepted);

  queue::MsgProducer& producer_;
  const std::uint64_t max_backlog_;
  transport::ClientRpcCalls& client_rpcs_;
  telemetry::TelemetryService& telemetry_;
  telemetry::DeviceActivity& activity_;
};

}  // namespace pacificsoft::app
