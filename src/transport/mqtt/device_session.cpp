#include "transport/mqtt/internal/device_session.h"

#include "common/json.h"
#include "common/log.h"
#include "transport/device_payloads.h"
#include "transport/mqtt/internal/gateway_session.h"

namespace pacificsoft::transport::mqtt::detail {

namespace {

// A backend's refusal in MQTT terms.
Reason reason_for(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return Reason::kSuccess;
    case ErrorCode::kInvalidArgument:
      return Reason::kPayloadFormatInvalid;
    case ErrorCode::kTooManyRequests:
      return Reason::kMessageRateTooHigh;
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnauthenticated:
      return Reason::kNotAuthorized;
    case ErrorCode::kUnavailable:
      return Reason::kServerUnavailable;
    default:
      return Reason::kImplementationSpecificError;
  }
}

Accepted answer_with(PublishDone done) {
  return [done = std::move(done)](const Status& status) { done(reason_for(status)); };
}

Reason granted(std::uint8_t qos) { return qos == 0 ? Reason::kSuccess : Reason::kGrantedQos1; }

}  // namespace

DeviceSession::DeviceSession(DeviceApiContext& context, auth::DeviceIdentity device,
                             std::shared_ptr<MqttPeer> peer)
    : context_(context), device_(std::move(device)), peer_(std::move(peer)) {
  if (device_.gateway) gateway_ = std::make_unique<GatewaySession>(context_, device_, peer_);
}

DeviceSession::~DeviceSession() = default;

namespace {

bool is_gateway_uplink(Uplink kind) {
  switch (kind) {
    case Uplink::kGatewayConnect:
    case Uplink::kGatewayDisconnect:
    case Uplink::kGatewayTelemetry:
    case Uplink::kGatewayAttributes:
    case Uplink::kGatewayAttributeRequest:
    case Uplink::kGatewayRpc:
    case Uplink::kGatewayClaim:
      return true;
    default:
      return false;
  }
}

}  // namespace

void DeviceSession::on_publish(Publish& publish, PublishDone done) {
  context_.backend.report_activity(device_, ActivityEvent::kActivity);
  if (!context_.limits.allow_message(device_.device_id, device_.tenant_id)) {
    spdlog::info("mqtt device {}: message rate limit exceeded", device_.name);
    done(Reason::kMessageRateTooHigh);
    return;
  }
  auto topic = parse_uplink_topic(publish.topic);
  if (!topic) {
    spdlog::debug("mqtt device {}: publish to unknown topic '{}'", device_.name, publish.topic);
    done(Reason::kTopicNameInvalid);
    return;
  }
  switch (topic->kind) {
    case Uplink::kTelemetry:
      post_telemetry(publish, std::move(done));
      return;
    case Uplink::kAttributes:
      post_attributes(publish, std::move(done));
      return;
    case Uplink::kAttributeRequest:
      answer_attribute_request(*topic, publish, done);
      return;
    case Uplink::kRpcResponse:
      take_rpc_response(*topic, publish, done);
      return;
    case Uplink::kRpcRequest:
      take_client_rpc(*topic, publish, done);
      return;
    default:
      if (gateway_ && is_gateway_uplink(topic->kind)) {
        gateway_->on_publish(topic->kind, publish, std::move(done));
        return;
      }
      done(Reason::kTopicNameInvalid);  // claiming and provisioning are not spoken here
      return;
  }
}

void DeviceSession::post_telemetry(const Publish& publish, PublishDone done) {
  auto points =
      model::parse_telemetry(publish.payload, context_.clock.now_ms(), model::NullValues::kSkip);
  if (!points) {
    spdlog::info("mqtt device {}: bad telemetry refused: {}", device_.name,
                 points.status().message());
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  context_.backend.post_telemetry(device_, std::move(*points), answer_with(std::move(done)));
}

void DeviceSession::post_attributes(const Publish& publish, PublishDone done) {
  auto values = model::parse_attributes(publish.payload, model::NullValues::kSkip);
  if (!values) {
    spdlog::info("mqtt device {}: bad attributes refused: {}", device_.name,
                 values.status().message());
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  context_.backend.post_attributes(device_, std::move(*values), answer_with(std::move(done)));
}

void DeviceSession::answer_attribute_request(const UplinkTopic& topic, const Publish& publish,
                                             const PublishDone& done) {
  auto id = parse_request_id(topic.request_id);
  auto request = parse_attribute_request(publish.payload);
  if (!id || !request) {
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  context_.backend.read_attributes(
      device_, *request,
      [peer = peer_,
       response_topic = downlink_topic(Downlink::kAttributeResponses, topic.family, *id),
       qos = attribute_responses_.qos.load(), done](Result<DeviceAttributes> attributes) {
        if (!attributes) {
          done(reason_for(attributes.status()));
          return;
        }
        peer->publish(response_topic, attribute_response_json(*attributes), qos, nullptr);
        done(Reason::kSuccess);
      });
}

void DeviceSession::take_rpc_response(const UplinkTopic& topic, const Publish& publish,
                                      const PublishDone& done) {
  auto id = parse_request_id(topic.request_id);
  if (!id) {
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  context_.rpc.reply(device_.device_id, *id, publish.payload);
  done(Reason::kSuccess);
}

void DeviceSession::take_client_rpc(const UplinkTopic& topic, const Publish& publish,
                                    const PublishDone& done) {
  auto id = parse_request_id(topic.request_id);
  auto request = parse_client_rpc(publish.payload);
  if (!id || !request) {
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  std::string reply_topic = downlink_topic(Downlink::kRpcResponses, topic.family, *id);
  std::uint8_t qos = rpc_responses_.qos;
  if (request->method == "getSessionLimits" && topic.family == TopicFamily::kV1) {
    peer_->publish(reply_topic, session_limits_json(), qos, nullptr);  // the transport's own
    done(Reason::kSuccess);
    return;
  }
  context_.backend.post_client_rpc(
      device_, std::move(*request),
      [peer = peer_, reply_topic = std::move(reply_topic), qos](Result<std::string> reply) {
        peer->publish(reply_topic, client_rpc_reply_json(std::move(reply)), qos, nullptr);
      });
  done(Reason::kSuccess);
}

// The reference's answer to getSessionLimits; rate limits in their configured text form.
std::string DeviceSession::session_limits_json() const {
  const DeviceLimitOptions& limits = context_.limits.options();
  boost::json::object rates{{"messages", limits.device_messages.text},
                            {"telemetryMessages", limits.device_messages.text},
                            {"telemetryDataPoints", ""}};
  boost::json::object answer{{"maxPayloadSize", context_.options.max_payload_size},
                             {"maxInflightMessages", context_.options.max_inflight},
                             {"rateLimits", rates}};
  if (device_.gateway) answer["gatewayRateLimits"] = rates;
  return json::serialize(answer);
}

Reason DeviceSession::on_subscribe(const Subscription& subscription) {
  context_.backend.report_activity(device_, ActivityEvent::kActivity);
  auto filter = parse_downlink_filter(subscription.filter);
  if (!filter) return Reason::kTopicFilterInvalid;
  const std::uint8_t qos = std::min<std::uint8_t>(subscription.qos, 1);
  switch (filter->kind) {
    case Downlink::kAttributeUpdates:
      subscribe_shared_attributes(filter->family, qos);
      break;
    case Downlink::kAttributeResponses:
      attribute_responses_.family = filter->family;
      attribute_responses_.qos = qos;
      break;
    case Downlink::kRpcRequests:
      rpc_requests_.family = filter->family;
      rpc_requests_.qos = qos;
      if (!rpc_attached_) {
        rpc_attached_ = true;
        context_.rpc.attach(device_.device_id, weak_from_this());
      }
      break;
    case Downlink::kRpcResponses:
      rpc_responses_.family = filter->family;
      rpc_responses_.qos = qos;
      break;
    case Downlink::kGatewayAttributeUpdates:
    case Downlink::kGatewayAttributeResponses:
    case Downlink::kGatewayRpc:
      if (!gateway_) return Reason::kTopicFilterInvalid;
      gateway_->set_downlink_qos(filter->kind, qos);
      break;
    default:  // provisioning belongs to provisioning sessions
      return Reason::kTopicFilterInvalid;
  }
  return granted(qos);
}

void DeviceSession::on_unsubscribe(const std::string& filter) {
  auto known = parse_downlink_filter(filter);
  if (!known) return;
  if (known->kind == Downlink::kAttributeUpdates) stop_shared_attributes();
  if (known->kind == Downlink::kRpcRequests && rpc_attached_) {
    rpc_attached_ = false;
    context_.rpc.detach(device_.device_id, this);
  }
}

void DeviceSession::subscribe_shared_attributes(TopicFamily family, std::uint8_t qos) {
  attributes_.family = family;
  attributes_.qos = qos;
  if (shared_subscription_ != 0) return;
  shared_subscription_ = context_.backend.subscribe_shared_attributes(
      device_, [weak = weak_from_this()](const SharedAttributeUpdate& update) {
        auto self = weak.lock();
        if (!self) return;
        self->peer_->publish(downlink_topic(Downlink::kAttributeUpdates, self->attributes_.family),
                             shared_update_json(update), self->attributes_.qos, nullptr);
      });
}

void DeviceSession::stop_shared_attributes() {
  if (shared_subscription_ == 0) return;
  context_.backend.unsubscribe_shared_attributes(shared_subscription_);
  shared_subscription_ = 0;
}

void DeviceSession::on_ping() {
  context_.backend.report_activity(device_, ActivityEvent::kActivity);
}

void DeviceSession::on_close() {
  if (gateway_) gateway_->close();
  stop_shared_attributes();
  if (rpc_attached_) context_.rpc.detach(device_.device_id, this);
  rpc_attached_ = false;
  context_.sessions.release(device_.device_id, this);
  context_.limits.close_connection(device_.tenant_id);
  context_.backend.report_activity(device_, ActivityEvent::kDisconnected);
}

void DeviceSession::end(SessionEnd why) {
  peer_->disconnect(why == SessionEnd::kTakenOver ? Reason::kSessionTakenOver
                                                  : Reason::kAdministrativeAction);
}

void DeviceSession::deliver(const DeviceRpcRequest& request, RpcDelivered delivered) {
  peer_->publish(downlink_topic(Downlink::kRpcRequests, rpc_requests_.family, request.id),
                 rpc_request_json(request, false), rpc_requests_.qos, std::move(delivered));
}

}  // namespace pacificsoft::transport::mqtt::detail
