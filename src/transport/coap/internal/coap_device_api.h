// The device API's resources behind libcoap's unknown-resource handler: every request of
// /api/v1/... lands in handle(), which authenticates the token of the path and maps the request
// onto the DeviceBackend and the RPC router. Each answer may come before the handler returns (it
// goes piggy-backed) or later from another thread (a separate response). CoAP thread only.
#pragma once

#include <coap3/coap.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
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
  // What serving needs of a request: views into the exchange, or into a KeptRequest.
  struct DeviceRequest {
    DevicePath path;
    bool get = false;
    std::optional<std::uint32_t> observe;  // the Observe option: 0 registers, 1 cancels
    std::string_view body;
    std::string_view query;
  };
  // A copy that outlives the handler, for an authentication answered after it returned.
  class KeptRequest;
  struct AwaitingDevice;
  // Gives a request's Finish; call once, from any thread.
  using Reply = std::function<void(Finish)>;

  // Authenticates (provisioning needs none), then serves.
  void start(const DeviceRequest& request, const Reply& reply);
  void serve(const DeviceRequest& request, const Result<auth::DeviceIdentity>& device,
             const Reply& reply);
  void post_telemetry(const DeviceRequest& request, const auth::DeviceIdentity& device,
                      const Reply& reply);
  void post_attributes(const DeviceRequest& request, const auth::DeviceIdentity& device,
                       const Reply& reply);
  void get_attributes(const DeviceRequest& request, const auth::DeviceIdentity& device,
                      const Reply& reply);
  void observe_rpc(const DeviceRequest& request, const auth::DeviceIdentity& device,
                   const Reply& reply);
  void client_rpc(const DeviceRequest& request, const auth::DeviceIdentity& device,
                  const Reply& reply);

  auth::DeviceAuthenticator& authenticator_;
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
