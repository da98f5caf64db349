// One HTTP(S) request at a time per call, asynchronous on the network loop (Boost.Beast): what the
// REST API call node sends. A new connection per request, bounded by one deadline over the
// whole exchange (resolve, connect, TLS handshake, write, read).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "common/status.h"

namespace pacificsoft::rule {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // GET, POST, PUT, DELETE, ...
  std::string url;     // http:// or https://
  HttpHeaders headers;
  std::optional<std::string> body;  // none: no body
  std::chrono::milliseconds timeout{10'000};
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;
  std::string body;
};

using HttpDone = std::function<void(Result<HttpResponse>)>;

// TLS for https: the system's CA certificates, the server's certificate and name verified.
std::shared_ptr<boost::asio::ssl::context> make_client_tls();

// Sends `request` and calls `done` once, on the loop's thread: the response whatever its status;
// Unavailable for a connection failure or the deadline; InvalidArgument for a URL or method it
// cannot send. Responses are read up to 16 MiB.
void send_http(boost::asio::io_context& io, const std::shared_ptr<boost::asio::ssl::context>& tls,
               HttpRequest request, HttpDone done);

}  // namespace pacificsoft::rule
