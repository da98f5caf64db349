#include "rule/nodes/external/http_client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace pacificsoft::rule {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kMaxResponseBytes = std::uint64_t{16} * 1024 * 1024;
// Headers and the host are filled from message patterns. Beast throws past 65 533 bytes; servers
// refuse far less (8 KB is common), and a DNS name is at most 253 bytes.
constexpr std::size_t kMaxHeaderBytes = std::size_t{8} * 1024;
constexpr std::size_t kMaxHostBytes = 255;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // path and query
};

Result<Target> parse_target(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return invalid_argument("invalid URL '" + std::string(url) + "'");
  Target target;
  const auto scheme = parsed->scheme();
  if (scheme != "http" && scheme != "https") {
    return invalid_argument("URL scheme must be http or https: '" + std::string(url) + "'");
  }
  target.tls = scheme == "https";
  target.host = parsed->host_address();
  if (target.host.empty()) return invalid_argument("URL without host: '" + std::string(url) + "'");
  if (target.host.size() > kMaxHostBytes) {
    return invalid_argument("URL host longer than " + std::to_string(kMaxHostBytes) + " bytes");
  }
  target.port = target.tls ? "443" : "80";
  if (parsed->has_port() && !parsed->port().empty()) {
    // Zero when the port is no 16-bit number.
    if (parsed->port_number() == 0) return invalid_argument("invalid port in URL");
    target.port = std::to_string(parsed->port_number());
  }
  target.path = parsed->encoded_target();
  if (target.path.empty()) target.path = "/";
  return target;
}

// What makes a request unsendable: an unknown method, or a header (filled from message patterns)
// whose line breaks would let the message's content write other headers or requests, or that
// is too long to send.
Status check_request(const HttpRequest& request) {
  if (http::string_to_verb(request.method) == http::verb::unknown) {
    return invalid_argument("unknown HTTP method " + request.method);
  }
  for (const auto& [name, value] : request.headers) {
    if (name.size() > kMaxHeaderBytes || value.size() > kMaxHeaderBytes) {
      return invalid_argument("HTTP header '" + name.substr(0, 64) + "' is longer than " +
                              std::to_string(kMaxHeaderBytes) + " bytes");
    }
    if (name.empty() || name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return invalid_argument("HTTP header '" + name + "' is empty or holds a line break");
    }
  }
  return Status::ok();
}

// The request Beast sends. Beast reports what it cannot represent by throwing (std::length_error
// for a long field, std::invalid_argument for a TRACE with a body); that is an error of this
// request, which came from a message, so it fails the message and never reaches the engine.
Result<http::request<http::string_body>> build_message(const Target& target, HttpRequest& request) {
  try {
    http::request<http::string_body> message{http::string_to_verb(request.method), target.path, 11};
    const bool default_port = target.port == (target.tls ? "443" : "80");
    message.set(http::field::host, default_port ? target.host : target.host + ":" + target.port);
    message.set(http::field::user_agent, "pacificsoft-rule-engine");
    for (const auto& [name, value] : request.headers) message.set(name, value);
    if (request.body) {
      message.body() = std::move(*request.body);
      message.prepare_payload();
    }
    return message;
  } catch (const std::exception& error) {
    return invalid_argument(std::string("HTTP request cannot be sent: ") + error.what());
  }
}

Status network_error(std::string_view step, const beast::error_code& error) {
  return {ErrorCode::kUnavailable, std::string(step) + ": " + error.message()};
}

// One exchange over Stream (a TCP stream, or TLS over one). Owned by its pending handlers.
template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  // `tls` (null without TLS) is what the stream's TLS state refers to; kept while it lives.
  Exchange(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, Stream stream,
           Target target, http::request<http::string_body> request,
           std::chrono::milliseconds timeout, HttpDone done)
      : resolver_(io),
        deadline_(io),
        tls_(std::move(tls)),
        stream_(std::move(stream)),
        target_(std::move(target)),
        request_(std::move(request)),
        timeout_(timeout),
        done_(std::move(done)) {}

  void start() {
    auto self = this->shared_from_this();
    deadline_.expires_after(timeout_);
    deadline_.async_wait([self](const beast::error_code& error) {
      if (error) return;  // cancelled: the exchange ended first
      self->timed_out_ = true;
      self->resolver_.cancel();
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
    resolver_.async_resolve(
        target_.host, target_.port,
        [self](const beast::error_code& error, tcp::resolver::results_type hosts) {
          if (error) return self->fail("resolve", error);
          self->connect(hosts);
        });
  }

 private:
  void connect(const tcp::resolver::results_type& hosts) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(stream_).async_connect(
        hosts, [self](const beast::error_code& error, const tcp::endpoint&) {
          if (error) return self->fail("connect", error);
          self->handshake();
        });
  }

  void handshake() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      write();
    } else {
      // SNI and the name the certificate must carry.
      if (SSL_set_tlsext_host_name(stream_.native_handle(), target_.host.c_str()) != 1) {
        return fail("TLS", beast::error_code(static_cast<int>(::ERR_get_error()),
                                             asio::error::get_ssl_category()));
      }
      stream_.set_verify_callback(asio::ssl::host_name_verification(target_.host));
      auto self = this->shared_from_this();
      stream_.async_handshake(asio::ssl::stream_base::client,
                              [self](const beast::error_code& error) {
                                if (error) return self->fail("TLS handshake", error);
                                self->write();
                              });
    }
  }

  void write() {
    auto self = this->shared_from_this();
    http::async_write(stream_, request_, [self](const beast::error_code& error, std::size_t) {
      if (error) return self->fail("write", error);
      self->read();
    });
  }

  void read() {
    auto self = this->shared_from_this();
    parser_.body_limit(kMaxResponseBytes);
    if (request_.method() == http::verb::head) parser_.skip(true);
    http::async_read(stream_, buffer_, parser_,
                     [self](const beast::error_code& error, std::size_t) {
                       if (error) return self->fail("read", error);
                       self->answer();
                     });
  }

  void answer() {
    auto& message = parser_.get();
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    response.reason = std::string(message.reason());
    if (response.reason.empty())
      response.reason = std::string(http::obsolete_reason(message.result()));
    for (const auto& field : message) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(message.body());
    finish(std::move(response));
  }

  void fail(std::string_view step, const beast::error_code& error) {
    if (timed_out_) {
      finish(Status(ErrorCode::kUnavailable,
                    "timed out after " + std::to_string(timeout_.count()) + " ms"));
    } else {
      finish(network_error(step, error));
    }
  }

  void finish(Result<HttpResponse> result) {
    if (finished_) return;
    finished_ = true;
    deadline_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).socket().close(ignored);
    done_(std::move(result));
  }

  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  std::shared_ptr<asio::ssl::context> tls_;
  Stream stream_;
  Target target_;
  http::request<http::string_body> request_;
  std::chrono::milliseconds timeout_;
  HttpDone done_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

std::shared_ptr<asio::ssl::context> make_client_tls() {
  auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  beast::error_code ignored;  // no system store: every https call then fails verification
  tls->set_default_verify_paths(ignored);
  tls->set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

void send_http(asio::io_context& io, const std::shared_ptr<asio::ssl::context>& tls,
               HttpRequest request, HttpDone done) {
  auto target = parse_target(request.url);
  Status refused = target ? check_request(request) : target.status();
  auto message = refused ? build_message(*target, request) : refused;
  if (!message) {
    asio::post(io, [done = std::move(done), refused = message.status()] { done(refused); });
    return;
  }
  if (target->tls) {
    auto exchange = std::make_shared<Exchange<beast::ssl_stream<beast::tcp_stream>>>(
        io, tls, beast::ssl_stream<beast::tcp_stream>(io, *tls), std::move(*target),
        std::move(*message), request.timeout, std::move(done));
    asio::post(io, [exchange] { exchange->start(); });
    return;
  }
  auto exchange = std::make_shared<Exchange<beast::tcp_stream>>(
      io, nullptr, beast::tcp_stream(io), std::move(*target), std::move(*message), request.timeout,
      std::move(done));
  asio::post(io, [exchange] { exchange->start(); });
}

}  // namespace pacificsoft::rule
