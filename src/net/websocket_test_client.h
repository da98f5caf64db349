// A WebSocket client (Beast) for the server tests only. Every operation runs asynchronously with
// a deadline, so a server bug fails the test instead of hanging it.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket.hpp>

namespace pacificsoft::net::testing {

class WsTestClient {
 public:
  using error_code = boost::beast::error_code;
  using HandshakeResponse = boost::beast::websocket::response_type;

  static constexpr std::chrono::seconds kTimeout{10};

  // Connects; `receive_buffer` > 0 shrinks the socket's receive buffer (for slow-reader tests).
  explicit WsTestClient(std::uint16_t port, int receive_buffer = 0) : ws_(io_context_) {
    auto& socket = ws_.next_layer();
    socket.open(boost::asio::ip::tcp::v4());
    if (receive_buffer > 0) {
      ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVBUF, &receive_buffer,
                   sizeof(receive_buffer));
    }
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  // The opening handshake; on failure `response` holds what the server answered instead.
  error_code handshake(const std::string& target, HandshakeResponse* response = nullptr) {
    HandshakeResponse ignored;
    HandshakeResponse& out = response != nullptr ? *response : ignored;
    return run([&](auto done) { ws_.async_handshake(out, "localhost", target, done); });
  }

  error_code send(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    return run([&](auto done) { ws_.async_write(boost::asio::buffer(text), done); });
  }

  // One message; nullopt when the connection ended (see error() and close_reason()).
  std::optional<std::string> read() {
    buffer_.consume(buffer_.size());
    error_ = run([&](auto done) { ws_.async_read(buffer_, done); });
    if (error_) return std::nullopt;
    return boost::beast::buffers_to_string(buffer_.data());
  }

  // Reads and discards until the connection ends; the close code the server sent, 0 if none.
  // The code counts even when the TCP teardown after the close frame then fails: Beast 1.81's
  // server teardown may close with unread bytes (e.g. the rest of an oversized message), which
  // resets the connection, and browsers report the received close code all the same.
  int read_until_closed() {
    while (read()) {
    }
    return ws_.reason().code;
  }

  error_code close(int code) {
    return run([&](auto done) {
      ws_.async_close(static_cast<boost::beast::websocket::close_code>(code), done);
    });
  }

  error_code error() const { return error_; }
  const boost::beast::websocket::close_reason& close_reason() const { return ws_.reason(); }

 private:
  // Starts one operation and runs the loop until it completes or the deadline passes (then the
  // socket is closed, which fails the operation).
  template <typename Start>
  error_code run(Start start) {
    error_code result;
    bool done = false;
    start([&](error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    io_context_.restart();
    io_context_.run_for(kTimeout);
    if (!done) {
      error_code ignored;
      ws_.next_layer().close(ignored);
      io_context_.restart();
      io_context_.run();
      return boost::asio::error::timed_out;
    }
    return result;
  }

  boost::asio::io_context io_context_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  boost::beast::flat_buffer buffer_;
  error_code error_;
};

}  // namespace pacificsoft::net::testing
