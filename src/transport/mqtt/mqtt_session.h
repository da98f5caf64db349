// The seam between the MQTT protocol (mqtt_connection: framing, CONNECT, keep-alive, QoS, flow
// control) and what the messages mean (the device API sessions). A connection asks its
// MqttConnectHandler to authenticate the CONNECT and then hands every packet to the MqttSession
// it got back, always on the connection's own executor.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mqtt/mqtt_packets.h"

namespace pacificsoft::transport::mqtt {

// Answers a PUBLISH: PUBACK (QoS 1) once called with kSuccess, or what the reason calls for in
// the connection's protocol version (mqtt_connection.h). Callable once, from any thread.
using PublishDone = std::function<void(Reason)>;
// Called once an outgoing QoS 1 message is acknowledged or a QoS 0 one written (true), or the
// connection closed first (false); on the connection's executor.
using Delivered = std::function<void(bool delivered)>;

// The connection as a session sees it. Thread-safe: calls from other threads are posted to the
// connection's executor; calls after the close are ignored (delivered(false)).
class MqttPeer {
 public:
  virtual ~MqttPeer() = default;
  virtual void publish(std::string topic, std::string payload, std::uint8_t qos,
                       Delivered delivered) = 0;
  // Closes the connection; v5 peers get a DISCONNECT with the reason first.
  virtual void disconnect(Reason reason) = 0;
  // Runs `task` on the connection's executor while its session lives (dropped once the
  // connection closed): how a session goes on after an answer from another thread.
  virtual void run(std::function<void()> task) = 0;
  virtual ProtocolVersion version() const = 0;
};

class MqttSession {
 public:
  virtual ~MqttSession() = default;
  virtual void on_publish(Publish& publish, PublishDone done) = 0;
  // The granted QoS (kSuccess, kGrantedQos1) or a failure reason for one filter.
  virtual Reason on_subscribe(const Subscription& subscription) = 0;
  virtual void on_unsubscribe(const std::string& filter) = 0;
  // A PINGREQ: the device is alive.
  virtual void on_ping() = 0;
  // The connection closed, whatever the cause; the last call a session gets.
  virtual void on_close() = 0;
};

// What the server knows of the peer beyond its CONNECT.
struct PeerInfo {
  std::string address;
  bool tls = false;
  std::string client_certificate_pem;  // the leaf certificate a TLS client presented, if any
};

struct ConnectOutcome {
  Reason reason = Reason::kSuccess;  // anything else refuses the CONNECT with it
  std::shared_ptr<MqttSession> session;
};

// Makes the outcome of a CONNECT; the connection runs it on its own executor, so what the session
// keeps is made on the connection's thread (and never for a connection closed meanwhile).
using OpenSession = std::function<ConnectOutcome()>;
// Called once, from any thread: before on_connect returns, or later (the credentials were looked
// up elsewhere); the connection reads nothing more meanwhile.
using ConnectDone = std::function<void(OpenSession open)>;

// Thread-safe; called on the connecting connection's executor.
class MqttConnectHandler {
 public:
  virtual ~MqttConnectHandler() = default;
  virtual void on_connect(const Connect& connect, const PeerInfo& peer,
                          std::shared_ptr<MqttPeer> connection, ConnectDone done) = 0;
};

}  // namespace pacificsoft::transport::mqtt
