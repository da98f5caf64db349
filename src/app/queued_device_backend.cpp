#include "app/queued_device_backend.h"

#include <atomic>
#include <mutex>

#include "common/log.h"
#include "common/status_join.h"
#include "transport/device_msgs.h"

namespace pacificsoft::app {
namespace {

model::EntityId entity_of(const auth::DeviceIdentity& device) {
  return {model::EntityType::kDevice, device.device_id};
}

// The asked keys of one scope: nullopt reads none, an empty list none either (an empty key
// list would mean "all" to the store).
Result<std::vector<model::AttributeKv>> read_scope(
    telemetry::TelemetryService& telemetry, const model::EntityId& entity,
    model::AttributeScope scope, const std::optional<std::vector<std::string>>& keys, bool all) {
  if (all) return telemetry.find_attributes(entity, scope, {});
  if (!keys || keys->empty()) return std::vector<model::AttributeKv>{};
  return telemetry.find_attributes(entity, scope, *keys);
}

}  // namespace

// One acknowledgement for the messages of one device request, once all are durable.
void QueuedDeviceBackend::post(const std::vector<model::Msg>& msgs, transport::Accepted accepted) {
  for (const model::Msg& msg : msgs) {
    if (producer_.rule_engine_backlog(msg.originator.id) >= max_backlog_) {
      accepted(Status(ErrorCode::kTooManyRequests, "the rule engine is behind: try again later"));
      return;
    }
  }
  auto join = StatusJoin::make(std::move(accepted));
  for (const model::Msg& msg : msgs) {
    producer_.to_rule_engine(msg, join->part());
  }
}

void QueuedDeviceBackend::post_telemetry(const auth::DeviceIdentity& device,
                                         std::vector<model::TsKv> points,
                                         transport::Accepted accepted) {
  post(transport::telemetry_msgs(device, points), std::move(accepted));
}

void QueuedDeviceBackend::post_attributes(const auth::DeviceIdentity& device,
                                          model::KeyValues values, transport::Accepted accepted) {
  std::vector<model::Msg> msgs;
  msgs.push_back(transport::attributes_msg(device, values, telemetry_.clock().now_ms()));
  post(msgs, std::move(accepted));
}

// The call waits for a rule chain's "rpc call reply" node, or its time-out.
void QueuedDeviceBackend::post_client_rpc(const auth::DeviceIdentity& device,
                                          transport::ClientRpcRequest request,
                                          transport::ClientRpcReply reply) {
  const std::string key = client_rpcs_.add(std::move(reply));
  std::vector<model::Msg> msgs;
  msgs.push_back(transport::client_rpc_msg(device, request, key, telemetry_.clock().now_ms()));
  post(msgs, [this, key](const Status& status) {
    if (!status) client_rpcs_.complete(key, status);
  });
}

void QueuedDeviceBackend::read_attributes(const auth::DeviceIdentity& device,
                                          const transport::AttributeRequest& request,
                                          transport::AttributesRead done) {
  const bool all = !request.client_keys && !request.shared_keys;
  auto client = read_scope(telemetry_, entity_of(device), model::AttributeScope::kClient,
                           request.client_keys, all);
  if (!client) {
    done(client.status());
    return;
  }
  auto shared = read_scope(telemetry_, entity_of(device), model::AttributeScope::kShared,
                           request.shared_keys, all);
  if (!shared) {
    done(shared.status());
    return;
  }
  done(transport::DeviceAttributes{std::move(*client), std::move(*shared)});
}

std::uint64_t QueuedDeviceBackend::subscribe_shared_attributes(
    const auth::DeviceIdentity& device, transport::SharedAttributeListener listener) {
  return telemetry_.subscribe_attributes(
      entity_of(device),
      [listener = std::move(listener)](model::AttributeScope scope,
                                       const std::vector<model::AttributeKv>& updated,
                                       const std::vector<std::string>& deleted) {
        if (scope == model::AttributeScope::kShared) listener({updated, deleted});
      });
}

void QueuedDeviceBackend::unsubscribe_shared_attributes(std::uint64_t subscription) {
  telemetry_.unsubscribe(subscription);
}

void QueuedDeviceBackend::post_event(const auth::DeviceIdentity& device, std::string_view type) {
  std::vector<model::Msg> msgs;
  msgs.push_back(transport::event_msg(device, type, telemetry_.clock().now_ms()));
  post(msgs, [type](const Status& status) {
    if (!status) spdlog::warn("{} not queued: {}", type, status.to_string());
  });
}

void QueuedDeviceBackend::report_activity(const auth::DeviceIdentity& device,
                                          transport::ActivityEvent event) {
  switch (event) {
    case transport::ActivityEvent::kConnected:
      activity_.connected(device.device_id);
      post_event(device, model::msg_type::kConnectEvent);
      return;
    case transport::ActivityEvent::kDisconnected:
      activity_.disconnected(device.device_id);
      post_event(device, model::msg_type::kDisconnectEvent);
      return;
    case transport::ActivityEvent::kActivity:
      activity_.active(device.device_id);
      return;
  }
}

}  // namespace pacificsoft::app
