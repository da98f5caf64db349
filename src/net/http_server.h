// The HTTP/1.1 server (Boost.Beast): accepts connections on a few I/O threads, reads requests
// with a body-size limit, hands each to the Router on a worker pool, writes the reply, keeps
// connections alive, upgrades WebSocket endpoints. Serves a static folder (the web UI) for GET
// paths outside /api.
// Owned by app/; start() and stop() from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "net/router.h"

namespace pacificsoft::net {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 8080;             // 0: any free port (see HttpServer::port())
  int io_threads = 2;                    // event-loop threads
  int worker_threads = 4;                // threads that run handlers
  std::size_t max_body_bytes = 1 << 20;  // larger bodies are answered 413
  std::string static_dir;                // empty: no static files

  // WebSocket endpoints (Router::add_websocket).
  // Larger incoming messages close the connection with 1009.
  std::size_t ws_max_message_bytes = std::size_t{64} * 1024;
  // Outgoing bytes a connection may have queued (each frame also counts a small fixed overhead,
  // so floods of tiny frames are bounded too). Overflow closes the connection with 1008: a
  // client that does not keep up must not hold server memory or slow anyone else.
  std::size_t ws_send_queue_bytes = 1 << 20;
  // A client that sends nothing (not even a pong) for this long is dropped; a ping goes out at
  // half of it, which browsers answer on their own. Also bounds the opening handshake.
  std::chrono::seconds ws_idle_timeout{60};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router);
  ~HttpServer();  // stops if running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; an error names the address when it cannot bind.
  Status start();
  // The bound port (useful when options.port was 0). Valid after start().
  std::uint16_t port() const;
  // Stops accepting, lets requests in flight finish and closes WebSocket connections with 1001
  // (bounded wait), closes connections, joins. Every opened WebSocket's on_close has run when
  // it returns.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::net
