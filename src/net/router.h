// Maps (method, path) to handlers, and paths to WebSocket endpoints, by patterns such as
// "/api/device/{deviceId}". Built once at start-up, then read-only: lookups are safe from any
// thread.
#pragma once

#include <memory>
#include <string_view>

#include "net/http_types.h"
#include "net/websocket.h"

namespace pacificsoft::net {

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a handler. A literal segment wins over a {param} segment at the same depth, so
  // "/api/device/types" and "/api/device/{deviceId}" coexist. Registering the same method and
  // pattern twice is a programming error (aborts).
  void add(Method method, std::string_view pattern, Handler handler);

  // Answers requests that match no pattern (path unknown or method not registered for it).
  // The default answers 404 with an empty body.
  void set_fallback(Handler handler);

  // Finds the handler for the request and runs it (or the fallback) on the calling thread.
  // A HEAD request with no HEAD route runs the GET route (the server sends no body for HEAD).
  void route(const HttpRequest& request, Reply reply) const;

  // Registers a WebSocket endpoint (same pattern syntax). A GET carrying "Upgrade: websocket" to
  // a matching path is upgraded; any other request to it is routed as usual by route().
  // Registering the same pattern twice is a programming error (aborts).
  void add_websocket(std::string_view pattern, std::shared_ptr<WebSocketHandler> handler);

  // The endpoint for an upgrade request's decoded path, filling `params`; null when none.
  std::shared_ptr<WebSocketHandler> find_websocket(std::string_view path, PathParams& params) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::unique_ptr<Node> websocket_root_;  // a separate trie: endpoints match by path alone
  Handler fallback_;
};

}  // namespace pacificsoft::net
