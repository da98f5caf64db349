// One HTTP/1.1 connection: reads a request, hands it to a worker, writes the reply when the
// handler calls it, then reads the next (keep-alive), or hands the socket to a WebSocketSession
// when the request upgrades to a registered WebSocket endpoint. Private to net/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include "net/http_types.h"
#include "net/internal/http_convert.h"
#include "net/internal/server_core.h"

namespace pacificsoft::net::internal {

// Lives as long as an async operation or a pending Reply holds it (shared_from_this).
// Every member runs on the connection's strand except deliver() and shut_down(), which post.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(std::shared_ptr<ServerCore> core, boost::asio::ip::tcp::socket socket);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Starts reading requests.
  void start();
  // Any thread: queues the response of the request in progress for writing.
  void deliver(HttpResponse response);
  // Any thread: closes once the request in progress is answered, or at once when `force`.
  void shut_down(bool force);

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void read_request();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_read(boost::beast::error_code ec);
  bool try_upgrade();
  void on_read_error(boost::beast::error_code ec);
  void dispatch(HttpRequest request);
  void write_response(HttpResponse response);
  void on_write(boost::beast::error_code ec, bool keep_alive);
  void answer_and_close(int status);
  void linger_close();
  void drain();
  void close();

  std::shared_ptr<ServerCore> core_;  // first, so the io_context outlives stream_
  // The strand, kept apart from stream_ because a WebSocket upgrade moves stream_ away.
  const boost::asio::any_io_executor executor_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;           // set while a request is being read
  std::optional<BeastResponse> response_;  // set while a response is being written
  std::optional<ServerCore::InFlight> in_flight_;
  std::string remote_address_;
  std::uint64_t id_ = 0;
  // About the request in progress, for its response.
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool busy_ = false;      // a request is with a handler or its response is being written
  bool closing_ = false;   // the server is stopping: answer what is in progress, read no more
  bool upgraded_ = false;  // a WebSocketSession owns the socket now; stream_ is moved-from
};

}  // namespace pacificsoft::net::internal
