// Maps (method, path) to handlers by patterns such as "/api/device/{deviceId}".
// Built once at start-up, then read-only: route() is safe from any thread.
#pragma once

#include <memory>
#include <string_view>

#include "net/http_types.h"

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

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  Handler fallback_;
};

}  // namespace pacificsoft::net
