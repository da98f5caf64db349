// The device API's resources behind libcoap's unknown-resource handler: every request of
// /api/v1/... lands in handle(), which authenticates the token of the path and maps the request
// onto the DeviceBackend and the RPC router. CoAP thread only.
#pragma once

#include <coap3/coap.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "transport/coap/internal/coap_exchange.h"
#include "transport/coap/internal/device_path.h"
#include "transport/coap/internal/mailbox.h"
#include "transport/coap/internal/observations.h"
#include "transport/device_services.h"

namespace pacificsoft::transport::coap::detail {

class CoapDeviceApi {
 public:
  // The references outlive it; tasks it posts to `mailbox` must run before it is destroyed.
  CoapDeviceApi(const DeviceServices& services, std::weak_ptr<Mailbox> mailbox,
                std::size_t max_payload_size);

  void handle(const Exchange& exchange);
  // A confirmable message of ours was reset or never acknowledged: a notification's relation ends.
  void on_nack(coap_session_t* session, const coap_pdu_t* sent);
  // Ends every observe relation (at stop, while libcoap still runs).
  void stop();

 private:
  void serve(const Exchange& exchange, const DevicePath& path, std::string_view body);
  void post_telemetry(const Exchange& exchange, const auth::DeviceIdentity& device,
                      std::string_view body);
  void post_attributes(const Exchange& exchange, const auth::DeviceIdentity& device,
                       std::string_view body);
  void get_attributes(const Exchange& exchange, const auth::DeviceIdentity& device);
  void observe_rpc(const Exchange& exchange, const auth::DeviceIdentity& device);
  void client_rpc(const Exchange& exchange, const auth::DeviceIdentity& device,
                  std::string_view body);
  // Registers a separate answer; the returned callback gives it from any thread. Empty when
  // libcoap refused (the request is then answered 5.03 at once).
  using Completion = std::function<void(Answer)>;
  Completion later(const Exchange& exchange);

  const auth::DeviceAuth& auth_;
  DeviceBackend& backend_;
  DeviceDirectory& directory_;
  DeviceLimits& limits_;
  DeviceRpcRouter& rpc_;
  const Clock& clock_;
  const std::weak_ptr<Mailbox> mailbox_;
  const std::size_t max_payload_size_;
  PendingReplies pending_;
  Observations observations_;
};

}  // namespace pacificsoft::transport::coap::detail
