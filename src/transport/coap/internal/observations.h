// Observe (RFC 7641) on the device API's attributes and rpc resources. The token is a path
// segment, so every device resource goes through libcoap's unknown-resource handler, which
// libcoap cannot observe: the relations are kept here and notifications are sent as confirmable
// 2.05 messages on the observer's session and token. A device keeps one relation per resource:
// a newer one (another port after a NAT rebinding, a restart) replaces the older. A relation ends
// on a cancel (GET with Observe=1), on a reset or unacknowledged notification, or at stop.
// CoAP thread only, except what the header of each method says.
#pragma once

#include <coap3/coap.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "auth/device_auth.h"
#include "transport/coap/internal/mailbox.h"
#include "transport/device_backend.h"
#include "transport/device_rpc.h"

namespace pacificsoft::transport::coap::detail {

enum class Observed : std::uint8_t { kAttributes, kRpc };

class Observations {
 public:
  Observations(DeviceBackend& backend, DeviceRpcRouter& rpc, std::weak_ptr<Mailbox> mailbox);
  ~Observations();  // ends every relation
  Observations(const Observations&) = delete;
  Observations& operator=(const Observations&) = delete;

  // Starts a relation for the request's session and token; returns the Observe value for the
  // first response. Shared-attribute updates, or RPC requests, become notifications.
  std::uint32_t start(coap_session_t* session, const coap_pdu_t* request,
                      const auth::DeviceIdentity& device, Observed what);
  // A cancel, or a reset/time-out of a notification sent with that token.
  void stop(coap_session_t* session, coap_bin_const_t token);
  void stop_all();

 private:
  struct Relation;
  class RpcDelivery;
  using Key = std::pair<Uuid, Observed>;
  struct KeyHash {
    std::size_t operator()(const Key& key) const {
      return std::hash<Uuid>()(key.first) * 2 + static_cast<std::size_t>(key.second);
    }
  };

  void end(std::uint64_t id);
  // Sends one notification; false when the relation is gone or the message was not sent.
  bool notify(std::uint64_t id, const std::string& payload);

  DeviceBackend& backend_;
  DeviceRpcRouter& rpc_;
  std::weak_ptr<Mailbox> mailbox_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<Relation>> relations_;
  std::unordered_map<Key, std::uint64_t, KeyHash> by_device_;
  std::map<std::pair<const coap_session_t*, std::string>, std::uint64_t> by_token_;
};

}  // namespace pacificsoft::transport::coap::detail
