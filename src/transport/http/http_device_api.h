// The HTTP device API (/api/v1/{accessToken}/...): telemetry and client attributes (200 only
// once durable; 429 over the device's or tenant's message rate), attribute reads, long polls for
// shared-attribute updates and RPC requests (408 at their time-out), RPC replies, client-side RPC
// and provisioning. Owned by app/; its routes use it.
#pragma once

#include <memory>

#include "net/router.h"
#include "transport/device_services.h"

namespace pacificsoft::transport {

class HttpDeviceApi {
 public:
  // The arguments outlive it. Starts the thread that times long polls out.
  explicit HttpDeviceApi(const DeviceServices& services);
  ~HttpDeviceApi();  // stops the thread: stop the HTTP server first, so no poll is open
  HttpDeviceApi(const HttpDeviceApi&) = delete;
  HttpDeviceApi& operator=(const HttpDeviceApi&) = delete;

  // Adds the routes; the router must not outlive this object's use (stop the HTTP server first).
  void register_routes(net::Router& router);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::transport
