// rest.TbRestApiCallNode: sends the message to a REST endpoint and continues with the answer.
// Success (status < 400): data = the response body, metadata status / statusCode /
// statusReason and the response headers. Failure (status >= 400): the message unchanged plus
// that metadata, error_body and error; a connection failure or time-out: Failure with error.
#include <openssl/evp.h>

#include <boost/beast/http/status.hpp>

#include "rule/network_loop.h"
#include "rule/nodes/external/external_nodes.h"
#include "rule/nodes/external/http_client.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

// When readTimeoutMs is 0 (the reference waits forever) a call still ends after this long.
constexpr std::chrono::milliseconds kLongestCall{60'000};

// The reference's HttpStatus name of a code: 404 → NOT_FOUND.
std::string status_name(int code) {
  std::string name(
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(code)));
  for (char& c : name) {
    c = (c == ' ' || c == '-') ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string basic_authorization(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     reinterpret_cast<const unsigned char*>(plain.data()),
                                     static_cast<int>(plain.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return "Basic " + encoded;
}

struct RestOptions {
  std::string url_pattern;
  std::string method = "POST";
  KeyMapping headers;  // name and value patterns
  std::chrono::milliseconds timeout = kLongestCall;
  bool ignore_request_body = false;
  std::string authorization;  // from basic credentials; empty when anonymous
};

class RestApiCallNode final : public RuleNode {
 public:
  RestApiCallNode(NetworkLoop& network, RestOptions options)
      : network_(network), tls_(make_client_tls()), options_(std::move(options)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    HttpRequest request{
        options_.method, process_pattern(options_.url_pattern, msg), {}, {}, options_.timeout};
    for (const auto& [name, value] : options_.headers) {
      request.headers.emplace_back(process_pattern(name, msg), process_pattern(value, msg));
    }
    if (!options_.authorization.empty()) {
      request.headers.emplace_back("Authorization", options_.authorization);
    }
    if (!options_.ignore_request_body && has_body(options_.method)) request.body = msg.data;
    send_http(
        network_.context(), tls_, std::move(request),
        [msg = std::move(msg), done = std::move(done)](Result<HttpResponse> response) mutable {
          done(outcome(std::move(msg), std::move(response)));
        });
  }

 private:
  static bool has_body(std::string_view method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS" && method != "DELETE";
  }

  static NodeResult outcome(model::Msg msg, Result<HttpResponse> response) {
    if (!response) return NodeResult::failure(std::move(msg), response.status().message());
    put_metadata(msg, "status", status_name(response->status));
    put_metadata(msg, "statusCode", std::to_string(response->status));
    put_metadata(msg, "statusReason", response->reason);
    for (auto& [name, value] : response->headers) put_metadata(msg, name, std::move(value));
    if (response->status >= 400) {
      put_metadata(msg, "error_body", std::move(response->body));
      return NodeResult::failure(std::move(msg),
                                 std::to_string(response->status) + " " + response->reason);
    }
    msg.data = response->body.empty() ? "{}" : std::move(response->body);
    return NodeResult::on(kSuccess, std::move(msg));
  }

  NetworkLoop& network_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  RestOptions options_;
};

}  // namespace

Result<std::unique_ptr<RuleNode>> make_rest_api_call_node(const bj::object& configuration,
                                                          NodeServices& services) {
  RestOptions options;
  auto url = json::get_string(configuration, "restEndpointUrlPattern");
  if (!url || url->empty()) return invalid_argument("'restEndpointUrlPattern' is required");
  options.url_pattern = std::string(*url);
  options.method = std::string(json::get_string(configuration, "requestMethod").value_or("POST"));
  options.headers = config_mapping(configuration, "headers");
  const auto timeout_ms = json::get_int(configuration, "readTimeoutMs").value_or(0);
  if (timeout_ms > 0)
    options.timeout = std::min(std::chrono::milliseconds(timeout_ms), kLongestCall);
  options.ignore_request_body = json::get_bool(configuration, "ignoreRequestBody").value_or(false);
  if (const auto* credentials = json::get_object(configuration, "credentials")) {
    auto type = json::get_string(*credentials, "type").value_or("anonymous");
    if (type == "basic") {
      options.authorization =
          basic_authorization(std::string(json::get_string(*credentials, "username").value_or("")),
                              std::string(json::get_string(*credentials, "password").value_or("")));
    } else if (type != "anonymous") {
      return invalid_argument("REST API call credentials must be anonymous or basic");
    }
  }
  return std::unique_ptr<RuleNode>(
      std::make_unique<RestApiCallNode>(services.network, std::move(options)));
}

}  // namespace pacificsoft::rule
