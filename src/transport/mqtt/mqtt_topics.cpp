#include "transport/mqtt/mqtt_topics.h"

#include <array>
#include <charconv>

namespace pacificsoft::transport::mqtt {
namespace {

struct Name {
  std::string_view text;
  Uplink kind;
  TopicFamily family;
  bool has_id;  // text is a prefix followed by the request id
};

constexpr std::array kUplinks{
    Name{"v1/devices/me/telemetry", Uplink::kTelemetry, TopicFamily::kV1, false},
    Name{"v1/devices/me/attributes", Uplink::kAttributes, TopicFamily::kV1, false},
    Name{"v1/devices/me/attributes/request/", Uplink::kAttributeRequest, TopicFamily::kV1, true},
    Name{"v1/devices/me/rpc/response/", Uplink::kRpcResponse, TopicFamily::kV1, true},
    Name{"v1/devices/me/rpc/request/", Uplink::kRpcRequest, TopicFamily::kV1, true},
    Name{"v1/devices/me/claim", Uplink::kClaim, TopicFamily::kV1, false},
    Name{"/provision/request", Uplink::kProvisionRequest, TopicFamily::kV1, false},
    Name{"v2/t", Uplink::kTelemetry, TopicFamily::kV2, false},
    Name{"v2/t/j", Uplink::kTelemetry, TopicFamily::kV2Json, false},
    Name{"v2/a", Uplink::kAttributes, TopicFamily::kV2, false},
    Name{"v2/a/j", Uplink::kAttributes, TopicFamily::kV2Json, false},
    Name{"v2/a/req/j/", Uplink::kAttributeRequest, TopicFamily::kV2Json, true},
    Name{"v2/a/req/", Uplink::kAttributeRequest, TopicFamily::kV2, true},
    Name{"v2/r/res/j/", Uplink::kRpcResponse, TopicFamily::kV2Json, true},
    Name{"v2/r/res/", Uplink::kRpcResponse, TopicFamily::kV2, true},
    Name{"v2/r/req/j/", Uplink::kRpcRequest, TopicFamily::kV2Json, true},
    Name{"v2/r/req/", Uplink::kRpcRequest, TopicFamily::kV2, true},
    Name{"v1/gateway/connect", Uplink::kGatewayConnect, TopicFamily::kV1, false},
    Name{"v1/gateway/disconnect", Uplink::kGatewayDisconnect, TopicFamily::kV1, false},
    Name{"v1/gateway/telemetry", Uplink::kGatewayTelemetry, TopicFamily::kV1, false},
    Name{"v1/gateway/attributes", Uplink::kGatewayAttributes, TopicFamily::kV1, false},
    Name{"v1/gateway/attributes/request", Uplink::kGatewayAttributeRequest, TopicFamily::kV1,
         false},
    Name{"v1/gateway/rpc", Uplink::kGatewayRpc, TopicFamily::kV1, false},
    Name{"v1/gateway/claim", Uplink::kGatewayClaim, TopicFamily::kV1, false},
};

struct Filter {
  std::string_view text;
  Downlink kind;
  TopicFamily family;
};

constexpr std::array kFilters{
    Filter{"v1/devices/me/attributes", Downlink::kAttributeUpdates, TopicFamily::kV1},
    Filter{"v1/devices/me/attributes/response/+", Downlink::kAttributeResponses, TopicFamily::kV1},
    Filter{"v1/devices/me/rpc/request/+", Downlink::kRpcRequests, TopicFamily::kV1},
    Filter{"v1/devices/me/rpc/response/+", Downlink::kRpcResponses, TopicFamily::kV1},
    Filter{"/provision/response", Downlink::kProvisionResponse, TopicFamily::kV1},
    Filter{"v2/a", Downlink::kAttributeUpdates, TopicFamily::kV2},
    Filter{"v2/a/j", Downlink::kAttributeUpdates, TopicFamily::kV2Json},
    Filter{"v2/a/res/+", Downlink::kAttributeResponses, TopicFamily::kV2},
    Filter{"v2/a/res/j/+", Downlink::kAttributeResponses, TopicFamily::kV2Json},
    Filter{"v2/r/req/+", Downlink::kRpcRequests, TopicFamily::kV2},
    Filter{"v2/r/req/j/+", Downlink::kRpcRequests, TopicFamily::kV2Json},
    Filter{"v2/r/res/+", Downlink::kRpcResponses, TopicFamily::kV2},
    Filter{"v2/r/res/j/+", Downlink::kRpcResponses, TopicFamily::kV2Json},
    Filter{"v1/gateway/attributes", Downlink::kGatewayAttributeUpdates, TopicFamily::kV1},
    Filter{"v1/gateway/attributes/response", Downlink::kGatewayAttributeResponses,
           TopicFamily::kV1},
    Filter{"v1/gateway/rpc", Downlink::kGatewayRpc, TopicFamily::kV1},
};

std::string_view prefix_of(Downlink kind, TopicFamily family) {
  const bool v1 = family == TopicFamily::kV1;
  const bool json = family == TopicFamily::kV2Json;
  switch (kind) {
    case Downlink::kAttributeUpdates:
      return v1 ? "v1/devices/me/attributes" : json ? "v2/a/j" : "v2/a";
    case Downlink::kAttributeResponses:
      return v1 ? "v1/devices/me/attributes/response/" : json ? "v2/a/res/j/" : "v2/a/res/";
    case Downlink::kRpcRequests:
      return v1 ? "v1/devices/me/rpc/request/" : json ? "v2/r/req/j/" : "v2/r/req/";
    case Downlink::kRpcResponses:
      return v1 ? "v1/devices/me/rpc/response/" : json ? "v2/r/res/j/" : "v2/r/res/";
    case Downlink::kProvisionResponse:
      return "/provision/response";
    case Downlink::kGatewayAttributeUpdates:
      return "v1/gateway/attributes";
    case Downlink::kGatewayAttributeResponses:
      return "v1/gateway/attributes/response";
    case Downlink::kGatewayRpc:
      return "v1/gateway/rpc";
  }
  return {};
}

bool carries_id(Downlink kind) {
  return kind == Downlink::kAttributeResponses || kind == Downlink::kRpcRequests ||
         kind == Downlink::kRpcResponses;
}

}  // namespace

std::optional<UplinkTopic> parse_uplink_topic(std::string_view topic) {
  for (const Name& name : kUplinks) {
    if (name.has_id) {
      if (topic.size() > name.text.size() && topic.starts_with(name.text)) {
        return UplinkTopic{name.kind, name.family, topic.substr(name.text.size())};
      }
    } else if (topic == name.text) {
      return UplinkTopic{name.kind, name.family, {}};
    }
  }
  return std::nullopt;
}

std::optional<DownlinkFilter> parse_downlink_filter(std::string_view filter) {
  for (const Filter& known : kFilters) {
    if (filter == known.text) return DownlinkFilter{known.kind, known.family};
  }
  return std::nullopt;
}

std::string downlink_topic(Downlink kind, TopicFamily family, std::int32_t request_id) {
  std::string topic(prefix_of(kind, family));
  if (carries_id(kind)) topic += std::to_string(request_id);
  return topic;
}

std::optional<std::int32_t> parse_request_id(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int32_t id = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, id);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return id;
}

}  // namespace pacificsoft::transport::mqtt
