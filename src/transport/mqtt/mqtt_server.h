// The MQTT server: listens on a plain port and optionally a TLS port, runs connections on a few
// event-loop threads (one io_context each, a connection stays on one), and hands CONNECTs to an
// MqttConnectHandler. Knows the protocol, not the device API.
// Owned by app/; start() and stop() from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "transport/mqtt/mqtt_session.h"

namespace pacificsoft::transport::mqtt {

struct MqttTlsOptions {
  bool enabled = false;
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 8883;     // 0: any free port
  std::string certificate_file;  // PEM chain of the server
  std::string private_key_file;  // PEM
  std::string key_password;
  // PEM bundle of the CAs a client certificate must chain to; empty: client certificates are
  // requested but not verified here (X.509 device credentials are matched by hash).
  std::string client_ca_file;
};

struct MqttServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 1883;  // 0: any free port
  int io_threads = 2;
  // Largest packet accepted; a bigger one closes the connection (v5: DISCONNECT 0x95).
  std::uint32_t max_packet_size = 65536 + 1024;
  // QoS 1 publishes of one connection waiting for their durable write; at this many the
  // connection stops reading until some complete (back-pressure through TCP).
  std::uint16_t max_inflight = 100;
  // Outgoing bytes queued for a connection that does not read; beyond it the connection closes.
  std::size_t max_queued_bytes = std::size_t{1} << 20;
  std::chrono::seconds connect_timeout{10};
  MqttTlsOptions tls;
};

class MqttServer {
 public:
  MqttServer(MqttServerOptions options, MqttConnectHandler& handler);
  ~MqttServer();  // stops if running
  MqttServer(const MqttServer&) = delete;
  MqttServer& operator=(const MqttServer&) = delete;

  // Binds and starts; an error names the address, or the TLS file that could not be loaded.
  Status start();
  std::uint16_t port() const;
  std::uint16_t tls_port() const;  // 0 when TLS is off
  // Stops accepting, closes every connection (each session's on_close runs), joins.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::transport::mqtt
