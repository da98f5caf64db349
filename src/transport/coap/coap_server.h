// The CoAP device API (UDP, /api/v1/{accessToken}/...): telemetry and client attributes (2.01
// once durable), attribute reads and observation of shared attributes, RPC requests observed on
// /rpc and answered on /rpc/{id}, client-side RPC. libcoap runs on one thread of its own; other
// threads hand it work through a queue and an eventfd. Plain UDP only: DTLS is not done yet.
// Owned by app/; start() and stop() from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "transport/device_services.h"

namespace pacificsoft::transport::coap {

struct CoapServerOptions {
  std::string bind_address = "0.0.0.0";  // an IPv4 or IPv6 literal
  std::uint16_t port = 5683;             // 0: any free port
  // Largest request body, reassembled from blocks; a bigger one is answered 4.13.
  std::size_t max_payload_size = std::size_t{1} << 20;
};

class CoapServer {
 public:
  // The references outlive it.
  CoapServer(CoapServerOptions options, const DeviceServices& services);
  ~CoapServer();  // stops if running
  CoapServer(const CoapServer&) = delete;
  CoapServer& operator=(const CoapServer&) = delete;

  // Binds and starts the thread; an error names the address.
  Status start();
  std::uint16_t port() const;  // the bound port once started
  // Ends observations, joins the thread, closes the socket. Answers still owed are dropped.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::transport::coap
