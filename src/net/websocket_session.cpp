// The WebSocket connection's life (see internal/websocket_session.h): handshake, read loop with
// handler back-pressure, the bounded send queue, server- and client-initiated close, teardown.
#include "net/internal/websocket_session.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/log.h"

namespace pacificsoft::net::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// Messages read ahead of a lagging handler before the server stops reading from the client;
// with the message size limit this bounds the memory a slow handler lets a client use.
constexpr int kMaxPendingCallbacks = 16;
// Charged per queued frame on top of its text, so a flood of tiny frames is bounded too.
constexpr std::size_t kFrameOverhead = 64;
// A client gets this long to answer our close frame (or to take the frame we are stuck writing)
// before the socket is dropped.
constexpr std::chrono::seconds kCloseTimeout{3};
// A close frame's payload is 125 bytes: the 2-byte code and at most 123 bytes of reason.
constexpr std::size_t kMaxCloseReason = 123;
// The read buffer grows to the largest message; give the memory back after a big one.
constexpr std::size_t kIdleBufferCapacity = std::size_t{16} * 1024;

bool is_quiet_end(beast::error_code ec) {
  return !ec || ec == websocket::error::closed || ec == asio::error::operation_aborted ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == beast::error::timeout;
}

// Cuts at a UTF-8 character boundary: the close reason must be valid UTF-8 too.
std::string truncate_reason(std::string reason) {
  if (reason.size() <= kMaxCloseReason) return reason;
  std::size_t end = kMaxCloseReason;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  reason.resize(end);
  return reason;
}

}  // namespace

WebSocketSession::WebSocketSession(std::shared_ptr<ServerCore> core, beast::tcp_stream stream,
                                   HttpRequest request, PathParams params,
                                   std::shared_ptr<WebSocketHandler> handler)
    : core_(std::move(core)),
      executor_(stream.get_executor()),
      ws_(std::move(stream)),
      handler_strand_(asio::make_strand(core_->workers())),
      close_timer_(executor_),
      request_(std::move(request)),
      params_(std::move(params)),
      handler_(std::move(handler)) {}

WebSocketSession::~WebSocketSession() {
  if (id_ != 0) core_->remove_websocket(id_);
}

template <typename Fn>
void WebSocketSession::post_io(Fn&& fn) {
  // Once the server has stopped no loop runs: the work would never execute, only keep us alive.
  (void)core_->post_unless_stopped([&] {
    asio::post(executor_,
               [self = shared_from_this(), fn = std::forward<Fn>(fn)]() mutable { fn(*self); });
  });
}

// Runs `fn` on the worker strand. Nothing may escape into the pool's thread: a throwing
// callback is a handler bug, answered by closing its connection.
template <typename Fn>
void WebSocketSession::post_callback(Fn&& fn) {
  asio::post(handler_strand_, [self = shared_from_this(), fn = std::forward<Fn>(fn)]() mutable {
    try {
      fn(self);
    } catch (const std::exception& e) {
      spdlog::error("ws: handler for {} threw: {}", self->request_.path, e.what());
      self->close(ws_close::kInternalError, "internal error");
    } catch (...) {
      spdlog::error("ws: handler for {} threw a non-exception", self->request_.path);
      self->close(ws_close::kInternalError, "internal error");
    }
  });
}

void WebSocketSession::start(const BeastRequest& upgrade) {
  id_ = core_->add_websocket(weak_from_this());
  const HttpServerOptions& options = core_->options();
  // Beast's own timers replace the TCP stream's once the stream is a WebSocket.
  beast::get_lowest_layer(ws_).expires_never();
  // Pushes are small frames written as they come: Nagle would hold each behind the last ACK.
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  websocket::stream_base::timeout timeout =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeout.handshake_timeout = options.ws_idle_timeout;
  timeout.idle_timeout = options.ws_idle_timeout;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.read_message_max(options.ws_max_message_bytes);
  ws_.text(true);
  // A stop() that began before we registered did not see us: close like the others.
  if (core_->stopping()) close(ws_close::kGoingAway, "server shutting down");
  ws_.async_accept(upgrade,
                   [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) {
    // Beast has already answered a malformed handshake with 400; the handler never hears of it.
    spdlog::debug("ws: handshake from {} failed: {}", request_.remote_address, ec.message());
    return end(ec);
  }
  opened_ = true;
  open_ = std::make_unique<ServerCore::InFlight>(*core_);
  post_callback(
      [](const std::shared_ptr<WebSocketSession>& self) { self->handler_->on_open(self); });
  read_next();
  // A close requested during the handshake waited for the connection to open.
  bool requested = false;
  {
    std::lock_guard lock(mutex_);
    requested = close_request_.has_value();
  }
  if (requested) on_close_requested();
}

void WebSocketSession::read_next() {
  if (ended_ || reading_) return;
  // Back-pressure on the client: while the handler lags, leave new frames in the socket. Once
  // closing, keep reading: the client's close frame must get through.
  if (pending_callbacks_ >= kMaxPendingCallbacks && !closing_) {
    read_paused_ = true;
    return;
  }
  read_paused_ = false;
  reading_ = true;
  if (read_buffer_.size() == 0 && read_buffer_.capacity() > kIdleBufferCapacity) {
    read_buffer_.shrink_to_fit();
  }
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void WebSocketSession::on_read(beast::error_code ec) {
  reading_ = false;
  // Oversized messages and invalid UTF-8 end here too: Beast has already sent 1009 or 1007.
  if (ec) return end(ec);
  if (ended_) return;
  if (!ws_.got_text()) {
    read_buffer_.consume(read_buffer_.size());
    close(ws_close::kUnsupportedData, "binary frames are not supported");
    return read_next();
  }
  std::string text = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  if (!closing_) deliver(std::move(text));
  read_next();
}

void WebSocketSession::deliver(std::string text) {
  ++pending_callbacks_;
  post_callback([text = std::move(text)](const std::shared_ptr<WebSocketSession>& self) mutable {
    // Counted down even when on_message throws, so reading resumes.
    struct Done {
      const std::shared_ptr<WebSocketSession>& session;
      ~Done() {
        session->post_io([](WebSocketSession& s) { s.on_handled(); });
      }
    } done{self};
    self->handler_->on_message(self, std::move(text));
  });
}

void WebSocketSession::on_handled() {
  --pending_callbacks_;
  if (read_paused_ && pending_callbacks_ < kMaxPendingCallbacks) read_next();
}

void WebSocketSession::send(std::string text) {
  bool post_pump = false;
  bool overflow = false;
  {
    std::lock_guard lock(mutex_);
    if (!accepting_) return;
    std::size_t cost = text.size() + kFrameOverhead;
    // One frame larger than the whole limit still goes out when nothing else is queued, so a
    // big answer (a long history) is not refused outright; the bound is then that frame.
    if (queued_bytes_ != 0 && queued_bytes_ + cost > core_->options().ws_send_queue_bytes) {
      overflow = request_close_locked(
          {ws_close::kPolicyViolation, "send queue full: the client reads too slowly", false});
    } else {
      outbox_.push_back(std::move(text));
      queued_bytes_ += cost;
      post_pump = !pump_busy_;
      pump_busy_ = true;
    }
  }
  if (overflow) {
    spdlog::warn("ws: {} on {} reads too slowly; closing it", request_.remote_address,
                 request_.path);
    post_io([](WebSocketSession& self) { self.on_close_requested(); });
  }
  if (post_pump) post_io([](WebSocketSession& self) { self.pump(); });
}

void WebSocketSession::close(int code, std::string reason) {
  bool post = false;
  {
    std::lock_guard lock(mutex_);
    post = request_close_locked({code, truncate_reason(std::move(reason)), true});
  }
  if (post) post_io([](WebSocketSession& self) { self.on_close_requested(); });
}

bool WebSocketSession::request_close_locked(CloseRequest request) {
  if (!accepting_) return false;
  accepting_ = false;
  if (!request.flush) {
    outbox_.clear();
    queued_bytes_ = writing_bytes_;
  }
  close_request_ = std::move(request);
  return true;
}

void WebSocketSession::terminate() {
  post_io([](WebSocketSession& self) { self.end(asio::error::operation_aborted); });
}

void WebSocketSession::abandon() { end(asio::error::operation_aborted); }

void WebSocketSession::pump() {
  bool have_frame = false;
  {
    std::lock_guard lock(mutex_);
    if (!ended_ && !outbox_.empty()) {
      writing_ = std::move(outbox_.front());
      outbox_.pop_front();
      writing_bytes_ = writing_.size() + kFrameOverhead;
      have_frame = true;
    } else {
      pump_busy_ = false;
    }
  }
  if (have_frame) {
    ws_.async_write(
        asio::buffer(writing_),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
    return;
  }
  // The queue ran dry: a close that waited for it may go now.
  if (closing_) start_close_handshake();
}

void WebSocketSession::on_write(beast::error_code ec) {
  {
    std::lock_guard lock(mutex_);
    queued_bytes_ -= writing_bytes_;
    writing_bytes_ = 0;
  }
  writing_.clear();
  if (writing_.capacity() > kIdleBufferCapacity) writing_.shrink_to_fit();
  if (ec) end(ec);
  pump();  // after end() only clears pump_busy_
}

void WebSocketSession::on_close_requested() {
  if (ended_ || !opened_ || closing_) return;  // before the handshake: on_accept comes back
  closing_ = true;
  close_timer_.expires_after(kCloseTimeout);
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->end(beast::error::timeout);
  });
  read_next();  // reading may have been paused for a lagging handler
  bool wait_for_queue = false;
  {
    std::lock_guard lock(mutex_);
    wait_for_queue = pump_busy_ && close_request_->flush;
  }
  // Beast lets a close run alongside a write that a stuck client blocks, so an overflow does
  // not wait; a requested close waits for pump() to send what was queued before it.
  if (!wait_for_queue) start_close_handshake();
}

void WebSocketSession::start_close_handshake() {
  if (close_started_ || ended_) return;
  close_started_ = true;
  websocket::close_reason reason;
  {
    std::lock_guard lock(mutex_);
    reason = websocket::close_reason(static_cast<websocket::close_code>(close_request_->code),
                                     close_request_->reason);
  }
  // On success the peer has answered and Beast has shut the socket down.
  ws_.async_close(reason, [self = shared_from_this()](beast::error_code ec) { self->end(ec); });
}

void WebSocketSession::end(beast::error_code ec) {
  if (ended_) return;
  ended_ = true;
  if (!is_quiet_end(ec)) {
    spdlog::debug("ws: connection from {} ends: {}", request_.remote_address, ec.message());
  }
  {
    std::lock_guard lock(mutex_);
    accepting_ = false;
    outbox_.clear();
  }
  close_timer_.cancel();
  // Beast's timer (pings, handshake deadlines) would otherwise stay armed for up to the idle
  // timeout after the socket is gone, keeping the event loop and a kept connection busy.
  websocket::stream_base::timeout off{};
  off.handshake_timeout = websocket::stream_base::none();
  off.idle_timeout = websocket::stream_base::none();
  off.keep_alive_pings = false;
  ws_.set_option(off);
  beast::error_code ignored;
  beast::tcp_stream& tcp = beast::get_lowest_layer(ws_);
  tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  tcp.close();
  if (opened_) {
    // The InFlight goes with on_close, so stop() waits for the callback too.
    post_callback([open = std::move(open_)](const std::shared_ptr<WebSocketSession>& self) {
      self->handler_->on_close(self);
    });
  }
  core_->remove_websocket(id_);
  id_ = 0;
}

}  // namespace pacificsoft::net::internal
