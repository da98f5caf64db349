// A blocking HTTP/1.1 client over one TCP connection, for the server tests only. Reads time out
// after a few seconds so a server bug fails the test instead of hanging it.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <cstdint>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace pacificsoft::net::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : socket_(io_context_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{5, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }

  // Sends a request and reads its response (bodyless for HEAD). Sets Host; keeps alive unless
  // the caller sets "Connection: close".
  Response request(http::verb method, const std::string& target, std::string body = {},
                   const std::string& content_type = {}) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "localhost");
    if (!content_type.empty()) request.set(http::field::content_type, content_type);
    if (!body.empty() || method == http::verb::post) {
      request.body() = std::move(body);
      request.prepare_payload();
    }
    http::write(socket_, request);
    return read(method == http::verb::head);
  }

  Response get(const std::string& target) { return request(http::verb::get, target); }

  // Sends raw bytes, for requests a well-behaved client would not produce.
  void send_raw(const std::string& bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }

  Response read(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{64} * 1024 * 1024);
    parser.skip(head);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True when the server closed the connection (a read sees end of stream).
  bool closed_by_server() {
    char byte = 0;
    boost::system::error_code ec;
    socket_.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

  // Reads whatever arrives until the server closes, for raw exchanges.
  std::string read_until_closed() {
    std::string data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    char chunk[4096];
    boost::system::error_code ec;
    while (true) {
      std::size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec) return data;
      data.append(chunk, n);
    }
  }

 private:
  boost::asio::io_context io_context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace pacificsoft::net::testing
