#include "transport/mqtt/internal/gateway_session.h"

#include <algorithm>

#include "common/answer_hand_off.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status_join.h"
#include "transport/device_payloads.h"

namespace pacificsoft::transport::mqtt::detail {
namespace bj = boost::json;

namespace {

using Qos = std::shared_ptr<std::atomic<std::uint8_t>>;

// {"device": name, "data": data}: how the gateway API wraps a child's downlink.
std::string for_child(const std::string& name, const std::string& data_json) {
  return "{\"device\":" + json::serialize(bj::string(name)) + ",\"data\":" + data_json + "}";
}

// One PUBACK for a gateway publish, once every child's part is durable (the reference's
// aggregate ack); the first failure decides the reason.
std::shared_ptr<StatusJoin> aggregate_ack(PublishDone done) {
  return StatusJoin::make([done = std::move(done)](const Status& status) {
    if (status) {
      done(Reason::kSuccess);
    } else {
      done(status.code() == ErrorCode::kInvalidArgument ? Reason::kPayloadFormatInvalid
                                                        : Reason::kImplementationSpecificError);
    }
  });
}

// {"id", "device"} completed with "value" (one key asked) or "values".
void publish_attribute_response(MqttPeer& peer, bj::object response,
                                const DeviceAttributes& attributes, bool single) {
  const auto& found = attributes.client.empty() ? attributes.shared : attributes.client;
  if (single) {
    if (!found.empty()) response["value"] = model::value_to_json(found.front().value);
  } else {
    bj::object values;
    for (const auto& attribute : found) {
      values[attribute.key] = model::value_to_json(attribute.value);
    }
    response["values"] = std::move(values);
  }
  peer.publish("v1/gateway/attributes/response", json::serialize(response), 1, nullptr);
}

}  // namespace

// A child's session through its gateway: the device's live session while it lasts.
class GatewayChild final : public RpcReceiver,
                           public LiveSession,
                           public std::enable_shared_from_this<GatewayChild> {
 public:
  // How an ended child leaves its gateway's session; run on the connection's executor.
  using Forget = std::function<void(GatewayChild* child)>;

  GatewayChild(DeviceApiContext& context, auth::DeviceIdentity identity,
               std::shared_ptr<MqttPeer> peer, Qos attribute_qos, Qos rpc_qos, Forget forget)
      : context_(context),
        identity_(std::move(identity)),
        peer_(std::move(peer)),
        attribute_qos_(std::move(attribute_qos)),
        rpc_qos_(std::move(rpc_qos)),
        forget_(std::move(forget)) {}

  const auth::DeviceIdentity& identity() const { return identity_; }

  void start() {
    context_.backend.report_activity(identity_, ActivityEvent::kConnected);
    subscription_ = context_.backend.subscribe_shared_attributes(
        identity_, [weak = weak_from_this()](const SharedAttributeUpdate& update) {
          if (auto self = weak.lock()) {
            self->peer_->publish("v1/gateway/attributes",
                                 for_child(self->identity_.name, shared_update_json(update)),
                                 *self->attribute_qos_, nullptr);
          }
        });
    context_.rpc.attach(identity_.device_id, weak_from_this());
    context_.sessions.claim(identity_.device_id, shared_from_this());
  }

  void stop() {
    context_.sessions.release(identity_.device_id, this);
    context_.backend.unsubscribe_shared_attributes(subscription_);
    context_.rpc.detach(identity_.device_id, this);
    context_.backend.report_activity(identity_, ActivityEvent::kDisconnected);
  }

  void deliver(const DeviceRpcRequest& request, RpcDelivered delivered) override {
    peer_->publish("v1/gateway/rpc", for_child(identity_.name, rpc_request_json(request, true)),
                   *rpc_qos_, std::move(delivered));
  }

  const Uuid& tenant_id() const override { return identity_.tenant_id; }
  // The gateway forgets the child; its next message names it afresh (created again if deleted).
  void end(SessionEnd /*why*/) override {
    peer_->run([self = shared_from_this()] { self->forget_(self.get()); });
  }

 private:
  DeviceApiContext& context_;
  const auth::DeviceIdentity identity_;
  const std::shared_ptr<MqttPeer> peer_;
  const Qos attribute_qos_;
  const Qos rpc_qos_;
  const Forget forget_;
  std::uint64_t subscription_ = 0;
};

GatewaySession::GatewaySession(DeviceApiContext& context, const auth::DeviceIdentity& gateway,
                               std::shared_ptr<MqttPeer> peer)
    : context_(context),
      gateway_(gateway),
      peer_(std::move(peer)),
      attribute_qos_(std::make_shared<std::atomic<std::uint8_t>>(1)),
      rpc_qos_(std::make_shared<std::atomic<std::uint8_t>>(1)) {}

GatewaySession::~GatewaySession() = default;

void GatewaySession::set_downlink_qos(Downlink kind, std::uint8_t qos) {
  if (kind == Downlink::kGatewayAttributeUpdates) *attribute_qos_ = qos;
  if (kind == Downlink::kGatewayRpc) *rpc_qos_ = qos;
}

std::shared_ptr<GatewayChild> GatewaySession::child(std::string_view name) {
  auto found = children_.find(std::string(name));
  if (found == children_.end()) return nullptr;  // empty, or refused by the directory
  context_.backend.report_activity(found->second->identity(), ActivityEvent::kActivity);
  return found->second;
}

// Every child a publish names: the payload's keys for telemetry and attributes, else its
// "device" (with the "type" a connect gives).
std::vector<std::pair<std::string, std::string>> GatewaySession::children_named(
    const Waiting& publish) {
  std::vector<std::pair<std::string, std::string>> named;
  if (publish.kind == Uplink::kGatewayTelemetry || publish.kind == Uplink::kGatewayAttributes) {
    for (const auto& entry : publish.payload) named.emplace_back(entry.key(), "");
  } else if (publish.kind != Uplink::kGatewayDisconnect) {
    named.emplace_back(json::get_string(publish.payload, "device").value_or(""),
                       json::get_string(publish.payload, "type").value_or(""));
  }
  return named;
}

bool GatewaySession::look_up_children(Waiting& publish) {
  if (publish.looked_up) return lookups_out_ > 0;
  publish.looked_up = true;
  for (auto& [name, type] : children_named(publish)) {
    if (name.empty() || children_.contains(name)) continue;
    auto answer = std::make_shared<AnswerHandOff<Result<auth::DeviceIdentity>>>();
    context_.directory.gateway_child(
        gateway_, name, type,
        [this, answer, peer = peer_, name = name](Result<auth::DeviceIdentity> identity) {
          if (answer->offer(identity)) return;
          peer->run([this, name, identity = std::move(identity)] {
            add_child(name, identity);
            --lookups_out_;
            handle_waiting();
          });
        });
    if (auto identity = answer->take([this] { ++lookups_out_; })) add_child(name, *identity);
  }
  return lookups_out_ > 0;
}

void GatewaySession::add_child(const std::string& name,
                               const Result<auth::DeviceIdentity>& identity) {
  if (!identity) {
    spdlog::warn("gateway {}: device '{}' refused: {}", gateway_.name, name,
                 identity.status().message());
    return;
  }
  if (children_.contains(name)) return;  // named twice in one publish
  auto created =
      std::make_shared<GatewayChild>(context_, *identity, peer_, attribute_qos_, rpc_qos_,
                                     [this](GatewayChild* child) { forget_child(child); });
  created->start();
  children_.emplace(name, std::move(created));
}

void GatewaySession::forget_child(GatewayChild* child) {
  auto found = std::find_if(children_.begin(), children_.end(),
                            [child](const auto& entry) { return entry.second.get() == child; });
  if (found == children_.end()) return;  // disconnected meanwhile
  child->stop();
  children_.erase(found);
}

void GatewaySession::disconnect_child(std::string_view name) {
  auto found = children_.find(std::string(name));
  if (found == children_.end()) return;
  found->second->stop();
  children_.erase(found);
}

void GatewaySession::close() {
  waiting_.clear();
  for (auto& [name, child] : children_) child->stop();
  children_.clear();
}

// In order of arrival: a publish naming a child first seen waits, with every publish after it,
// until the directory answered for that child.
void GatewaySession::on_publish(Uplink kind, const Publish& publish, PublishDone done) {
  auto payload = json::parse_object(publish.payload);
  if (!payload) {
    done(Reason::kPayloadFormatInvalid);
    return;
  }
  waiting_.push_back({kind, std::move(*payload), std::move(done)});
  if (waiting_.size() == 1) handle_waiting();
}

void GatewaySession::handle_waiting() {
  while (!waiting_.empty() && !look_up_children(waiting_.front())) {
    Waiting next = std::move(waiting_.front());
    waiting_.pop_front();
    handle(next.kind, next.payload, std::move(next.done));
  }
}

void GatewaySession::handle(Uplink kind, const bj::object& payload, PublishDone done) {
  auto device = json::get_string(payload, "device").value_or("");
  switch (kind) {
    case Uplink::kGatewayConnect:
      if (!child(device)) {
        done(Reason::kPayloadFormatInvalid);
        return;
      }
      break;
    case Uplink::kGatewayDisconnect:
      disconnect_child(device);
      break;
    case Uplink::kGatewayTelemetry:
      post_telemetry(payload, std::move(done));
      return;
    case Uplink::kGatewayAttributes:
      post_attributes(payload, std::move(done));
      return;
    case Uplink::kGatewayAttributeRequest:
      answer_attribute_request(payload);
      break;
    case Uplink::kGatewayRpc:
      take_rpc_reply(payload);
      break;
    default:  // claiming is not supported yet
      done(Reason::kTopicNameInvalid);
      return;
  }
  done(Reason::kSuccess);
}

void GatewaySession::post_telemetry(const bj::object& payload, PublishDone done) {
  auto ack = aggregate_ack(std::move(done));
  const std::int64_t now = context_.clock.now_ms();
  for (const auto& [name, series] : payload) {
    auto device = child(name);
    auto points =
        series.is_array()
            ? model::parse_telemetry(json::serialize(series), now, model::NullValues::kSkip)
            : Result<std::vector<model::TsKv>>(
                  invalid_argument("a device's telemetry must be an array"));
    if (!device || !points) {
      ack->report(invalid_argument("device '" + std::string(name) + "': bad payload"));
      continue;
    }
    context_.backend.post_telemetry(device->identity(), std::move(*points), ack->part());
  }
}

void GatewaySession::post_attributes(const bj::object& payload, PublishDone done) {
  auto ack = aggregate_ack(std::move(done));
  for (const auto& [name, values] : payload) {
    auto device = child(name);
    auto parsed = model::parse_attributes(json::serialize(values), model::NullValues::kSkip);
    if (!device || !parsed) {
      ack->report(invalid_argument("device '" + std::string(name) + "': bad payload"));
      continue;
    }
    context_.backend.post_attributes(device->identity(), std::move(*parsed), ack->part());
  }
}

// {"id", "device", "client": bool, "key" | "keys"} → {"id", "device", "value" | "values"}.
void GatewaySession::answer_attribute_request(const bj::object& request) {
  auto device = child(json::get_string(request, "device").value_or(""));
  if (!device) return;
  std::vector<std::string> keys;
  const bool single = request.contains("key");
  if (auto key = json::get_string(request, "key")) keys.emplace_back(*key);
  if (const auto* many = request.if_contains("keys"); many != nullptr && many->is_array()) {
    for (const auto& key : many->as_array()) {
      if (key.is_string()) keys.emplace_back(key.as_string());
    }
  }
  if (keys.empty()) return;
  AttributeRequest query;
  (json::get_bool(request, "client").value_or(false) ? query.client_keys : query.shared_keys) =
      keys;
  bj::object response{{"id", request.contains("id") ? request.at("id") : bj::value(nullptr)},
                      {"device", device->identity().name}};
  context_.backend.read_attributes(
      device->identity(), query,
      [peer = peer_, single,
       response = std::move(response)](Result<DeviceAttributes> attributes) mutable {
        if (!attributes) return;
        publish_attribute_response(*peer, std::move(response), *attributes, single);
      });
}

void GatewaySession::take_rpc_reply(const bj::object& reply) {
  auto device = child(json::get_string(reply, "device").value_or(""));
  auto id = json::get_int(reply, "id");
  const bj::value* data = reply.if_contains("data");
  if (!device || !id || data == nullptr) return;
  context_.rpc.reply(device->identity().device_id, static_cast<std::int32_t>(*id),
                     json::serialize(*data));
}

}  // namespace pacificsoft::transport::mqtt::detail
