// A rule-engine message (the reference's TbMsg): what transports put on the queue and rule
// chains pass between nodes. `data` is JSON text, `metadata` a small string map.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/uuid.h"
#include "model/entity_type.h"

namespace pacificsoft::model {

// The reference's message types that the transports produce.
namespace msg_type {
inline constexpr std::string_view kPostTelemetry = "POST_TELEMETRY_REQUEST";
inline constexpr std::string_view kPostAttributes = "POST_ATTRIBUTES_REQUEST";
inline constexpr std::string_view kToServerRpc = "TO_SERVER_RPC_REQUEST";
inline constexpr std::string_view kConnectEvent = "CONNECT_EVENT";
inline constexpr std::string_view kDisconnectEvent = "DISCONNECT_EVENT";
inline constexpr std::string_view kActivityEvent = "ACTIVITY_EVENT";
inline constexpr std::string_view kInactivityEvent = "INACTIVITY_EVENT";
}  // namespace msg_type

// Where a message a rule node made goes on (the reference's TbMsg ruleChainId and ruleNodeId,
// with the relation the node sent it by): at the nodes that relation connects that node to.
struct MsgResume {
  Uuid rule_chain_id;
  Uuid rule_node_id;
  std::string relation;
  bool operator==(const MsgResume&) const = default;
};

struct Msg {
  Uuid id;
  std::string type;
  EntityId originator;
  Uuid tenant_id;
  Uuid customer_id;  // all-zero when none
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string data;  // JSON text
  std::int64_t ts = 0;
  std::optional<MsgResume> resume;  // none: the message starts at its tenant's root chain

  // The metadata value of `key`, or empty.
  std::string_view metadata_value(std::string_view key) const;
  bool operator==(const Msg&) const = default;
};

// A compact binary form for the queue (little-endian lengths; a version byte first, so the
// format can grow: docs/formats/queue_log.md). decode_msg refuses anything malformed with
// InvalidArgument.
std::string encode_msg(const Msg& msg);
Result<Msg> decode_msg(std::string_view bytes);

}  // namespace pacificsoft::model
