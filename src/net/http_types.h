// HTTP request and response values exchanged between the server and handlers. No Beast types
// here, so handlers and their tests do not depend on the server's implementation.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pacificsoft::net {

enum class Method { kGet, kPost, kPut, kDelete, kPatch, kHead, kOptions, kOther };

struct HttpRequest {
  Method method = Method::kGet;
  std::string path;                                          // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;

  // First value of a header (name in any case); nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;
  // First value of a query parameter; nullopt when absent.
  std::optional<std::string_view> query_param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header (and usually no body)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static HttpResponse json(int status, std::string body);
  static HttpResponse text(int status, std::string body);
  static HttpResponse empty(int status);
};

// Values of the {name} segments of the route pattern that matched.
class PathParams {
 public:
  void add(std::string name, std::string value);
  // The value of a named segment; empty when the pattern has no such segment.
  std::string_view get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

// Completes a request. Call exactly once, from any thread; a handler may keep it and answer
// later (long polls), the connection waits meanwhile.
using Reply = std::function<void(HttpResponse)>;

// Serves one request. Runs on one of the server's worker threads (never on its I/O threads), so
// it may block briefly on storage; it must be safe to run concurrently with itself.
using Handler = std::function<void(const HttpRequest&, const PathParams&, Reply)>;

}  // namespace pacificsoft::net
