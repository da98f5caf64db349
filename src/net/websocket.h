// WebSocket endpoints without Beast types: a connection handlers send text frames through and a
// handler interface the server calls on open, per message and on close (Router::add_websocket).
#pragma once

#include <memory>
#include <string>

#include "net/http_types.h"

namespace pacificsoft::net {

// Close codes of RFC 6455 section 7.4.1 that the server sends or handlers commonly need.
namespace ws_close {
inline constexpr int kNormal = 1000;
inline constexpr int kGoingAway = 1001;        // the server is stopping
inline constexpr int kUnsupportedData = 1003;  // a binary frame arrived: only text is spoken
inline constexpr int kPolicyViolation = 1008;  // also: the client read too slowly (queue full)
inline constexpr int kMessageTooBig = 1009;    // over HttpServerOptions::ws_max_message_bytes
inline constexpr int kInternalError = 1011;    // a handler threw
inline constexpr int kTryAgainLater = 1013;
}  // namespace ws_close

// One open WebSocket connection, owned by shared_ptr (the server keeps it while the socket is
// open; a handler may keep it longer, e.g. in a subscription). Every member is safe from any
// thread, including from inside the handler callbacks, and none blocks.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;

  // Queues a text frame. The queue is bounded (HttpServerOptions::ws_send_queue_bytes): a client
  // that reads too slowly to keep up is closed with ws_close::kPolicyViolation rather than let
  // memory grow. Dropped silently once the connection is closing or closed.
  virtual void send(std::string text) = 0;

  // Sends what is already queued, then the close frame (code per RFC 6455; reason cut to the
  // 123 bytes a close frame holds). Later sends are dropped; a second close is ignored. The
  // handler's on_close follows once the client answers or a few seconds pass.
  virtual void close(int code, std::string reason) = 0;

  // The upgrade request: path, query (e.g. ?token=), headers, remote address. Body is empty.
  virtual const HttpRequest& request() const = 0;
  // Values of the {name} segments of the pattern that matched the upgrade request.
  virtual const PathParams& params() const = 0;
};

// Serves one WebSocket endpoint for all its connections. The callbacks run on the server's
// worker threads (never on its I/O threads), so they may block briefly (a storage read). For one
// connection they run one at a time and in order: on_open, then on_message per frame as
// received, then on_close exactly once; different connections run concurrently, so a handler
// must be thread-safe across connections. A callback that throws closes its connection with
// ws_close::kInternalError. While a connection's callbacks lag behind, the server stops reading
// from that client (a few messages are buffered), so a slow handler cannot grow memory either.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;

  // The handshake completed. May send, close (e.g. a bad token), or keep the connection.
  virtual void on_open(const std::shared_ptr<WebSocketConnection>& connection) { (void)connection; }
  // One complete text message (UTF-8, validated by the server).
  virtual void on_message(const std::shared_ptr<WebSocketConnection>& connection,
                          std::string text) = 0;
  // The connection is closed, by either side, by an error or by HttpServer::stop(). Sends from
  // here on are dropped.
  virtual void on_close(const std::shared_ptr<WebSocketConnection>& connection) {
    (void)connection;
  }
};

}  // namespace pacificsoft::net
