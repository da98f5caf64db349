// The per-connection state machine (see internal/http_session.h): read header, maybe answer
// "100 Continue", read body, run the handler on a worker, write, repeat or close.
#include "net/internal/http_session.h"

#include <atomic>
#include <exception>
#include <string_view>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/log.h"
#include "net/internal/websocket_session.h"

namespace pacificsoft::net::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

// Generous for JWT bearer tokens and cookies, small enough to bound an idle connection's memory.
constexpr std::uint32_t kHeaderLimit = 32 * 1024;
// After an error answer, how long unread request bytes are drained so the client gets to read
// the answer instead of a connection reset.
constexpr std::chrono::seconds kLingerTimeout{2};
// A buffer grown by a big request is given back once the connection is idle again.
constexpr std::size_t kIdleBufferCapacity = std::size_t{16} * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Shared by all copies of one Reply: enforces "exactly once" and answers 500 when the last copy
// goes away uncalled, so a handler bug cannot hang its connection.
class ReplyGuard {
 public:
  explicit ReplyGuard(std::shared_ptr<HttpSession> session) : session_(std::move(session)) {}
  ~ReplyGuard() {
    if (done_.load()) return;
    spdlog::warn("http: a handler dropped its reply; answering 500");
    session_->deliver(HttpResponse::empty(500));
  }
  ReplyGuard(const ReplyGuard&) = delete;
  ReplyGuard& operator=(const ReplyGuard&) = delete;

  void complete(HttpResponse response) {
    if (done_.exchange(true)) return;  // a second call is a handler bug; the first one stands
    session_->deliver(std::move(response));
  }

 private:
  std::shared_ptr<HttpSession> session_;
  std::atomic<bool> done_{false};
};

// Runs on a worker. Nothing may escape into the pool's thread, so exceptions become a 500
// (ignored by the guard if the handler had already answered).
void run_handler(const ServerCore& core, const HttpRequest& request, const Reply& reply) {
  try {
    if (core.static_files() && StaticFiles::handles(request)) {
      reply(core.static_files()->serve(request));
      return;
    }
    core.router().route(request, reply);
  } catch (const std::exception& e) {
    spdlog::error("http: handler for {} threw: {}", request.path, e.what());
    reply(HttpResponse::empty(500));
  } catch (...) {
    spdlog::error("http: handler for {} threw a non-exception", request.path);
    reply(HttpResponse::empty(500));
  }
}

bool is_parse_error(beast::error_code ec) {
  return ec.category() == beast::error_code(http::error::bad_method).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

HttpSession::HttpSession(std::shared_ptr<ServerCore> core, asio::ip::tcp::socket socket)
    : core_(std::move(core)), executor_(socket.get_executor()), stream_(std::move(socket)) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

HttpSession::~HttpSession() {
  if (id_ != 0) core_->remove_session(id_);
}

void HttpSession::start() {
  id_ = core_->add_session(weak_from_this());
  asio::dispatch(executor_, [self = shared_from_this()] { self->read_request(); });
}

void HttpSession::deliver(HttpResponse response) {
  (void)core_->post_unless_stopped([&] {
    asio::post(executor_, [self = shared_from_this(), response = std::move(response)]() mutable {
      self->write_response(std::move(response));
    });
  });
}

void HttpSession::shut_down(bool force) {
  asio::post(executor_, [self = shared_from_this(), force] {
    if (self->upgraded_) return;  // stop() reaches the WebSocketSession on its own
    self->closing_ = true;
    if (force || !self->busy_) self->close();
  });
}

void HttpSession::read_request() {
  if (closing_) return close();
  if (buffer_.size() == 0 && buffer_.capacity() > kIdleBufferCapacity) buffer_.shrink_to_fit();
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(core_->options().max_body_bytes);
  stream_.expires_after(kIdleTimeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  // Clients that ask (curl does for large bodies) wait for this before sending the body.
  auto expect = parser_->get().find(http::field::expect);
  if (expect == parser_->get().end() || !beast::iequals(expect->value(), "100-continue")) {
    return read_body();
  }
  asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                    [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                      if (write_ec) return self->close();
                      self->read_body();
                    });
}

void HttpSession::read_body() {
  if (parser_->is_done()) return on_read({});
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  stream_.expires_never();  // the handler may take long (long polls); no I/O is pending meanwhile
  if (websocket::is_upgrade(parser_->get()) && try_upgrade()) return;
  BeastRequest request = parser_->release();
  parser_.reset();
  version_ = request.version();
  keep_alive_ = request.keep_alive();
  head_ = request.method() == http::verb::head;
  Result<HttpRequest> converted = to_http_request(std::move(request), remote_address_);
  if (!converted) return answer_and_close(400);
  dispatch(std::move(converted).value());
}

// An upgrade to a path with no WebSocket endpoint (or while stopping) is served as plain HTTP,
// so the client sees the usual 404 rather than a failed handshake with no explanation.
bool HttpSession::try_upgrade() {
  if (closing_ || core_->stopping()) return false;
  Result<HttpRequest> converted = to_http_request(BeastRequest(parser_->get()), remote_address_);
  if (!converted) return false;
  PathParams params;
  std::shared_ptr<WebSocketHandler> handler =
      core_->router().find_websocket(converted->path, params);
  if (!handler) return false;
  upgraded_ = true;
  core_->remove_session(id_);
  id_ = 0;
  auto session =
      std::make_shared<WebSocketSession>(core_, std::move(stream_), std::move(converted).value(),
                                         std::move(params), std::move(handler));
  session->start(parser_->get());
  parser_.reset();
  return true;
}

void HttpSession::on_read_error(beast::error_code ec) {
  parser_.reset();
  if (ec == http::error::body_limit) return answer_and_close(413);
  if (ec == http::error::header_limit) return answer_and_close(431);
  if (is_parse_error(ec)) return answer_and_close(400);
  // End of stream, timeout, reset or a close by stop(): nothing to answer.
  if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted) {
    spdlog::debug("http: connection from {} ends: {}", remote_address_, ec.message());
  }
  close();
}

void HttpSession::dispatch(HttpRequest request) {
  busy_ = true;
  in_flight_.emplace(*core_);
  auto guard = std::make_shared<ReplyGuard>(shared_from_this());
  Reply reply = [guard](HttpResponse response) { guard->complete(std::move(response)); };
  asio::post(core_->workers(), [core = core_, request = std::move(request),
                                reply = std::move(reply)] { run_handler(*core, request, reply); });
}

void HttpSession::write_response(HttpResponse response) {
  bool keep_alive = keep_alive_ && !closing_ && !core_->stopping();
  response_.emplace(to_beast_response(std::move(response), version_, keep_alive, head_));
  stream_.expires_after(kIdleTimeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                      self->on_write(ec, keep_alive);
                    });
}

void HttpSession::on_write(beast::error_code ec, bool keep_alive) {
  response_.reset();
  in_flight_.reset();
  busy_ = false;
  if (ec || !keep_alive) return close();
  read_request();
}

void HttpSession::answer_and_close(int status) {
  busy_ = true;
  response_.emplace(to_beast_response(HttpResponse::empty(status), 11, false, false));
  stream_.expires_after(kIdleTimeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->response_.reset();
                      self->busy_ = false;
                      if (ec) return self->close();
                      self->linger_close();
                    });
}

void HttpSession::linger_close() {
  if (closing_) return close();
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  stream_.expires_after(kLingerTimeout);  // one deadline for the whole drain, however it trickles
  drain();
}

void HttpSession::drain() {
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec || self->closing_) return self->close();
                            self->drain();
                          });
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace pacificsoft::net::internal
