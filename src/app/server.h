// One Pacificsoft process in monolith mode: storage, queue, core services and APIs, rule engine
// and device transports, started in stages in that order and torn down in reverse.
#pragma once

#include <memory>

#include "app/settings.h"
#include "common/status.h"

namespace pacificsoft::app {

class Server {
 public:
  explicit Server(Settings settings);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens storage (creating and upgrading it), installs first-start data, starts listening.
  Status start();
  // The bound HTTP port, valid after start().
  std::uint16_t http_port() const;
  std::uint16_t mqtt_port() const;      // 0 when MQTT is off
  std::uint16_t mqtt_tls_port() const;  // 0 when MQTT over TLS is off
  std::uint16_t coap_port() const;      // 0 when CoAP is off
  // Stops accepting, finishes requests in flight, closes storage.
  void stop();

 private:
  struct Parts;
  // The stages of start(), each building on the ones before.
  Status open_storage();
  Status open_queue();
  Status join_cluster();
  Status start_core();
  Status start_rule_engine();
  Status start_transports();

  Settings settings_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace pacificsoft::app
