// The device API's MQTT topics (the reference's v1 names and their v2 short forms): what a
// device publishes to, what it may subscribe to, and where the server answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pacificsoft::transport::mqtt {

// The spelling a device used; answers go back in the same one. v2 "/j" forces JSON, which is the
// only payload type here, so it behaves as plain v2 but keeps its spelling.
enum class TopicFamily : std::uint8_t { kV1, kV2, kV2Json };

enum class Uplink : std::uint8_t {
  kTelemetry,
  kAttributes,
  kAttributeRequest,  // with a request id
  kRpcResponse,       // reply to a server RPC, with its id
  kRpcRequest,        // client-side RPC, with a request id
  kClaim,
  kProvisionRequest,
  kGatewayConnect,
  kGatewayDisconnect,
  kGatewayTelemetry,
  kGatewayAttributes,
  kGatewayAttributeRequest,
  kGatewayRpc,
  kGatewayClaim,
};

struct UplinkTopic {
  Uplink kind = Uplink::kTelemetry;
  TopicFamily family = TopicFamily::kV1;
  std::string_view request_id;  // the suffix for the kinds that carry one (not yet parsed)
};

// nullopt for a topic the device API does not have.
std::optional<UplinkTopic> parse_uplink_topic(std::string_view topic);

enum class Downlink : std::uint8_t {
  kAttributeUpdates,
  kAttributeResponses,
  kRpcRequests,
  kRpcResponses,
  kProvisionResponse,
  kGatewayAttributeUpdates,
  kGatewayAttributeResponses,
  kGatewayRpc,
};

struct DownlinkFilter {
  Downlink kind = Downlink::kAttributeUpdates;
  TopicFamily family = TopicFamily::kV1;
};

// The subscriptions the device API offers, each spelled exactly as the reference does;
// nullopt for any other filter.
std::optional<DownlinkFilter> parse_downlink_filter(std::string_view filter);

// The topic the server publishes a downlink to; request_id is used by the kinds that carry one.
std::string downlink_topic(Downlink kind, TopicFamily family, std::int32_t request_id = 0);

// The reference parses ids with Integer.parseInt: an optional sign and decimal digits in range.
std::optional<std::int32_t> parse_request_id(std::string_view text);

}  // namespace pacificsoft::transport::mqtt
